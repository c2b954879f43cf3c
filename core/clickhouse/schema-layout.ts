import { schemaMigrationsTableSql } from '../../schemas/clickhouse/migration';
import type { ClickHouseMigration } from '../../schemas/clickhouse/migration';
import type { StatementSettings } from './executor';

/**
 * How the one migration source lands on ClickHouse: as written on a single server, or transformed for a
 * cluster. The migration runner records the source migration, so its checksum is the same in every layout.
 */
export interface SchemaLayout {
  /** DDL of the table recording applied migrations. */
  readonly ledgerSql: string;
  /** The statements one source migration becomes, run in order (each one idempotent). */
  statements(migration: ClickHouseMigration): readonly string[];
  /** Settings every request on this layout needs (the server executor sends them with each one). */
  readonly sessionSettings: StatementSettings;
}

/** One server (or the embedded engine): every migration runs exactly as written. */
export const singleServerLayout: SchemaLayout = {
  ledgerSql: schemaMigrationsTableSql,
  statements: (migration) => [migration.sql],
  sessionSettings: {},
};
