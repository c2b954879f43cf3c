import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ClickHouseMigrationSet } from '../../schemas/clickhouse/migration';
import type { ClickHouseExecutor } from './executor';
import { singleServerLayout } from './schema-layout';
import type { SchemaLayout } from './schema-layout';

const AppliedRow = z.object({ Version: z.number().int(), Checksum: z.string() });

export interface MigrationReport {
  owner: string;
  applied: number[];
}

const checksum = (sql: string): string => createHash('sha256').update(sql).digest('hex');

/**
 * Applies an owner's migrations that are not yet recorded, in version order. Forward-only and idempotent: every
 * statement is `IF NOT EXISTS`, so a crash between a statement and its record is repaired by the next run.
 * A recorded migration whose text changed is a bug (migrations are immutable once shipped) and throws.
 * The layout decides the statements each migration becomes (a cluster's replicated and Distributed tables).
 */
export const migrate = async (
  executor: ClickHouseExecutor,
  set: ClickHouseMigrationSet,
  layout: SchemaLayout = singleServerLayout,
): Promise<MigrationReport> => {
  const versions = set.migrations.map((m) => m.version);
  versions.forEach((v, i) => {
    const previous = versions[i - 1];
    if (!Number.isInteger(v) || v < 1 || (previous !== undefined && v <= previous))
      throw new Error(`migrations of ${set.owner} must have strictly increasing positive versions`);
  });

  await executor.command(layout.ledgerSql);
  const rows = await executor.query(
    'SELECT Version, argMax(Checksum, AppliedAt) AS Checksum FROM schema_migrations WHERE Owner = {owner:String} GROUP BY Version',
    { owner: set.owner },
  );
  const applied = new Map(rows.map((r) => AppliedRow.parse(r)).map((r) => [r.Version, r.Checksum]));

  const report: MigrationReport = { owner: set.owner, applied: [] };
  for (const migration of set.migrations) {
    const sum = checksum(migration.sql);
    const recorded = applied.get(migration.version);
    if (recorded !== undefined) {
      if (recorded !== sum)
        throw new Error(
          `migration ${set.owner}/${migration.version} (${migration.name}) changed after it was applied`,
        );
      continue;
    }
    for (const statement of layout.statements(migration)) await executor.command(statement);
    await executor.insert({
      table: 'schema_migrations',
      body: Buffer.from(
        `${JSON.stringify({ Owner: set.owner, Version: migration.version, Name: migration.name, Checksum: sum })}\n`,
      ),
    });
    report.applied.push(migration.version);
  }
  return report;
};
