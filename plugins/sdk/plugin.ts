import type { Tracer } from '@opentelemetry/api';
import type { Hono } from 'hono';
import type { Principal } from '../../core/access/principal';
import type { ClickHouseExecutor } from '../../core/clickhouse/executor';
import type { Logger } from '../../core/logger';
import type { MetadataStore } from '../../core/metadata/types';
import type { ModelGateway } from '../../core/model-gateway/types';
import type { SpanStore } from '../../core/span-store/types';
import type { PostgresMigration } from '../../schemas/postgres/migration';
import type { SpanRow } from '../../schemas/span-row';

/** What the host's authentication hands every plugin route: the caller and the workspace it acts in. */
export interface PluginEnv {
  Variables: { workspaceId: string; principal: Principal };
}

/**
 * Everything a plugin may use, handed to `routes`, `start`, consumers and evaluators. Every span query and every
 * metadata row a plugin touches must be scoped by a workspace id it got from a request or a span.
 */
export interface PluginContext {
  /** Scoped to the plugin: its lines carry `spanloop.plugin.<name>`. */
  readonly logger: Logger;
  /**
   * Spans started here flow back into Spanloop's own backbone (same OTLP path as any client), marked as produced
   * by Spanloop. Set the attribute `spanloop.workspace_id` on a root span to choose its workspace.
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
  /** The plugin's own configuration from Spanloop's config (`plugins[].options`); parse it with zod. */
  readonly options: unknown;
}

/** Reads the live span stream after spans are durable; at least once, in batches, per ingesting process. */
export interface SpanConsumer {
  /** Unique within the plugin; names its metrics and its log scope. */
  readonly name: string;
  /** Called with spans already stored. A throw is logged and counted; the batch is not retried. */
  handle(spans: readonly SpanRow[], ctx: PluginContext): Promise<void>;
}

/** What an evaluator is given: the span it judges, its whole trace, and evaluator-specific input. */
export interface EvaluationInput {
  workspaceId: string;
  span: SpanRow | undefined;
  /** Free-form fields (dataset item, reference answer, …) validated by the evaluator itself. */
  fields: Readonly<Record<string, unknown>>;
}

/** One judgement; written back as a span with a `gen_ai.evaluation.result` event. */
export interface EvaluationResult {
  /** Numeric score, usually 0..1. */
  score?: number;
  /** Categorical outcome, e.g. `pass`/`fail`. */
  label?: string;
  explanation?: string;
}

/** A custom evaluator a plugin contributes; names are unique across plugins. */
export interface EvaluatorDefinition {
  /** Lower-case, `[a-z0-9_.-]`, e.g. `contains-keywords`. */
  readonly name: string;
  readonly description: string;
  evaluate(input: EvaluationInput, ctx: PluginContext): Promise<EvaluationResult>;
}

/**
 * A Spanloop plugin: a value that declares what it contributes. Built-in plugins use exactly this contract.
 *
 * @example
 * export default definePlugin({
 *   name: 'hello',
 *   routes(app) { app.get('/hello', (c) => c.json({ workspace: c.get('workspaceId') })); },
 * });
 */
export interface Plugin {
  /** URL segment (`/api/v1/<name>`), log scope and migration owner: `[a-z][a-z0-9-]{0,39}`. */
  readonly name: string;
  readonly migrations?: { readonly postgres?: readonly PostgresMigration[] };
  /** Authenticated routes mounted under `/api/v1/<name>`; `c.get('workspaceId')` scopes every query. */
  routes?(app: Hono<PluginEnv>, ctx: PluginContext): void;
  /**
   * Routes at fixed root paths other tools' SDKs call (e.g. `/v1/loop/prompts/mget`). Mounted before the
   * API's authentication: the plugin authenticates them with `authenticate`.
   */
  rootRoutes?(app: Hono, ctx: PluginContext & { authenticate: RootAuthenticate }): void;
  readonly consumers?: readonly SpanConsumer[];
  readonly evaluators?: readonly EvaluatorDefinition[];
  start?(ctx: PluginContext): Promise<void>;
  stop?(): Promise<void>;
}

/** Resolves a root route's request to its principal, or throws the AppError (401/403/429) the API maps. */
export type RootAuthenticate = (
  header: (name: string) => string | undefined,
  scope: 'read' | 'write' | 'ingest',
) => Promise<Principal>;

/** Identity with type checking: `export default definePlugin({ … })`. */
export const definePlugin = <P extends Plugin>(plugin: P): P => plugin;
