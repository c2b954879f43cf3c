import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../metadata/pg-test-database';
import { registryContract } from './registry-contract';

const url = process.env.SPANLOOP_TEST_POSTGRES_URL;

// CI starts a private cluster (.ci/run); only a local run without one may skip.
if (!url && process.env.CI) {
  describe('model registry on PostgreSQL', () => {
    it('has a server in CI', () => expect(url, 'SPANLOOP_TEST_POSTGRES_URL is unset').toBeDefined());
  });
}

describe.skipIf(!url)(
  'model registry on PostgreSQL (skipped: set SPANLOOP_TEST_POSTGRES_URL, e.g. after `npm run postgres:start`)',
  () => {
    if (url) registryContract('PostgreSQL', async () => (await createTestDatabase(url)).open());
  },
);
