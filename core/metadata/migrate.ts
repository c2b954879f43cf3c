import { createHash } from 'node:crypto';
import { z } from 'zod';
import { schemaMigrationsTableSql } from '../../schemas/postgres/migration';
import type { PostgresMigrationSet } from '../../schemas/postgres/migration';
import type { MetadataStore } from './types';

const AppliedRow = z.object({ version: z.number().int(), checksum: z.string() });

export interface MetadataMigrationReport {
  owner: string;
  applied: number[];
}

// Any constant works: it only has to be the same for every Spanloop process sharing one database.
const MIGRATION_LOCK = 0x5350414e;

const checksum = (statements: readonly string[]): string =>
  createHash('sha256').update(statements.join('\n;\n')).digest('hex');

const checkVersions = (set: PostgresMigrationSet) =>
  set.migrations.forEach((m, i) => {
    const previous = set.migrations[i - 1]?.version;
    if (!Number.isInteger(m.version) || m.version < 1 || (previous !== undefined && m.version <= previous))
      throw new Error(`migrations of ${set.owner} must have strictly increasing positive versions`);
  });

/**
 * Applies an owner's migrations that are not yet recorded, in version order, each in its own transaction with
 * its record. An advisory lock lets several processes start at once; a recorded migration whose text changed is
 * a bug (migrations are immutable once shipped) and throws.
 */
export async function migrateMetadata(
  store: MetadataStore,
  set: PostgresMigrationSet,
): Promise<MetadataMigrationReport> {
  checkVersions(set);
  const report: MetadataMigrationReport = { owner: set.owner, applied: [] };
  await store.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(schemaMigrationsTableSql);
  });
  for (const migration of set.migrations) {
    const sum = checksum(migration.statements);
    const applied = await store.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const rows = await tx.query(
        'SELECT version, checksum FROM schema_migrations WHERE owner = $1 AND version = $2',
        [set.owner, migration.version],
      );
      const recorded = rows[0] === undefined ? undefined : AppliedRow.parse(rows[0]);
      if (recorded !== undefined) {
        if (recorded.checksum !== sum)
          throw new Error(
            `migration ${set.owner}/${migration.version} (${migration.name}) changed after it was applied`,
          );
        return false;
      }
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query(
        'INSERT INTO schema_migrations (owner, version, name, checksum) VALUES ($1, $2, $3, $4)',
        [set.owner, migration.version, migration.name, sum],
      );
      return true;
    });
    if (applied) report.applied.push(migration.version);
  }
  return report;
}

/** The versions recorded for an owner, in order. */
export async function appliedVersions(store: MetadataStore, owner: string): Promise<number[]> {
  const rows = await store.query(
    'SELECT version, checksum FROM schema_migrations WHERE owner = $1 ORDER BY version',
    [owner],
  );
  return rows.map((r) => AppliedRow.parse(r).version);
}
