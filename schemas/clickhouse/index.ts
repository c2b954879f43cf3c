export type { ClickHouseMigration, ClickHouseMigrationSet } from './migration';
export { schemaMigrationsTableSql } from './migration';
export { spanMigrations, spanTables } from './span-migrations';
