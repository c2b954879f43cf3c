export type { MetadataStore, SqlClient, SqlRow, SqlValue } from './types';
export { openPgliteStore } from './pglite';
export { openPgStore, type PgStoreOptions } from './pg';
export { appliedVersions, migrateMetadata, type MetadataMigrationReport } from './migrate';
