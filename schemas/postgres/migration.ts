/**
 * One forward-only metadata migration. Its statements run in one transaction with its record, so a migration is
 * applied entirely or not at all (PostgreSQL DDL is transactional, on PGlite too).
 */
export interface PostgresMigration {
  /** Strictly increasing within one owner's list. */
  readonly version: number;
  readonly name: string;
  /** One statement each: the same text runs on PGlite and on a PostgreSQL server. */
  readonly statements: readonly string[];
}

/** A named, ordered list of migrations; the owner ("core", a plugin's name) namespaces the versions. */
export interface PostgresMigrationSet {
  readonly owner: string;
  readonly migrations: readonly PostgresMigration[];
}

/** Records which versions of which owner are applied; created by the runner before anything else. */
export const schemaMigrationsTableSql = `CREATE TABLE IF NOT EXISTS schema_migrations (
  owner text NOT NULL,
  version integer NOT NULL,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (owner, version)
)`;
