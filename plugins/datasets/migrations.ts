import type { PostgresMigration } from '../sdk/index';

/** The datasets plugin's metadata (owner `plugin:datasets`). */
export const datasetMigrations: readonly PostgresMigration[] = [];
