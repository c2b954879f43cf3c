/**
 * One forward-only ClickHouse migration: a single statement (the HTTP interface runs one per request), written
 * with `IF NOT EXISTS` so that re-running it is harmless. Tables live in the connection's current database.
 */
export interface ClickHouseMigration {
  /** Strictly increasing within one owner's list. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** A named, ordered list of migrations; the owner ("core", a plugin's name) namespaces the versions. */
export interface ClickHouseMigrationSet {
  readonly owner: string;
  readonly migrations: readonly ClickHouseMigration[];
}

/** Records which versions of which owner are applied; created by the runner before anything else. */
export const schemaMigrationsTableSql = `CREATE TABLE IF NOT EXISTS schema_migrations
(
    Owner LowCardinality(String),
    Version UInt32,
    Name String,
    Checksum String,
    AppliedAt DateTime64(3) DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(AppliedAt)
ORDER BY (Owner, Version)`;
