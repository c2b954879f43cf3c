import { definePlugin } from '../sdk/index';
import { datasetMigrations } from './migrations';

/**
 * The datasets plugin: evaluation sets with a typed schema, items and turns, immutable versions (MVCC rows),
 * imports and exports, items from traces; Spanloop's REST API under /api/v1/datasets and Cozeloop's
 * evaluation-set OpenAPI under /v1/loop/evaluation/evaluation_sets.
 */
export function createDatasetsPlugin() {
  return definePlugin({
    name: 'datasets',
    migrations: { postgres: datasetMigrations },
  });
}

export default createDatasetsPlugin();
