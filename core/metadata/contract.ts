import { afterEach, describe, expect, it } from 'vitest';
import type { PostgresMigrationSet } from '../../schemas/postgres/migration';
import { appliedVersions, migrateMetadata } from './migrate';
import type { MetadataStore } from './types';

/** A database the suite may open, close and open again; `dispose` removes it. */
export interface TestDatabase {
  open(): Promise<MetadataStore>;
  dispose(): Promise<void>;
}

const notes = (owner: string, extra: PostgresMigrationSet['migrations'] = []): PostgresMigrationSet => ({
  owner,
  migrations: [
    {
      version: 1,
      name: 'notes',
      statements: [
        `CREATE TABLE ${owner}_notes (id integer PRIMARY KEY, body text NOT NULL, tags text[] NOT NULL DEFAULT '{}', doc jsonb, at timestamptz NOT NULL DEFAULT now())`,
        `CREATE INDEX ${owner}_notes_body ON ${owner}_notes (body)`,
      ],
    },
    ...extra,
  ],
});

/** One suite for every MetadataStore implementation: run by pglite.test.ts and pg.test.ts. */
export const metadataStoreContract = (name: string, database: () => Promise<TestDatabase>) =>
  describe(`MetadataStore on ${name}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    const fresh = async () => {
      const db = await database();
      const store = await db.open();
      cleanups.push(
        () => db.dispose(),
        () => store.close(),
      );
      return { db, store };
    };
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    it('binds parameters and returns the same value types on every engine', async () => {
      const { store } = await fresh();
      const at = new Date('2026-01-02T03:04:05.678Z');
      const [row] = await store.query(
        `SELECT $1::text AS t, $2::integer AS i, $3::bigint AS big, count(*) AS n, $4::boolean AS b,
                $5::timestamptz AS at, $6::jsonb AS doc, $7::text[] AS list, NULL::text AS nothing`,
        ['x', 42, 9_007_199_254_740_991, true, at, { a: [1, 'two'] }, ['p', 'q']],
      );
      expect(row).toEqual({
        t: 'x',
        i: 42,
        big: 9_007_199_254_740_991,
        n: 1,
        b: true,
        at,
        doc: { a: [1, 'two'] },
        list: ['p', 'q'],
        nothing: null,
      });
    });

    it('stores SQL-looking values verbatim: parameters are never spliced into the text', async () => {
      const { store } = await fresh();
      await migrateMetadata(store, notes('t1'));
      const evil = `x'); DROP TABLE t1_notes; --`;
      await store.query('INSERT INTO t1_notes (id, body) VALUES ($1, $2)', [1, evil]);
      expect(await store.query('SELECT body FROM t1_notes WHERE body = $1', [evil])).toEqual([
        { body: evil },
      ]);
    });

    it('commits a transaction that resolves and rolls back one that throws', async () => {
      const { store } = await fresh();
      await migrateMetadata(store, notes('t2'));
      const id = await store.transaction(async (tx) => {
        const [r] = await tx.query('INSERT INTO t2_notes (id, body) VALUES (1, $1) RETURNING id', ['kept']);
        return r?.id;
      });
      expect(id).toBe(1);
      await expect(
        store.transaction(async (tx) => {
          await tx.query('INSERT INTO t2_notes (id, body) VALUES (2, $1)', ['lost']);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      await expect(
        store.transaction((tx) => tx.query('INSERT INTO t2_notes (id, body) VALUES (1, $1)', ['duplicate'])),
      ).rejects.toThrow();
      expect(await store.query('SELECT id, body FROM t2_notes ORDER BY id')).toEqual([
        { id: 1, body: 'kept' },
      ]);
    });

    it('serves queries issued while a transaction runs', async () => {
      const { store } = await fresh();
      await migrateMetadata(store, notes('t3'));
      const inside = store.transaction(async (tx) => {
        await tx.query('INSERT INTO t3_notes (id, body) VALUES (1, $1)', ['a']);
        await new Promise((r) => setTimeout(r, 20));
        await tx.query('INSERT INTO t3_notes (id, body) VALUES (2, $1)', ['b']);
      });
      const outside = Promise.all(
        Array.from({ length: 5 }, () => store.query('SELECT count(*) AS n FROM t3_notes')),
      );
      await inside;
      for (const [row] of await outside) expect([0, 2]).toContain(row?.n);
      expect(await store.query('SELECT count(*) AS n FROM t3_notes')).toEqual([{ n: 2 }]);
    });

    it('applies migrations once, in order, per owner, and keeps them across reopening', async () => {
      const { db, store } = await fresh();
      const more = notes('alpha', [
        {
          version: 2,
          name: 'pinned',
          statements: ['ALTER TABLE alpha_notes ADD COLUMN pinned boolean NOT NULL DEFAULT false'],
        },
      ]);
      expect(await migrateMetadata(store, more)).toEqual({ owner: 'alpha', applied: [1, 2] });
      // Another owner may use the same version numbers.
      expect(await migrateMetadata(store, notes('beta'))).toEqual({ owner: 'beta', applied: [1] });
      expect(await migrateMetadata(store, more)).toEqual({ owner: 'alpha', applied: [] });
      await store.close();
      const again = await db.open();
      cleanups.push(() => again.close());
      expect(await migrateMetadata(again, more)).toEqual({ owner: 'alpha', applied: [] });
      expect(await appliedVersions(again, 'alpha')).toEqual([1, 2]);
      expect(await again.query('SELECT pinned FROM alpha_notes')).toEqual([]);
    });

    it('applies a set once when several processes migrate at the same moment', async () => {
      const { store } = await fresh();
      const reports = await Promise.all([1, 2, 3].map(() => migrateMetadata(store, notes('race'))));
      expect(reports.flatMap((r) => r.applied)).toEqual([1]);
    });

    it('rolls back a failing migration entirely and records nothing', async () => {
      const { store } = await fresh();
      const broken = notes('gamma', [
        {
          version: 2,
          name: 'broken',
          statements: ['CREATE TABLE gamma_extra (id integer)', 'SELECT no_such_column FROM gamma_notes'],
        },
      ]);
      await expect(migrateMetadata(store, broken)).rejects.toThrow();
      expect(await appliedVersions(store, 'gamma')).toEqual([1]);
      expect(await store.query(`SELECT to_regclass('gamma_extra') AS t`)).toEqual([{ t: null }]);
    });

    it('refuses a migration whose text changed after it was applied, and versions out of order', async () => {
      const { store } = await fresh();
      await migrateMetadata(store, notes('delta'));
      const changed: PostgresMigrationSet = {
        owner: 'delta',
        migrations: [{ version: 1, name: 'notes', statements: ['CREATE TABLE delta_other (id integer)'] }],
      };
      await expect(migrateMetadata(store, changed)).rejects.toThrow(/changed after it was applied/);
      const unordered: PostgresMigrationSet = {
        owner: 'epsilon',
        migrations: [
          { version: 2, name: 'b', statements: ['SELECT 1'] },
          { version: 1, name: 'a', statements: ['SELECT 1'] },
        ],
      };
      await expect(migrateMetadata(store, unordered)).rejects.toThrow(/strictly increasing/);
    });

    it('closes idempotently', async () => {
      const { store } = await fresh();
      await store.close();
      await store.close();
    });
  });
