import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger';
import { metadataStoreContract } from './contract';
import { openPgStore } from './pg';
import { createTestDatabase } from './pg-test-database';

const url = process.env.SPANLOOP_TEST_POSTGRES_URL;

// CI starts a private cluster (.ci/run); only a local run without one may skip.
if (!url && process.env.CI) {
  describe('PostgreSQL metadata store', () => {
    it('has a server in CI', () => expect(url, 'SPANLOOP_TEST_POSTGRES_URL is unset').toBeDefined());
  });
}

if (url) metadataStoreContract('PostgreSQL', () => createTestDatabase(url));

describe.skipIf(!url)(
  'PostgreSQL metadata store (skipped: set SPANLOOP_TEST_POSTGRES_URL, e.g. after `npm run postgres:start`)',
  () => {
    it('fails to open with a clear error when the server refuses', async () => {
      const bad = new URL(url ?? 'postgres://127.0.0.1');
      bad.pathname = '/no_such_database_here';
      await expect(openPgStore({ url: bad.toString(), logger: silentLogger })).rejects.toThrow(
        /does not exist/,
      );
    });
  },
);
