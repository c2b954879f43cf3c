import type { Hono } from 'hono';
import type { Authenticate } from '../../core/access/principal';
import { AppError } from '../../core/app-error';
import type { ClickHouseExecutor } from '../../core/clickhouse/executor';
import type { Logger } from '../../core/logger';
import { migrateMetadata } from '../../core/metadata/migrate';
import type { MetadataStore } from '../../core/metadata/types';
import type { MetricsRegistry } from '../../core/metrics/registry';
import type { ModelGateway } from '../../core/model-gateway/types';
import { createEgressPolicy } from '../../core/egress/egress-policy';
import type { EgressPolicy } from '../../core/egress/types';
import type { FileStore } from '../../core/files/types';
import type { Sandbox } from '../../core/sandbox';
import { PLUGIN_ATTRIBUTE } from '../../core/self-telemetry/attributes';
import type { SecretBox } from '../../core/model-gateway/secret-box';
import type { DeliverOtlp } from '../../core/self-telemetry/loopback-exporter';
import { createSelfTelemetry } from '../../core/self-telemetry/self-tracer';
import type { SpanStore } from '../../core/span-store/types';
import type { OpenApiContribution } from '../../schemas/openapi-operation';
import type { EvaluationRunBody, EvaluationRunView, PluginList } from '../../schemas/plugin-view';
import type { SpanRow } from '../../schemas/span-row';
import type { EvaluatorDefinition, Plugin, PluginEnv, PluginEvaluators, PluginSecrets } from '../sdk/plugin';
import { messageOf, withDeadline } from './deadline';
import { evaluateChecked, runEvaluation, type EvaluationDeps } from './evaluator-runner';
import {
  contributionOf,
  openApiClaims,
  unservedRootOperations,
  type OpenApiReserved,
} from './openapi-contribution';
import { createConsumerLane, type ConsumerLane } from './consumer-lane';
import { createPluginMetrics } from './plugin-metrics';
import type { FailPlugin, PluginRecord } from './plugin-record';
import { mountPluginRootRoutes, mountPluginRoutes, pluginRouteScopes } from './route-mount';
import { routeScopes, type DeclaredScope } from '../../core/access/route-scopes';
import { createSpanFanout } from './span-fanout';

/** A plugin to host: built-in, or loaded from a package or path (see loadPluginModule). */
export interface PluginEntry {
  plugin: Plugin;
  source: string;
  options?: unknown;
}

export interface PluginHostLimits {
  startTimeoutMs: number;
  stopTimeoutMs: number;
  evaluateTimeoutMs: number;
  /** Spans waiting per consumer before new ones are dropped for it. */
  consumerQueueSpans: number;
  consumerBatchSpans: number;
  /** Retries of a consumer's failed batch read from Kafka before it is skipped (counted and logged). */
  consumerRetries: number;
  /** Wait before the first retry, doubling after each. */
  consumerRetryBackoffMs: number;
  /** Longest a finished plugin span waits before it is exported. */
  telemetryDelayMs: number;
}

const DEFAULT_LIMITS: PluginHostLimits = {
  startTimeoutMs: 30_000,
  stopTimeoutMs: 10_000,
  evaluateTimeoutMs: 60_000,
  consumerQueueSpans: 10_000,
  consumerBatchSpans: 1_000,
  consumerRetries: 3,
  consumerRetryBackoffMs: 1_000,
  telemetryDelayMs: 200,
};

const NO_SANDBOX: Sandbox = {
  run: () => Promise.reject(new AppError('unavailable', 'no sandbox')),
  close: () => Promise.resolve(),
};

const NO_FILES: FileStore = {
  put: () => Promise.reject(new AppError('unavailable', 'no file store')),
  get: () => Promise.resolve(undefined),
  stat: () => Promise.resolve(undefined),
  delete: () => Promise.resolve(false),
  usage: () => Promise.resolve({ files: 0, bytes: 0 }),
};

/** A plugin's secrets, bound to its name so one plugin cannot open what another sealed. */
const pluginSecrets = (box: SecretBox | undefined, plugin: string): PluginSecrets => ({
  seal: (plaintext, context) => {
    if (box === undefined) throw new AppError('unavailable', 'no secret key to seal with');
    return box.seal(plaintext, `plugin:${plugin}:${context}`);
  },
  open: (sealed, context) => {
    if (box === undefined) throw new AppError('unavailable', 'no secret key to open with');
    const opened = box.open(sealed, `plugin:${plugin}:${context}`);
    if (!opened.ok) throw opened.error;
    return opened.value;
  },
});

export interface PluginHostDeps {
  /** Spanloop's root logger: plugins log as `spanloop.plugin.<name>`, the host as `spanloop.plugins`. */
  logger: Logger;
  metrics: Pick<MetricsRegistry, 'counter' | 'gauge'>;
  metadata: MetadataStore;
  spans: Pick<SpanStore, 'trace' | 'searchTraces'>;
  clickhouse: Pick<ClickHouseExecutor, 'query'>;
  models: ModelGateway;
  /** Shared by every plugin; without one, sandbox jobs are refused as unavailable. */
  sandbox?: Sandbox;
  /** The workspace file store; without one, writes are refused as unavailable and reads find nothing. */
  files?: FileStore;
  /** The egress policy every outbound request of a plugin goes through; without one, no internal address. */
  egress?: EgressPolicy;
  /** Seals plugin secrets with the server key; without one, sealing is refused as unavailable. */
  secrets?: SecretBox;
  authenticate: Authenticate;
  /** Where plugin spans go: Spanloop's own ingest path. */
  deliver: DeliverOtlp;
  defaultWorkspaceId: string;
  /** First path segments under /api/v1 that Spanloop's own API serves; no plugin may take them. */
  reservedNames?: Iterable<string>;
  /** Component names and operation ids of Spanloop's own OpenAPI document; no plugin may document them. */
  reservedOpenApi?: OpenApiReserved;
  limits?: Partial<PluginHostLimits>;
}

/** Loads, runs and isolates plugins; it never looks at what a plugin is called beyond uniqueness. */
export interface PluginHost {
  /** Migrates and starts the plugins in order; a plugin's failure marks it failed and never throws. */
  start(entries: readonly PluginEntry[]): Promise<void>;
  /** Mounts `routes` under /api/v1/<name>; call after the API's authentication middleware. */
  mount(app: Hono<PluginEnv>): void;
  /** The scope a mounted plugin route declares (`run` for model calls); undefined for the method's default. */
  declaredScope: DeclaredScope;
  /** Mounts `rootRoutes`; call before the API's authentication middleware (so the variables are unset). */
  mountRoot(app: Hono<PluginEnv>): void;
  /** The ingester's hook once a batch is durable: queues it for the consumers and returns at once. */
  spansDurable(rows: readonly SpanRow[]): void;
  /**
   * The consumers of the running plugins, for a bus that gives each its own reader of the span stream (Kafka:
   * a consumer group per consumer); use instead of `spansDurable`.
   */
  consumerLanes(): ConsumerLane[];
  /** Most spans handed to one consumer call. */
  readonly consumerBatchSpans: number;
  list(): PluginList;
  /** What the plugins add to the OpenAPI document: one part per mounted plugin with an `openapi`. */
  openApi(): OpenApiContribution[];
  runEvaluator(workspaceId: string, name: string, body: EvaluationRunBody): Promise<EvaluationRunView>;
  /** Stops plugins in reverse order: drain consumers, `stop`, flush the tracer. */
  stop(): Promise<void>;
}

export function createPluginHost(deps: PluginHostDeps): PluginHost {
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const log = deps.logger.child('plugins');
  const metrics = createPluginMetrics(deps.metrics);
  const reserved = new Set(deps.reservedNames ?? []);
  const records: PluginRecord[] = [];
  const egress = deps.egress ?? createEgressPolicy({ allow: [] });
  const runningEvaluator = (name: string) => {
    const found = evaluators.get(name);
    if (found === undefined)
      throw new AppError('not_found', `no evaluator named ${name}; GET /api/v1/plugins lists them`);
    if (found.owner.status !== 'running')
      throw new AppError(
        'unavailable',
        `evaluator ${name}: plugin ${found.owner.plugin.name} is ${found.owner.status}`,
      );
    return found;
  };
  const evaluationDeps = (owner: PluginRecord, name: string): EvaluationDeps => ({
    spans: deps.spans,
    timeoutMs: limits.evaluateTimeoutMs,
    onFailure: (e) => {
      metrics.errors.inc({ plugin: owner.plugin.name, where: 'evaluator' });
      log.error('evaluator failed', { plugin: owner.plugin.name, evaluator: name, error: messageOf(e) });
    },
  });
  const pluginEvaluators: PluginEvaluators = {
    list: () =>
      [...evaluators.values()]
        .filter(({ owner }) => owner.status === 'running')
        .map(({ owner, evaluator }) => ({
          name: evaluator.name,
          description: evaluator.description,
          plugin: owner.plugin.name,
        })),
    evaluate: (name, input) => {
      const { owner, evaluator } = runningEvaluator(name);
      return evaluateChecked(owner, evaluator, input, evaluationDeps(owner, name));
    },
    runOnSpan: async (workspaceId, name, body) => {
      const { owner, evaluator } = runningEvaluator(name);
      return runEvaluation(owner, evaluator, workspaceId, body, evaluationDeps(owner, name));
    },
  };
  const evaluators = new Map<string, { owner: PluginRecord; evaluator: EvaluatorDefinition }>();
  const claims = openApiClaims(deps.reservedOpenApi);
  const documented = new Set<PluginRecord>();
  const fanout = createSpanFanout({
    metrics,
    logger: log,
    maxQueuedSpans: limits.consumerQueueSpans,
    maxBatchSpans: limits.consumerBatchSpans,
  });
  let stopping: Promise<void> | undefined;

  const fail: FailPlugin = (record, where, error) => {
    metrics.errors.inc({ plugin: record.plugin.name, where });
    log.error('plugin failed; Spanloop carries on without it', {
      plugin: record.plugin.name,
      source: record.source,
      where,
      error: messageOf(error),
    });
    if (record.status === 'failed') return;
    record.status = 'failed';
    record.error = `${where}: ${messageOf(error)}`;
    void fanout.drain(record.plugin.name, 0);
  };

  deps.metrics.gauge('spanloop_plugin_up', 'Whether each plugin is running (1) or not (0)', () =>
    Promise.resolve(
      records.map((r) => ({
        labels: [['plugin', r.plugin.name] as const],
        value: r.status === 'running' ? 1 : 0,
      })),
    ),
  );
  deps.metrics.gauge('spanloop_plugin_queue_spans', 'Spans waiting for each plugin consumer', () =>
    Promise.resolve(
      fanout.depths().map((d) => ({
        labels: [['plugin', d.plugin] as const, ['consumer', d.consumer] as const],
        value: d.spans,
      })),
    ),
  );

  const record = ({ plugin, source, options }: PluginEntry): PluginRecord => {
    const { name } = plugin;
    const telemetry = createSelfTelemetry({
      deliver: deps.deliver,
      defaultWorkspaceId: deps.defaultWorkspaceId,
      resource: { [PLUGIN_ATTRIBUTE]: name },
      scope: `spanloop.plugin.${name}`,
      delayMs: limits.telemetryDelayMs,
      onError: (e, workspace, spans) => {
        metrics.errors.inc({ plugin: name, where: 'telemetry' });
        log.warn('plugin spans could not be written', {
          plugin: name,
          workspace,
          spans,
          error: messageOf(e),
        });
      },
    });
    const ctx = {
      logger: deps.logger.child(`plugin.${name}`),
      tracer: telemetry.tracer,
      spans: deps.spans,
      clickhouse: deps.clickhouse,
      sql: deps.metadata,
      models: deps.models,
      sandbox: deps.sandbox ?? NO_SANDBOX,
      files: deps.files ?? NO_FILES,
      egress,
      evaluators: pluginEvaluators,
      secrets: pluginSecrets(deps.secrets, name),
      options,
    };
    return {
      plugin,
      source,
      ctx,
      telemetry,
      status: 'starting',
      mountable: true,
      startCalled: false,
      rootPaths: [],
    };
  };

  /** Name and evaluator checks: a plugin that fails them is listed as failed and nothing of it runs. */
  const admit = (r: PluginRecord) => {
    const { name } = r.plugin;
    const twin = records.find((o) => o !== r && o.plugin.name === name);
    if (reserved.has(name) || twin !== undefined) {
      r.mountable = false;
      const why = twin
        ? `a plugin named ${name} is already loaded from ${twin.source}`
        : `the name ${name} is taken by Spanloop's own API (/api/v1/${name})`;
      fail(r, 'load', new Error(why));
      return;
    }
    const defs = r.plugin.evaluators ?? [];
    const taken = defs.find((d) => evaluators.has(d.name));
    if (taken !== undefined) {
      const owner = evaluators.get(taken.name)?.owner.plugin.name ?? '';
      fail(r, 'load', new Error(`evaluator ${taken.name} is already registered by plugin ${owner}`));
      return;
    }
    if (r.plugin.openapi !== undefined) {
      const clash = claims.claim(r.plugin);
      if (clash !== undefined) {
        fail(r, 'load', new Error(clash));
        return;
      }
      documented.add(r);
    }
    for (const evaluator of defs) evaluators.set(evaluator.name, { owner: r, evaluator });
  };

  const startOne = async (r: PluginRecord) => {
    const { plugin } = r;
    const migrations = plugin.migrations?.postgres ?? [];
    if (migrations.length > 0) {
      try {
        const report = await migrateMetadata(deps.metadata, { owner: `plugin:${plugin.name}`, migrations });
        if (report.applied.length > 0)
          log.info('plugin migrations applied', { plugin: plugin.name, ...report });
      } catch (e) {
        fail(r, 'migrate', e);
        return;
      }
    }
    if (plugin.start !== undefined) {
      r.startCalled = true;
      try {
        await withDeadline(plugin.start(r.ctx), limits.startTimeoutMs, `start of plugin ${plugin.name}`);
      } catch (e) {
        fail(r, 'start', e);
        return;
      }
    }
    r.status = 'running';
    for (const consumer of plugin.consumers ?? []) fanout.add(plugin.name, consumer, r.ctx);
    log.info('plugin running', { plugin: plugin.name, source: r.source });
  };

  const stopOne = async (r: PluginRecord) => {
    const { name } = r.plugin;
    if (r.status === 'running') r.status = 'stopping';
    if (!(await fanout.drain(name, limits.stopTimeoutMs)))
      log.warn('plugin consumers did not finish in time; their queued spans are dropped', { plugin: name });
    if (r.startCalled && r.plugin.stop !== undefined) {
      try {
        await withDeadline(r.plugin.stop(), limits.stopTimeoutMs, `stop of plugin ${name}`);
      } catch (e) {
        metrics.errors.inc({ plugin: name, where: 'stop' });
        log.error('plugin stop failed', { plugin: name, error: messageOf(e) });
      }
    }
    await withDeadline(r.telemetry.shutdown(), limits.stopTimeoutMs, `flush of plugin ${name}`).catch(
      (e: unknown) => {
        metrics.errors.inc({ plugin: name, where: 'telemetry' });
        log.warn('plugin spans not flushed', { plugin: name, error: messageOf(e) });
      },
    );
    if (r.status === 'stopping') r.status = 'stopped';
  };

  const mountDeps = { metrics, authenticate: deps.authenticate, fail };
  let declared: DeclaredScope = () => undefined;
  return {
    async start(entries) {
      for (const entry of entries) {
        const r = record(entry);
        records.push(r);
        admit(r);
        if (r.status === 'starting') await startOne(r);
      }
    },
    mount(app) {
      declared = routeScopes(pluginRouteScopes(records));
      mountPluginRoutes(app, records, mountDeps);
    },
    declaredScope: (method, path) => declared(method, path),
    mountRoot(app) {
      mountPluginRootRoutes(app, records, mountDeps);
      for (const r of documented) {
        const unserved = unservedRootOperations(r.plugin, r.rootPaths);
        if (unserved.length > 0)
          log.warn('documented root routes the plugin does not serve are left out of the OpenAPI document', {
            plugin: r.plugin.name,
            routes: unserved.join(', '),
          });
      }
    },
    spansDurable: (rows) => fanout.deliver(rows),
    consumerLanes: () =>
      records
        .filter((r) => r.status === 'running')
        .flatMap((r) =>
          (r.plugin.consumers ?? []).map((c) =>
            createConsumerLane(r.plugin.name, c, r.ctx, {
              metrics,
              logger: log,
              retries: limits.consumerRetries,
              retryBackoffMs: limits.consumerRetryBackoffMs,
              running: () => r.status === 'running',
            }),
          ),
        ),
    consumerBatchSpans: limits.consumerBatchSpans,
    list: () => ({
      plugins: records.map((r) => ({
        name: r.plugin.name,
        source: r.source,
        status: r.status,
        ...(r.error === undefined ? {} : { error: r.error }),
        routes: r.mountable && r.plugin.routes !== undefined ? `/api/v1/${r.plugin.name}` : null,
        rootRoutes: r.rootPaths,
        consumers: (r.plugin.consumers ?? []).map((c) => c.name),
        evaluators: (r.plugin.evaluators ?? []).map((e) => ({ name: e.name, description: e.description })),
      })),
    }),
    openApi: () =>
      records
        .filter((r) => r.mountable && documented.has(r))
        .map((r) => contributionOf(r.plugin, r.rootPaths)),
    runEvaluator: (workspaceId, name, body) => pluginEvaluators.runOnSpan(workspaceId, name, body),
    stop() {
      stopping ??= (async () => {
        for (const r of [...records].reverse()) await stopOne(r);
      })();
      return stopping;
    },
  };
}
