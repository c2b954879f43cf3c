// Test support: the prompts plugin mounted the way the plugin host mounts it, on real PGlite, real API keys,
// the real model gateway against the fake OpenAI server, and an in-memory span exporter.
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { createApiKey } from '../../core/access/api-keys';
import { createAuthenticator, requireScope } from '../../core/access/authenticator';
import { createFailureLimiter } from '../../core/access/failure-limiter';
import { requiredScope } from '../../core/access/permissions';
import { routeScopes } from '../../core/access/route-scopes';
import { AppError } from '../../core/app-error';
import { statusOf } from '../../core/app-error-status';
import type { ClickHouseExecutor } from '../../core/clickhouse/executor';
import { createMemoryFileStore } from '../../core/files/memory-file-store';
import { silentLogger } from '../../core/logger';
import { migrateMetadata } from '../../core/metadata/migrate';
import { startFakeOpenAi } from '../../core/model-gateway/fake-openai-server';
import type { FakeModelServer } from '../../core/model-gateway/fake-server-kit';
import { openGatewayTestbed, type GatewayTestbed } from '../../core/model-gateway/gateway-test-kit';
import { openTestSandbox } from '../../core/sandbox/sandbox-test-kit';
import type { Scope } from '../../schemas/access';
import type { ChatMessage } from '../../schemas/chat';
import type { PluginContext, PluginEnv, RootAuthenticate } from '../sdk/index';
import type { promptOut } from './cozeloop-convert';
import { createPromptsPlugin } from './index';
import type { RunResult } from './prompt-run';
import type { RenderedMessage } from './render';
import type { VersionDiff } from './version-diff';
import type { VersionMetrics } from './version-metrics';
import type {
  draftView,
  labelView,
  promptListItemView,
  promptView,
  versionSummaryView,
  versionView,
} from './views';

/** The fields the plugin's management answers carry, for tests reading them (each answer has some). */
export interface ManageAnswer extends VersionDiff {
  error: { code: string; message: string };
  prompt: ReturnType<typeof promptView>;
  prompts: ReturnType<typeof promptListItemView>[];
  draft: ReturnType<typeof draftView>;
  version: ReturnType<typeof versionView>;
  versions: ReturnType<typeof versionSummaryView>[];
  labels: ReturnType<typeof labelView>[];
  nextCursor: string | null;
  from: string;
  to: string;
}

/** A render or a playground answer. */
export interface RunAnswer extends Omit<RunResult, 'messages'> {
  error: { code: string; message: string };
  key: string;
  version: string | null;
  messages: (RenderedMessage | ChatMessage)[];
  results: {
    name: string;
    version: string | null;
    ok: boolean;
    result: RunResult;
    error: { code: string; message: string };
  }[];
  versions: VersionMetrics[];
}

/** A Cozeloop envelope as the SDKs read it. */
export interface LoopAnswer {
  code: number;
  msg: string;
  data: {
    items: { query: Record<string, string>; prompt: ReturnType<typeof promptOut> }[];
    message: { role: string; content: string; tool_calls?: unknown[] };
    finish_reason: string;
    usage: { input_tokens: number; output_tokens: number };
  };
}

/** A JSON answer read as `T` (tests only: the shapes above). */
export const bodyOf = async <T>(res: Response): Promise<T> => (await res.json()) as T;

export interface PromptsTestbed {
  bed: GatewayTestbed;
  fake: FakeModelServer;
  /** The model registered in ws-a, backed by the fake OpenAI server. */
  modelId: string;
  /** API key secrets in ws-a (writer and second writer with run, reader) and ws-b (writer with run). */
  keys: { writer: string; writer2: string; reader: string; otherWorkspace: string };
  app: Hono;
  /** A request with a JSON body (when given) as `secret`. */
  call(
    path: string,
    init?: { method?: string; body?: unknown; key?: string; headers?: Record<string, string> },
  ): Promise<Response>;
  close(): Promise<void>;
}

const OPENAI_KEY = 'sk-test-prompts-0123456789abcdef';

const unusedSpans: PluginContext['spans'] = {
  trace: () => Promise.reject(new Error('span reads are not part of this test')),
  searchTraces: () => Promise.reject(new Error('span reads are not part of this test')),
};

const unusedClickHouse: Pick<ClickHouseExecutor, 'query'> = {
  query: () => Promise.reject(new Error('ClickHouse is not part of this test')),
};

/** Builds the plugin's test host; pass a ClickHouse executor for the metrics routes. */
export async function openPromptsTestbed(
  opts: { clickhouse?: Pick<ClickHouseExecutor, 'query'> } = {},
): Promise<PromptsTestbed> {
  const bed = await openGatewayTestbed();
  const plugin = createPromptsPlugin();
  await migrateMetadata(bed.store, { owner: plugin.name, migrations: plugin.migrations.postgres });
  const fake = await startFakeOpenAi({ apiKey: OPENAI_KEY });
  const { model } = await bed.register({
    provider: { kind: 'openai', baseUrl: fake.url, apiKey: OPENAI_KEY },
    model: { model: 'gpt-4o-mini' },
  });
  const key = async (workspaceId: string, name: string, scopes: Scope[]) =>
    (await createApiKey(bed.store, { workspaceId, name, scopes })).secret;
  const keys = {
    writer: await key('ws-a', 'writer', ['read', 'write', 'run', 'ingest']),
    writer2: await key('ws-a', 'writer-2', ['read', 'write', 'run']),
    reader: await key('ws-a', 'reader', ['read']),
    otherWorkspace: await key('ws-b', 'writer-b', ['read', 'write', 'run']),
  };
  const authenticate = createAuthenticator({
    sql: bed.store,
    anonymousScopes: [],
    limiter: createFailureLimiter({ maxFailures: 1000, windowMs: 60_000 }),
  });
  const sandbox = openTestSandbox();
  const ctx: PluginContext = {
    logger: silentLogger,
    tracer: bed.tracer,
    spans: unusedSpans,
    clickhouse: opts.clickhouse ?? unusedClickHouse,
    sql: bed.store,
    models: bed.gateway(),
    sandbox,
    files: createMemoryFileStore({ maxFileBytes: 20 << 20, maxWorkspaceBytes: 200 << 20 }),
    egress: bed.egress(),
    evaluators: {
      list: () => [],
      evaluate: () => Promise.reject(new AppError('not_found', 'no plugin evaluators')),
      runOnSpan: () => Promise.reject(new AppError('not_found', 'no plugin evaluators')),
    },
    secrets: {
      seal: () => {
        throw new AppError('unavailable', 'no secret key');
      },
      open: () => {
        throw new AppError('unavailable', 'no secret key');
      },
    },
    options: {},
  };
  const rootAuthenticate: RootAuthenticate = async (header, scope) => {
    const principal = await authenticate({ header });
    const allowed = principal.ok ? requireScope(principal.value, scope) : principal;
    if (!allowed.ok) throw allowed.error;
    return allowed.value;
  };

  const app = new Hono<PluginEnv>();
  app.onError((e, c) => {
    const error = e instanceof AppError ? e : new AppError('internal', String(e));
    return c.json(
      { error: { code: error.kind, message: error.message } },
      statusOf[error.kind].http as ContentfulStatusCode,
    );
  });
  const root = new Hono();
  plugin.rootRoutes(root, { ...ctx, authenticate: rootAuthenticate });
  app.route('/', root);
  // The host's rule: a documented operation's scope, else read to look and write to change.
  const declared = routeScopes(
    (plugin.openapi.operations ?? []).flatMap((op) =>
      op.scope === undefined
        ? []
        : [{ method: op.method ?? 'get', path: `/api/v1/prompts${op.path}`, scope: op.scope }],
    ),
  );
  app.use('/api/v1/*', async (c, next) => {
    const principal = await authenticate({ header: (name) => c.req.header(name) });
    const scope = requiredScope(c.req.method, declared(c.req.method, c.req.path));
    const allowed = principal.ok ? requireScope(principal.value, scope) : principal;
    if (!allowed.ok) throw allowed.error;
    c.set('principal', allowed.value);
    c.set('workspaceId', allowed.value.workspaceId);
    await next();
  });
  const sub = new Hono<PluginEnv>();
  plugin.routes(sub, ctx);
  app.route('/api/v1/prompts', sub);

  return {
    bed,
    fake,
    modelId: model.id,
    keys,
    app: app as unknown as Hono,
    call: (path, init = {}) =>
      Promise.resolve(
        app.request(path, {
          method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
          headers: {
            authorization: `Bearer ${init.key ?? keys.writer}`,
            ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
            ...init.headers,
          },
          ...(init.body === undefined
            ? {}
            : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
        }),
      ),
    close: async () => {
      await sandbox.close();
      await fake.close();
      await bed.close();
    },
  };
}

/** A minimal chat template for tests; override what matters. */
export const chatTemplate = (overrides: Record<string, unknown> = {}) => ({
  templateType: 'normal',
  messages: [
    { role: 'system', content: 'You are a travel agent for {{company}}.' },
    { role: 'user', content: 'Plan {{days}} days in {{city}}.' },
  ],
  variables: [
    { key: 'company', type: 'string' },
    { key: 'days', type: 'integer' },
    { key: 'city', type: 'string' },
  ],
  ...overrides,
});
