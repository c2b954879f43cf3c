import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../core/metadata/pg-test-database';
import { datasetStoreContract } from './dataset-store.test-kit';

const url = process.env.SPANLOOP_TEST_POSTGRES_URL;

// CI starts a private cluster (.ci/run); only a local run without one may skip.
if (!url && process.env.CI) {
  describe('DatasetStore on PostgreSQL', () => {
    it('has a server in CI', () => expect(url, 'SPANLOOP_TEST_POSTGRES_URL is unset').toBeDefined());
  });
}

if (url) datasetStoreContract('PostgreSQL', () => createTestDatabase(url));
