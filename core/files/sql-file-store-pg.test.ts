import { describe, expect, it } from 'vitest';
import { coreMetadataMigrations } from '../../schemas/postgres/core-migrations';
import { createWorkspace } from '../access/workspaces';
import { migrateMetadata } from '../metadata/migrate';
import { createTestDatabase } from '../metadata/pg-test-database';
import { fileStoreContract } from './contract';
import { createSqlFileStore } from './sql-file-store';

const url = process.env.SPANLOOP_TEST_POSTGRES_URL;

// CI starts a private cluster (.ci/run); only a local run without one may skip.
if (!url && process.env.CI) {
  describe('FileStore on PostgreSQL', () => {
    it('has a server in CI', () => expect(url, 'SPANLOOP_TEST_POSTGRES_URL is unset').toBeDefined());
  });
}

describe.skipIf(!url)(
  'FileStore on PostgreSQL (skipped: set SPANLOOP_TEST_POSTGRES_URL, e.g. after `npm run postgres:start`)',
  () => {
    if (url)
      fileStoreContract('PostgreSQL', async (limits) => {
        const database = await createTestDatabase(url);
        const db = await database.open();
        await migrateMetadata(db, coreMetadataMigrations);
        let n = 0;
        return {
          store: createSqlFileStore(db, limits),
          workspace: async () => {
            const ws = await createWorkspace(db, { name: `files-${n++}` });
            if (!ws) throw new Error('workspace not created');
            return ws.id;
          },
          close: async () => {
            await db.close();
            await database.dispose();
          },
        };
      });
  },
);
