import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openChdbSpanStore } from './chdb-span-store';
import { spanStoreContract } from './contract';

// chdb binds one data folder per process; vitest runs each test file in its own fork.
const path = join(mkdtempSync(join(tmpdir(), 'spanloop-chdb-')), 'clickhouse');

spanStoreContract('chdb (embedded executor pool)', () => openChdbSpanStore({ path, readers: 2 }));
