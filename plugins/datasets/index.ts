import { definePlugin, type PluginContext } from '../sdk/index';
import {
  COZELOOP_EVALUATION_SET_COMPONENTS,
  COZELOOP_EVALUATION_SET_OPERATIONS,
} from './cozeloop-operations';
import { cozeloopEvaluationSetRoutes } from './cozeloop-routes';
import { FROM_TRACES_COMPONENTS, FROM_TRACES_OPERATIONS } from './from-traces-operations';
import { DEFAULT_READ_LIMITS } from './io/formats';
import { ioRoutes } from './io-routes';
import { IO_COMPONENTS, IO_OPERATIONS } from './io-operations';
import { createDatasetImports, MAX_IMPORT_BYTES, type DatasetImports } from './jobs';
import { startJobRunner, type JobRunner } from './jobs-runner';
import { jobsTable } from './jobs-store';
import { datasetMigrations } from './migrations';
import { DATASET_OPERATIONS } from './operations';
import { datasetsOptionsOf, openDatasetStore } from './plugin-store';
import { datasetRoutes } from './routes';
import { fromTracesRoutes } from './trace-routes';
import { DATASET_COMPONENTS } from './view-schemas';

/**
 * The datasets plugin: evaluation sets with a typed schema, items and turns, immutable versions (MVCC rows),
 * imports and exports, items from traces; Spanloop's REST API under /api/v1/datasets and Cozeloop's
 * evaluation-set OpenAPI under /v1/loop/evaluation/evaluation_sets.
 */
export function createDatasetsPlugin() {
  // One set of services per metadata store (a process hosting the plugin; `rootRoutes` gets a copy of the context,
  // the store is the same object); the import runner of each is stopped on stop.
  const wired = new WeakMap<object, { imports: DatasetImports; runner?: JobRunner }>();
  const runners = new Set<JobRunner>();
  const wiring = (ctx: PluginContext) => {
    let w = wired.get(ctx.sql);
    if (w === undefined) {
      const store = openDatasetStore(ctx);
      const entry: { imports: DatasetImports; runner?: JobRunner } = {
        imports: createDatasetImports({ sql: ctx.sql, store, queued: () => entry.runner?.wake() }),
      };
      w = entry;
      wired.set(ctx.sql, w);
    }
    return w;
  };
  return definePlugin({
    name: 'datasets',
    migrations: { postgres: datasetMigrations },
    routes(app, ctx) {
      datasetRoutes(app, openDatasetStore(ctx));
      fromTracesRoutes(app, { store: openDatasetStore(ctx), spans: ctx.spans });
      ioRoutes(app, { store: openDatasetStore(ctx), imports: wiring(ctx).imports });
    },
    rootRoutes(app, ctx) {
      cozeloopEvaluationSetRoutes(app, {
        store: openDatasetStore(ctx),
        imports: wiring(ctx).imports,
        authenticate: ctx.authenticate,
        logger: ctx.logger,
      });
    },
    start(ctx) {
      const runner = startJobRunner({
        sql: ctx.sql,
        jobs: jobsTable(ctx.sql),
        store: openDatasetStore(ctx),
        files: ctx.files,
        egress: ctx.egress,
        limits: DEFAULT_READ_LIMITS,
        itemLimits: datasetsOptionsOf(ctx),
        maxFileBytes: MAX_IMPORT_BYTES,
        logger: ctx.logger,
      });
      wiring(ctx).runner = runner;
      runners.add(runner);
      return Promise.resolve();
    },
    async stop() {
      const all = [...runners];
      runners.clear();
      await Promise.all(all.map((r) => r.stop()));
    },
    openapi: {
      description:
        'Datasets (evaluation sets) with a typed schema, items and turns, immutable versions and diffs, items ' +
        'from traces; file import and export as background jobs; Cozeloop’s evaluation-set OpenAPI under ' +
        '/v1/loop/evaluation/evaluation_sets',
      components: {
        ...DATASET_COMPONENTS,
        ...COZELOOP_EVALUATION_SET_COMPONENTS,
        ...FROM_TRACES_COMPONENTS,
        ...IO_COMPONENTS,
      },
      operations: [...DATASET_OPERATIONS, ...FROM_TRACES_OPERATIONS, ...IO_OPERATIONS],
      rootOperations: [...COZELOOP_EVALUATION_SET_OPERATIONS],
    },
  });
}

export default createDatasetsPlugin();
