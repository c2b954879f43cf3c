import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgliteStore } from '../../core/metadata/pglite';
import { datasetStoreContract } from './dataset-store.test-kit';

datasetStoreContract('PGlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spanloop-datasets-'));
  return Promise.resolve({
    open: () => openPgliteStore({ path: join(dir, 'postgres') }),
    dispose: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  });
});
