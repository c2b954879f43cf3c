import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgliteStore } from '../metadata/pglite';
import { registryContract } from './registry-contract';

registryContract('PGlite', () =>
  openPgliteStore({ path: join(mkdtempSync(join(tmpdir(), 'spanloop-registry-')), 'postgres') }),
);
