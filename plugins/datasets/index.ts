import { definePlugin } from '../sdk/index';
import {
  COZELOOP_EVALUATION_SET_COMPONENTS,
  COZELOOP_EVALUATION_SET_OPERATIONS,
} from './cozeloop-operations';
import { cozeloopEvaluationSetRoutes } from './cozeloop-routes';
import { FROM_TRACES_COMPONENTS, FROM_TRACES_OPERATIONS } from './from-traces-operations';
import { datasetMigrations } from './migrations';
import { openDatasetStore } from './plugin-store';
import { fromTracesRoutes } from './trace-routes';

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
      fromTracesRoutes(app, { store: openDatasetStore(ctx), spans: ctx.spans });
    },
    rootRoutes(app, ctx) {
      cozeloopEvaluationSetRoutes(app, {
        store: openDatasetStore(ctx),
        authenticate: ctx.authenticate,
        logger: ctx.logger,
      });
    },
    openapi: {
      description:
        'Datasets (evaluation sets) with a typed schema, versions and items from traces; Cozeloop’s ' +
        'evaluation-set OpenAPI under /v1/loop/evaluation/evaluation_sets',
      components: { ...COZELOOP_EVALUATION_SET_COMPONENTS, ...FROM_TRACES_COMPONENTS },
      operations: [...FROM_TRACES_OPERATIONS],
      rootOperations: [...COZELOOP_EVALUATION_SET_OPERATIONS],
    },
  });
}

export default createDatasetsPlugin();
