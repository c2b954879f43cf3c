import { join } from 'node:path';
import { startGrpcReceiver } from '../collector/grpc-receiver';
import { startHttpReceiver } from '../collector/http-receiver';
import { createInProcessBus } from '../core/bus/in-process-bus';
import { createKafkaBus, type KafkaBus } from '../core/bus/kafka-bus';
import type { SpanBus } from '../core/bus/types';
import type { ClickHouseExecutor } from '../core/clickhouse/executor';
import { openServerExecutor } from '../core/clickhouse/server-executor';
import { createIngester } from '../core/ingester';
import type { Logger } from '../core/logger';
import { createMetricsRegistry } from '../core/metrics/registry';
import { openChdbEngine } from '../core/span-store/chdb-span-store';
import { openClickHouseSpanStore } from '../core/span-store/clickhouse-span-store';
import type { SpanStore } from '../core/span-store/types';
import { createApiApp } from '../query/app';
import { roleApp } from '../query/health-routes';
import type { Config } from '../schemas/config';
import type { FirstAdmin } from '../core/access/bootstrap';
import { DEFAULT_WORKSPACE_ID } from '../core/access/workspaces';
import type { MetadataStore } from '../core/metadata/types';
import { createSqlFileStore } from '../core/files/sql-file-store';
import { serveApi } from './api-server';
import { openAccess, openMetadata } from './metadata';
import { spanIngest } from './span-ingest';
import { openClusterSpanEngine } from './cluster-span-engine';
import { consoleDirOf } from './console-dir';
import type { PluginHost } from '../plugins/host';
import { BUILTIN_PLUGINS } from './builtin-plugins';
import { deliverThrough, lazyBus, startPlugins, storeWriterBus } from './plugins';
import { openModelGateway } from './model-gateway';
import { readPluginGroups } from './plugin-groups';
import { createSelfTelemetry } from '../core/self-telemetry/self-tracer';
import { createProcessSandbox, sandboxMetrics } from '../core/sandbox';
import { dataFolderProbe, queryProbe, readinessOf, type ReadinessProbe } from '../core/health/readiness';
import { watchEngine } from '../core/health/engine-watchdog';

export type Role = 'start' | 'collector' | 'ingester' | 'query';

export interface Running {
  /** Ports actually bound; 0 for a server the role does not run. */
  ports: { otlpGrpc: number; otlpHttp: number; api: number };
  /** Stops taking requests, writes everything accepted, closes the stores. */
  stop(): Promise<void>;
  /** Workspaces, users and keys: every role authenticates its API or its receivers against them. */
  metadata: MetadataStore;
  /** The administrator this start created, whose login is printed once. */
  firstAdmin?: FirstAdmin;
}

export interface RoleOptions {
  /**
   * The embedded span engine failed for good (it cannot restart inside this process): `spanloop` exits non-zero
   * so its supervisor starts it again. Tests leave it unset.
   */
  onFatal?: (reason: string) => void;
  /** Each start-up step as it finishes, with its wall time: `spanloop` prints them while it starts. */
  onStep?: (step: string, ms: number) => void;
}

/** How often the embedded engine is asked `SELECT 1`, and how many failures in a row are fatal. */
const ENGINE_WATCH = { intervalMs: 5_000, failures: 3 };
/** How long one /readyz probe may take. */
const READY_TIMEOUT_MS = 2_000;

/** The workspace keyless loopback traffic lands in. */
export const DEFAULT_WORKSPACE = DEFAULT_WORKSPACE_ID;

/** The span store with its schema up to date: chdb in the data folder, or a ClickHouse server. */
export async function openSpanEngine(
  config: Config,
): Promise<{ executor: ClickHouseExecutor; store: SpanStore }> {
  if (config.clickhouse.kind === 'embedded') {
    return openChdbEngine({ path: join(config.dataDir, 'clickhouse'), readers: 3 });
  }
  const { cluster } = config.clickhouse;
  if (cluster !== undefined) return openClusterSpanEngine(config.clickhouse, cluster);
  return openClickHouseSpanStore(await openServerExecutor(config.clickhouse));
}

async function openBus(
  config: Config,
  role: Role,
  logger: Logger,
): Promise<SpanBus & { lag?: () => Promise<unknown>; readGroup?: KafkaBus['readGroup'] }> {
  if (config.bus.kind === 'embedded') {
    if (role !== 'start') throw new Error(`spanloop ${role} needs the Kafka bus (SPANLOOP_BUS=kafka)`);
    return createInProcessBus({
      maxQueuedSpans: config.queue.maxSpans,
      maxBatchSpans: config.queue.maxBatchSpans,
      retryAfterSeconds: config.queue.retryAfterSeconds,
      logger: logger.child('bus'),
    });
  }
  return createKafkaBus({
    brokers: config.bus.brokers,
    clientId: `spanloop-${role}`,
    topic: config.bus.topic,
    groupId: config.bus.groupId,
    partitions: config.bus.partitions,
    maxBatchSpans: config.queue.maxBatchSpans,
    logger: logger.child('kafka'),
  });
}

/**
 * Starts one role: `start` runs every role in one process (embedded bus by default, or Kafka), `collector`
 * receives OTLP and publishes to Kafka, `ingester` writes Kafka to the span store, `query` serves the API.
 */
export async function startRole(
  role: Role,
  config: Config,
  logger: Logger,
  options: RoleOptions = {},
): Promise<Running> {
  const metrics = createMetricsRegistry();
  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async () => {
    for (const close of cleanups.splice(0).reverse()) await close().catch(() => undefined);
  };
  const receives = role === 'start' || role === 'collector';
  const stores = role !== 'collector';
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const value = await work();
    options.onStep?.(name, performance.now() - started);
    return value;
  };
  try {
    const engine = stores ? await step('span engine opened', () => openSpanEngine(config)) : undefined;
    if (engine) cleanups.push(() => engine.store.close());
    if (engine && config.clickhouse.kind === 'embedded') {
      const watchdog = watchEngine({
        ...ENGINE_WATCH,
        probe: () => engine.executor.query('SELECT 1'),
        logger: logger.child('span-engine'),
        onFatal: (reason) => options.onFatal?.(reason),
      });
      cleanups.push(() => Promise.resolve(watchdog.stop()));
    }
    const bus =
      role === 'query' ? undefined : await step('bus connected', () => openBus(config, role, logger));
    if (bus) {
      cleanups.push(() => bus.close());
      metrics.gauge('spanloop_queue_spans', 'Spans accepted and not yet durable', () => bus.depth());
    }
    // Set once the plugins started (before any receiver): their consumers get every batch made durable here.
    let plugins: PluginHost | undefined;
    if (bus && engine && (role === 'start' || role === 'ingester')) {
      bus.consume(
        createIngester(
          engine.store,
          {
            batchSpans: metrics.histogram(
              'spanloop_insert_batch_spans',
              'Spans per insert',
              [10, 100, 1000, 5000, 20000, 50000],
            ),
            insertSeconds: metrics.histogram(
              'spanloop_insert_duration_seconds',
              'Insert latency',
              [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
            ),
          },
          // On Kafka each consumer reads the topic in its own consumer group instead (see readPluginGroups).
          bus.readGroup ? undefined : (rows) => plugins?.spansDurable(rows),
        ),
      );
      const { lag } = bus;
      if (lag) {
        metrics.gauge(
          'spanloop_kafka_lag',
          'Records of the spans topic not yet written, by partition',
          async () =>
            ((await lag()) as { partition: number; lag: number }[]).map((p) => ({
              labels: [['partition', String(p.partition)] as const],
              value: Number(p.lag),
            })),
        );
      }
    }
    const ingest = bus && receives ? spanIngest(config, bus, metrics) : undefined;
    const metadata = await step('metadata store opened and migrated', () => openMetadata(config, logger));
    cleanups.push(() => metadata.close());
    const access = await step('access ready', () => openAccess(config, metadata, logger));
    const files = createSqlFileStore(metadata, config.files);
    let modelRegistry: Awaited<ReturnType<typeof openModelGateway>> | undefined;
    if (engine) {
      // Spanloop's own spans take the role's ingest path; a query process publishes them to Kafka, or writes them.
      const telemetryBus =
        bus ??
        lazyBus(() =>
          config.bus.kind === 'kafka'
            ? openBus(config, role, logger)
            : Promise.resolve(storeWriterBus(config, engine.store, logger.child('bus'))),
        );
      if (!bus) cleanups.push(() => telemetryBus.close());
      const selfIngest = ingest?.otlp ?? spanIngest(config, telemetryBus, metrics).otlp;
      // Model calls are spans of the calling workspace, delivered through the role's own ingest like plugin spans;
      // flushed after the plugins stop (their last calls) and before the bus closes.
      const modelTelemetry = createSelfTelemetry({
        deliver: deliverThrough(selfIngest, metadata),
        defaultWorkspaceId: DEFAULT_WORKSPACE_ID,
        scope: 'spanloop.model-gateway',
        onError: (e, workspaceId, spans) =>
          logger.warn('model call spans were not delivered', { workspaceId, spans, error: String(e) }),
      });
      cleanups.push(() => modelTelemetry.shutdown());
      // Stopped after the plugins (cleanups run in reverse): their last jobs are refused, not lost mid-way.
      const sandbox = createProcessSandbox(config.sandbox, {
        logger: logger.child('sandbox'),
        metrics: sandboxMetrics(metrics),
      });
      cleanups.push(() => sandbox.close());
      modelRegistry = await step('model gateway ready', () =>
        openModelGateway({ config, metadata, logger, tracer: modelTelemetry.tracer, env: process.env }),
      );
      const { egress, secrets } = modelRegistry;
      cleanups.push(() => egress.close());
      const models = modelRegistry.gateway;
      const host = await step('plugins started', () =>
        startPlugins({
          config,
          logger,
          metrics,
          metadata,
          engine,
          authenticate: access.authenticate,
          models,
          sandbox,
          files,
          egress,
          secrets,
          ingest: selfIngest,
          builtins: BUILTIN_PLUGINS,
          cwd: process.cwd(),
        }),
      );
      // Stopped after the servers close and before the bus and stores: their last spans still get written.
      cleanups.push(() => host.stop());
      plugins = host;
      if (bus?.readGroup && config.bus.kind === 'kafka' && (role === 'start' || role === 'ingester'))
        readPluginGroups(host, bus.readGroup, config.bus.groupId, metrics, cleanups);
    }
    const receiver = {
      maxRequestBytes: config.limits.maxRequestBytes,
      host: config.host,
    };
    let otlpHttp = 0;
    let otlpGrpc = 0;
    if (ingest) {
      const http = await startHttpReceiver({
        ...receiver,
        ingest: ingest.otlp,
        authenticate: access.authenticate,
        port: config.otlpHttpPort,
        logger: logger.child('otlp-http'),
      });
      const grpc = await startGrpcReceiver({
        ...receiver,
        ingest: ingest.otlp,
        authenticate: access.authenticate,
        port: config.otlpGrpcPort,
        logger: logger.child('otlp-grpc'),
      });
      cleanups.push(
        () => http.close(),
        () => grpc.close(),
      );
      ({ port: otlpHttp } = http);
      ({ port: otlpGrpc } = grpc);
    }
    const probes: ReadinessProbe[] = [queryProbe('metadata store', () => metadata.query('SELECT 1'))];
    if (engine) probes.push(queryProbe('span engine', () => engine.executor.query('SELECT 1')));
    if (config.clickhouse.kind === 'embedded' || config.postgres.kind === 'embedded')
      probes.push(dataFolderProbe(config.dataDir));
    const ready = readinessOf(probes, { timeoutMs: READY_TIMEOUT_MS, logger: logger.child('readyz') });
    const app = engine
      ? createApiApp({
          spans: engine.store,
          executor: engine.executor,
          metadata,
          files,
          authenticate: access.authenticate,
          loginLimiter: access.loginLimiter,
          workspaceCreation: config.auth.workspaceCreation,
          logger: logger.child('api'),
          ready,
          roleMetrics: () => metrics.collect(),
          console: { dir: consoleDirOf(config) },
          ...(modelRegistry && { modelRegistry }),
          ...(plugins && {
            plugins,
            mount: (api) => plugins?.mount(api),
            mountRoot: (api) => plugins?.mountRoot(api),
            openApi: () => plugins?.openApi() ?? [],
            declaredScope: (method: string, path: string) => plugins?.declaredScope(method, path),
          }),
        })
      : roleApp({ ready, roleMetrics: () => metrics.collect() });
    const api = await step('API listening', () =>
      serveApi(config, app, ingest, access.authenticate, logger.child('api'), files),
    );
    cleanups.push(() => api.close());
    return {
      ports: { otlpHttp, otlpGrpc, api: api.port },
      metadata,
      ...(access.firstAdmin ? { firstAdmin: access.firstAdmin } : {}),
      // In reverse order of opening: servers first, so nothing new arrives; then the bus makes durable what it
      // accepted; the stores last.
      stop: cleanup,
    };
  } catch (e) {
    await cleanup();
    throw e;
  }
}

/** Spanloop in one process on the configured bus and stores (embedded by default). */
export const startEmbedded = (config: Config, logger: Logger) => startRole('start', config, logger);
