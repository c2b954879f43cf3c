import { definePlugin } from '../sdk/index';
import { datasetMigrations } from './migrations';
import { DATASET_OPERATIONS } from './operations';
import { openDatasetStore } from './plugin-store';
import { datasetRoutes } from './routes';
import { DATASET_COMPONENTS } from './view-schemas';

/**
 * The datasets plugin: evaluation sets with a typed schema, items and turns, immutable versions (MVCC rows),
 * imports and exports, items from traces; Spanloop's REST API under /api/v1/datasets and Cozeloop's
 * evaluation-set OpenAPI under /v1/loop/evaluation/evaluation_sets.
 */
export function createDatasetsPlugin() {
  return definePlugin({
    name: 'datasets',
    migrations: { postgres: datasetMigrations },
    routes(app, ctx) {
      const store = openDatasetStore(ctx);
      datasetRoutes(app, store);
    },
    openapi: {
      description:
        'Datasets (evaluation sets) with a typed schema, items and turns, immutable versions and diffs',
      components: { ...DATASET_COMPONENTS },
      operations: [...DATASET_OPERATIONS],
    },
  });
}

export default createDatasetsPlugin();
