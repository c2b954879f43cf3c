import type { Context as TraceContext, Tracer } from '@opentelemetry/api';
import type { Hono } from 'hono';
import type { z } from 'zod';
import type { Principal } from '../../core/access/principal';
import type { ClickHouseExecutor } from '../../core/clickhouse/executor';
import type { EgressPolicy } from '../../core/egress/types';
import type { FileStore } from '../../core/files/types';
import type { Logger } from '../../core/logger';
import type { MetadataStore } from '../../core/metadata/types';
import type { ModelGateway } from '../../core/model-gateway/types';
import type { Sandbox } from '../../core/sandbox';
import type { SpanStore } from '../../core/span-store/types';
import type { OperationDoc } from '../../schemas/openapi-operation';
import type { EvaluationRunBody, EvaluationRunView } from '../../schemas/plugin-view';
import type { PostgresMigration } from '../../schemas/postgres/migration';
import type { SpanRow } from '../../schemas/span-row';
import type { StoredSpan } from '../../schemas/stored-span';

/**
 * What the host's authentication hands every plugin route: the caller and the workspace it acts in. GET, HEAD and
 * OPTIONS need the `read` scope, other methods `write`; a documented operation may declare another (`scope: 'run'`
 * for a route that calls a model and spends money).
 */
export interface PluginEnv {
  Variables: { workspaceId: string; principal: Principal };
}

/**
 * Everything a plugin may use, handed to `routes`, `start`, consumers and evaluators. Every span query and every
 * metadata row a plugin touches must be scoped by a workspace id it got from a request or a span.
 */
export interface PluginContext {
  /** Scoped to the plugin: its lines carry the scope `spanloop.plugin.<name>`. */
  readonly logger: Logger;
  /**
   * Spans started here flow back into Spanloop's own backbone (the same OTLP ingest path as any client), with
   * the resource `service.name=spanloop`, `spanloop.plugin=<name>`, `spanloop.internal=true`. Give a root span
   * the attribute `spanloop.workspace_id` (a workspace id) *when starting it* to choose its workspace; children
   * started under it inherit it; without one the span goes to the default workspace.
   *
   * @example
   * const span = ctx.tracer.startSpan('reindex', { attributes: { 'spanloop.workspace_id': c.get('workspaceId') } });
   * try { … } finally { span.end(); }
   */
  readonly tracer: Tracer;
  /** Reads spans: whole traces and trace search. */
  readonly spans: Pick<SpanStore, 'trace' | 'searchTraces'>;
  /** Read-only ClickHouse SQL over the span tables, with `{name:Type}` parameters (never string-built SQL). */
  readonly clickhouse: Pick<ClickHouseExecutor, 'query'>;
  /** The metadata database (PGlite embedded, PostgreSQL scaled); the plugin's migrations have run. */
  readonly sql: Pick<MetadataStore, 'query' | 'transaction'>;
  /** Calls the models registered in a workspace. */
  readonly models: ModelGateway;
  /**
   * Runs untrusted work (templates, evaluator code) in separate child processes with hard memory and time
   * limits, queued fairly per workspace; a full queue rejects with AppError `rate_limited` (429, Retry-After).
   */
  readonly sandbox: Sandbox;
  /**
   * The workspace file store (the one Cozeloop uploads land in): large values and copied media, keyed by
   * (workspace, key). Bounded per file and per workspace (SPANLOOP_FILES_*).
   */
  readonly files: FileStore;
  /**
   * Every outbound request a plugin makes goes through this: http(s) only, no loopback, private, link-local or
   * other internal address unless the operator allow-listed it (SPANLOOP_EGRESS_ALLOW). Use `fetch` for the
   * request itself and `checkUrl` to refuse a bad URL when it is saved.
   */
  readonly egress: Pick<EgressPolicy, 'checkUrl' | 'check' | 'fetch'>;
  /**
   * The evaluators every loaded plugin contributes (`Plugin.evaluators`), to run one by name: the evaluation
   * plugins run them as evaluators of type `plugin`. `evaluate` rejects with AppError `not_found` for an unknown
   * name and `unavailable` when the evaluator threw, timed out or returned a malformed result.
   */
  readonly evaluators: PluginEvaluators;
  /**
   * Seals short secrets (an evaluator's HMAC key, a webhook token) with Spanloop's server key
   * (SPANLOOP_SECRET_KEY, AES-256-GCM) for storage, bound to `context` (e.g. the workspace and row) and to the
   * plugin, so a sealed value copied to another row or read by another plugin does not open.
   *
   * @example
   * const stored = ctx.secrets.seal(secret, `${workspaceId}:evaluator:${id}`);
   * const secret = ctx.secrets.open(stored, `${workspaceId}:evaluator:${id}`);
   */
  readonly secrets: PluginSecrets;
  /** The plugin's own configuration from Spanloop's config (`plugins[].options`); parse it with zod. */
  readonly options: unknown;
}

/**
 * Reads the live span stream in batches, in the processes that ingest (`start`, `ingester`); a consumer never
 * blocks ingest.
 *
 * On the Kafka bus each consumer reads the spans topic in its own consumer group
 * (`<ingester group>.plugin.<plugin>.<consumer>`), shared by all ingesting processes: delivery is at least once.
 * Offsets are committed after `handle` resolves, so a crash replays the uncommitted batches (handle may see a
 * batch twice; make it idempotent). A new group starts at the end of the log; `spanloop_plugin_consumer_lag`
 * shows how far each consumer is behind.
 *
 * On the embedded bus delivery is in-process and best effort: a batch is handed over once it is written, each
 * consumer has a bounded queue, and when it is full new spans are dropped for that consumer and counted
 * (`spanloop_plugin_spans_dropped_total`). Anything that must see every span there reads the span store.
 */
export interface SpanConsumer {
  /** Unique within the plugin, `[a-z0-9_.-]`; names its metrics and its log lines. */
  readonly name: string;
  /**
   * Also deliver spans Spanloop produced itself (resource `spanloop.internal=true`: plugin spans, evaluations,
   * model gateway calls). Off by default, so a consumer that emits spans cannot feed on its own output.
   */
  readonly includeInternal?: boolean;
  /**
   * Called with a batch of spans, one at a time per consumer and partition. On Kafka a throw is retried with
   * back-off (3 retries, 1 s doubling); after the last one the batch is logged, counted
   * (`spanloop_plugin_errors_total{where="consumer"}`), committed and skipped. On the embedded bus (spans already
   * stored) a throw is logged and counted, and the batch is not retried.
   */
  handle(spans: readonly SpanRow[], ctx: PluginContext): Promise<void>;
}

/** What an evaluator is given: the span it judges, its whole trace, and evaluator-specific input. */
export interface EvaluationInput {
  workspaceId: string;
  /** The judged span as the API returns it; undefined when the evaluator runs on fields alone (a dataset item). */
  span: StoredSpan | undefined;
  /** Every span of the judged span's trace, ordered by start time; empty without a span. */
  trace: readonly StoredSpan[];
  /** Free-form fields (dataset item, reference answer, keywords…) validated by the evaluator itself. */
  fields: Readonly<Record<string, unknown>>;
  /**
   * The OTel context of the evaluation span: pass it as `parentContext` of model calls (LLM-as-judge) so they
   * appear under the evaluation.
   */
  traceContext: TraceContext;
}

/** One judgement; written back as a span with a `gen_ai.evaluation.result` event. Give a score, a label or both. */
export interface EvaluationResult {
  /** Numeric score, usually 0..1 (`gen_ai.evaluation.score.value`). */
  score?: number;
  /** Categorical outcome, e.g. `pass`/`fail` (`gen_ai.evaluation.score.label`); keep the set of values small. */
  label?: string;
  /** Why (`gen_ai.evaluation.explanation`). */
  explanation?: string;
}

/**
 * A custom evaluator a plugin contributes; names are unique across plugins (a duplicate fails the later plugin).
 * Run it with `POST /api/v1/evaluators/<name>/run`. Throw `AppError('invalid_argument', …)` for bad `fields`.
 */
export interface EvaluatorDefinition {
  /** Lower-case, `[a-z0-9_.-]`, 1–64 characters, e.g. `contains-keywords`. */
  readonly name: string;
  readonly description: string;
  evaluate(input: EvaluationInput, ctx: PluginContext): Promise<EvaluationResult>;
}

/**
 * A Spanloop plugin: a value that declares what it contributes. Built-in plugins use exactly this contract.
 * Load a third-party plugin with `SPANLOOP_PLUGINS=<package name or path>`; the module's default export (or its
 * export named `plugin`) is the plugin.
 *
 * Lifecycle: migrations run, then `start` (bounded in time; a throw marks the plugin failed, its routes answer 503
 * and the rest of Spanloop runs), then routes are mounted and consumers receive spans. On shutdown plugins stop
 * in reverse order: consumers drain, `stop` runs, the tracer is flushed. `start` runs in every process that
 * hosts the plugin (`start`, each `ingester` and each `query` process), so background work must coordinate
 * through the database.
 *
 * @example
 * export default definePlugin({
 *   name: 'hello',
 *   routes(app) {
 *     app.get('/hello', (c) => c.json({ workspace: c.get('workspaceId') }));
 *   },
 * });
 */
export interface Plugin {
  /** URL segment (`/api/v1/<name>`), log scope and migration owner: `[a-z][a-z0-9-]{0,39}`. */
  readonly name: string;
  /** Forward-only Postgres migrations, recorded under the owner `plugin:<name>`. */
  readonly migrations?: { readonly postgres?: readonly PostgresMigration[] };
  /**
   * Authenticated routes mounted under `/api/v1/<name>`; `c.get('workspaceId')` scopes every query. Throw an
   * AppError for expected failures (mapped to 4xx/5xx); any other throw answers 500 and is counted.
   */
  routes?(app: Hono<PluginEnv>, ctx: PluginContext): void;
  /**
   * Routes at fixed root paths other tools' SDKs call (e.g. `/v1/loop/prompts/mget`). Mounted before the
   * API's authentication: the plugin authenticates them with `authenticate`. Middleware must name its paths
   * (`app.use('/v1/loop/prompts/*', …)`); a path another plugin already serves fails this plugin.
   */
  rootRoutes?(app: Hono, ctx: PluginContext & { authenticate: RootAuthenticate }): void;
  readonly consumers?: readonly SpanConsumer[];
  readonly evaluators?: readonly EvaluatorDefinition[];
  /** Describes the plugin's routes in Spanloop's OpenAPI document (GET /api/v1/openapi.json). */
  readonly openapi?: PluginOpenApi;
  /** Runs once the migrations are applied, before routes serve and consumers receive. */
  start?(ctx: PluginContext): Promise<void>;
  /** Runs on shutdown after the plugin's consumers drained; its tracer is flushed afterwards. */
  stop?(): Promise<void>;
}

/**
 * One route as the OpenAPI document describes it, from the zod schemas it parses with: the shape Spanloop
 * documents its own routes in. `path` is OpenAPI form (`/{key}/render`); `response.body` and the bodies of
 * `otherResponses` name one of the plugin's `components`; `errors` are statuses answered with the API's error
 * body. Every operation is listed under the plugin's name as its tag.
 */
export type PluginOperation = Omit<OperationDoc, 'tag'>;

/**
 * A plugin's part of the OpenAPI document. The host adds the statuses it answers itself (401, 403 and 429 from
 * authentication, 503 while the plugin is not running). A component name or operation id that another part of
 * the document already uses fails the plugin at load, as a duplicate evaluator does.
 *
 * @example
 * const Greeting = z.object({ message: z.string() });
 * openapi: {
 *   description: 'Greetings',
 *   components: { Greeting },
 *   operations: [
 *     {
 *       path: '/hello', // served at /api/v1/<name>/hello
 *       operationId: 'helloGreeting',
 *       summary: 'A greeting for the calling workspace',
 *       response: { description: 'the greeting', body: 'Greeting' },
 *     },
 *   ],
 * }
 */
export interface PluginOpenApi {
  /** The description of the plugin's tag. */
  readonly description?: string;
  /** Response bodies by component name (PascalCase, unique in the whole document). */
  readonly components?: Readonly<Record<string, z.ZodType>>;
  /** Routes of `routes`; paths are relative to `/api/v1/<name>` (`/` is the mount itself). */
  readonly operations?: readonly PluginOperation[];
  /** Routes of `rootRoutes`, at their own paths; one the plugin does not serve is left out. */
  readonly rootOperations?: readonly PluginOperation[];
}

/**
 * Resolves a root route's request to its principal, or throws the AppError (401/403/429) the API maps. Failed
 * attempts are rate limited per client address like every other credential check.
 *
 * @example
 * app.post('/v1/loop/prompts/mget', async (c) => {
 *   const principal = await ctx.authenticate((name) => c.req.header(name), 'read');
 *   …
 * });
 */
export type RootAuthenticate = (
  header: (name: string) => string | undefined,
  scope: 'read' | 'write' | 'run' | 'ingest',
) => Promise<Principal>;

/** See `PluginContext.evaluators`. */
export interface PluginEvaluators {
  list(): { name: string; description: string; plugin: string }[];
  evaluate(name: string, input: EvaluationInput): Promise<EvaluationResult>;
  /**
   * Runs an evaluator on a stored span of the workspace and writes the judgement into the judged trace (a span
   * `evaluation <name>` of the evaluator's plugin, child of the judged span, with a `gen_ai.evaluation.result`
   * event), flushed before this resolves. Rejects with `not_found` for an unknown evaluator or span, passes an
   * AppError the evaluator threw, and answers `internal` or `unavailable` (timeout) for its other failures.
   */
  runOnSpan(workspaceId: string, name: string, body: EvaluationRunBody): Promise<EvaluationRunView>;
}

/** See `PluginContext.secrets`. */
export interface PluginSecrets {
  seal(plaintext: string, context: string): string;
  /** Throws AppError `internal` when the value was sealed with another key or context, or was altered. */
  open(sealed: string, context: string): string;
}

/** Identity with type checking: `export default definePlugin({ … })`. */
export const definePlugin = <P extends Plugin>(plugin: P): P => plugin;
