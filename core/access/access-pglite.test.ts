import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgliteStore } from '../metadata/pglite';
import { accessContract } from './contract';

accessContract('PGlite', () =>
  openPgliteStore({ path: join(mkdtempSync(join(tmpdir(), 'spanloop-access-')), 'postgres') }),
);
