import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { silentLogger } from '../logger';
import { openPgStore } from './pg';
import type { TestDatabase } from './contract';

/** A new, empty database on the test server; dispose drops it. */
export async function createTestDatabase(serverUrl: string): Promise<TestDatabase & { url: string }> {
  const name = `spanloop_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const dbUrl = new URL(serverUrl);
  dbUrl.pathname = `/${name}`;
  return {
    url: dbUrl.toString(),
    open: () => openPgStore({ url: dbUrl.toString(), logger: silentLogger }),
    dispose: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
