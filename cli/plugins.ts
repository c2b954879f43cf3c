import type { OtlpIngest } from '../collector/otlp-ingest';
import { DEFAULT_WORKSPACE_ID, workspaceById } from '../core/access/workspaces';
import type { Authenticate } from '../core/access/principal';
import { AppError } from '../core/app-error';
import { createInProcessBus } from '../core/bus/in-process-bus';
import type { SpanBus } from '../core/bus/types';
import type { ClickHouseExecutor } from '../core/clickhouse/executor';
import { createIngester } from '../core/ingester';
import type { Logger } from '../core/logger';
import type { MetadataStore, SqlClient } from '../core/metadata/types';
import type { MetricsRegistry } from '../core/metrics/registry';
import type { ModelGateway } from '../core/model-gateway/types';
import type { EgressPolicy } from '../core/egress/types';
import type { FileStore } from '../core/files/types';
import type { Sandbox } from '../core/sandbox';
import type { DeliverOtlp } from '../core/self-telemetry/loopback-exporter';
import type { SpanStore } from '../core/span-store/types';
import { createPluginHost, loadPluginModule, type PluginEntry, type PluginHost } from '../plugins/host';
import type { Plugin } from '../plugins/sdk';
import { COMPONENTS, DOCUMENTED_OPERATIONS } from '../query/openapi';
import type { Config } from '../schemas/config';

/** Until a model gateway is wired, plugins get one that says so. */
export const NO_MODEL_GATEWAY: ModelGateway = {
  chat: () => Promise.reject(new AppError('unavailable', 'no model gateway')),
  stream: () => ({
    [Symbol.asyncIterator]: () => ({
      next: () => Promise.reject(new AppError('unavailable', 'no model gateway')),
    }),
  }),
};

/** First path segments under /api/v1 that Spanloop's own API serves: no plugin may be named after one. */
export const reservedPluginNames = (): Set<string> =>
  new Set(
    DOCUMENTED_OPERATIONS.flatMap((op) => {
      const segment = /^\/api\/v1\/([^/{]+)/.exec(op.path)?.[1];
      return segment === undefined ? [] : [segment.replace(/\.json$/, '')];
    }),
  );

/**
 * Delivers plugin spans (OTLP/protobuf) through `ingest` into their workspace, with its retention. An unknown
 * workspace or a refused export rejects, and the exporter counts it.
 */
export const deliverThrough =
  (ingest: OtlpIngest, sql: SqlClient): DeliverOtlp =>
  async (workspaceId, request) => {
    const workspace = await workspaceById(sql, workspaceId);
    if (workspace === undefined) throw new Error(`workspace ${workspaceId} does not exist`);
    const outcome = await ingest(
      { workspaceId: workspace.id, retentionDays: workspace.retentionDays ?? 0 },
      request,
      'protobuf',
    );
    if (!outcome.ok) throw outcome.error;
    if (outcome.value !== undefined && outcome.value.rejectedSpans > 0)
      throw new Error(`${outcome.value.rejectedSpans} spans refused: ${outcome.value.errorMessage}`);
  };

/** A bus opened on first publish: a query process connects to Kafka only once a plugin writes a span. */
export function lazyBus(open: () => Promise<SpanBus>): SpanBus {
  let opened: Promise<SpanBus> | undefined;
  const get = () => (opened ??= open());
  return {
    publish: async (batch) => (await get()).publish(batch),
    consume: () => {
      throw new Error('a lazily opened bus only publishes');
    },
    depth: () => 0,
    close: async () => {
      if (opened !== undefined) await (await opened).close();
    },
  };
}

/** A process without a bus of its own (query on the embedded bus) writes plugin spans straight to its store. */
export function storeWriterBus(config: Config, store: Pick<SpanStore, 'insert'>, logger: Logger): SpanBus {
  const bus = createInProcessBus({
    maxQueuedSpans: config.queue.maxSpans,
    maxBatchSpans: config.queue.maxBatchSpans,
    retryAfterSeconds: config.queue.retryAfterSeconds,
    logger,
  });
  bus.consume(createIngester(store));
  return bus;
}

export interface PluginsWiring {
  config: Config;
  logger: Logger;
  metrics: MetricsRegistry;
  metadata: MetadataStore;
  engine: { store: SpanStore; executor: ClickHouseExecutor };
  authenticate: Authenticate;
  models: ModelGateway;
  sandbox: Sandbox;
  files: FileStore;
  egress: EgressPolicy;
  /** Where plugin spans enter the backbone: the role's own OTLP ingest path. */
  ingest: OtlpIngest;
  builtins: readonly Plugin[];
  /** Relative plugin paths in the configuration are resolved against it. */
  cwd: string;
}

/**
 * Loads the built-in plugins and those the configuration names, and starts them. A module that is not a valid
 * plugin stops the start with an error naming it; a plugin that fails to migrate or start is only marked failed.
 */
export async function startPlugins(w: PluginsWiring): Promise<PluginHost> {
  // `{ module: 'builtin:<name>', options }` configures a built-in plugin instead of loading a module.
  const builtinOptions = new Map(
    w.config.plugins.flatMap((p) =>
      p.module.startsWith('builtin:') ? [[p.module.slice(8), p.options]] : [],
    ),
  );
  const entries: PluginEntry[] = w.builtins.map((plugin) => ({
    plugin,
    source: 'builtin',
    ...(builtinOptions.has(plugin.name) ? { options: builtinOptions.get(plugin.name) } : {}),
  }));
  for (const { module, options } of w.config.plugins)
    if (!module.startsWith('builtin:'))
      entries.push({ plugin: await loadPluginModule(module, w.cwd), source: module, options });
  const host = createPluginHost({
    logger: w.logger,
    metrics: w.metrics,
    metadata: w.metadata,
    spans: w.engine.store,
    clickhouse: w.engine.executor,
    models: w.models,
    sandbox: w.sandbox,
    files: w.files,
    egress: w.egress,
    authenticate: w.authenticate,
    deliver: deliverThrough(w.ingest, w.metadata),
    defaultWorkspaceId: DEFAULT_WORKSPACE_ID,
    reservedNames: reservedPluginNames(),
    reservedOpenApi: {
      components: Object.keys(COMPONENTS),
      operationIds: DOCUMENTED_OPERATIONS.map((op) => op.operationId),
    },
  });
  await host.start(entries);
  return host;
}
