import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sqlFailure } from '../storage-failure';
import { lockFolder } from './folder-lock';
import type { MetadataStore, SqlClient, SqlRow, SqlValue } from './types';

type Queryable = Pick<PGlite, 'query'>;

const clientOf = (db: Queryable): SqlClient => ({
  query: async (sql: string, params: readonly SqlValue[] = []) => {
    try {
      return (await db.query<SqlRow>(sql, [...params])).rows;
    } catch (e) {
      throw sqlFailure(e);
    }
  },
});

/**
 * The embedded metadata store: PostgreSQL in process (PGlite), data in `path`. One instance per folder and
 * process, never shared through a socket: PGlite has a single backend.
 */
export async function openPgliteStore(opts: { path: string }): Promise<MetadataStore> {
  mkdirSync(dirname(opts.path), { recursive: true });
  const lock = lockFolder(`${opts.path}.lock`);
  let db: PGlite;
  try {
    db = await PGlite.create(opts.path);
  } catch (e) {
    lock.release();
    throw e;
  }
  let closed: Promise<void> | undefined;
  return {
    ...clientOf(db),
    transaction: (fn) => db.transaction((tx) => fn(clientOf(tx))),
    close: () =>
      (closed ??= db.close().finally(() => {
        lock.release();
      })),
  };
}
