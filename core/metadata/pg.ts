import pg from 'pg';
import type { Logger } from '../logger';
import { sqlFailure } from '../storage-failure';
import type { MetadataStore, SqlClient, SqlRow, SqlValue } from './types';

const INT8 = 20;

// int8 (counts, sums) as a number, the way PGlite returns it; set per pool so the global pg parsers stay as they are.
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
    oid === INT8
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

const clientOf = (db: pg.Pool | pg.PoolClient): SqlClient => ({
  query: async (sql: string, params: readonly SqlValue[] = []) => {
    try {
      return (await db.query<SqlRow>({ text: sql, values: [...params], types })).rows;
    } catch (e) {
      throw sqlFailure(e);
    }
  },
});

export interface PgStoreOptions {
  url: string;
  /** Connections in the pool (10). */
  maxConnections?: number;
  logger: Logger;
}

/** The scaled metadata store: a PostgreSQL server through a `pg` connection pool. */
export async function openPgStore(opts: PgStoreOptions): Promise<MetadataStore> {
  const pool = new pg.Pool({ connectionString: opts.url, max: opts.maxConnections ?? 10 });
  // An idle connection the server dropped must not take the process down; the next query reconnects.
  pool.on('error', (e) => opts.logger.warn('idle PostgreSQL connection failed', { error: e.message }));
  try {
    await pool.query('SELECT 1');
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw e;
  }
  let closed: Promise<void> | undefined;
  return {
    ...clientOf(pool),
    transaction: async (fn) => {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn(clientOf(client));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        // A connection that cannot even roll back is discarded rather than returned to the pool.
        await client.query('ROLLBACK').catch(() => (broken = true));
        throw e;
      } finally {
        client.release(broken);
      }
    },
    close: () => (closed ??= pool.end()),
  };
}
