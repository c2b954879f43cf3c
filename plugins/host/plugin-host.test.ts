import type { MiddlewareHandler } from 'hono';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireScope } from '../../core/access/authenticator';
import { requiredScope } from '../../core/access/permissions';
import type { Authenticate } from '../../core/access/principal';
import { AppError } from '../../core/app-error';
import { statusOf } from '../../core/app-error-status';
import { silentLogger } from '../../core/logger';
import { appliedVersions } from '../../core/metadata/migrate';
import { openPgliteStore } from '../../core/metadata/pglite';
import type { MetadataStore } from '../../core/metadata/types';
import { createMetricsRegistry, type MetricsRegistry } from '../../core/metrics/registry';
import { err, ok } from '../../core/result';
import type { Scope } from '../../schemas/access';
import type { StoredSpan } from '../../schemas/span-view';
import type { Plugin, PluginEnv } from '../sdk/plugin';
import { sampleOf } from './metrics-test-kit';
import { createPluginHost, type PluginHost, type PluginHostLimits } from './plugin-host';

let metadata: MetadataStore;
beforeAll(async () => {
  metadata = await openPgliteStore({ path: join(mkdtempSync(join(tmpdir(), 'spanloop-host-')), 'postgres') });
});
afterAll(async () => {
  await metadata.close();
});

const TRACE = 'a'.repeat(32);
const SPAN = 'b'.repeat(16);
const judged = {
  traceId: TRACE,
  spanId: SPAN,
  parentSpanId: '',
  name: 'chat',
  attributes: {},
  llm: { output: [{ role: 'assistant', content: 'hello world' }] },
} as unknown as StoredSpan;

/** Scopes come from the `x-scopes` header; no header is a 401, as the API's authenticator answers. */
const authenticate: Authenticate = ({ header }) => {
  const scopes = header('x-scopes');
  if (scopes === undefined)
    return Promise.resolve(err(new AppError('unauthenticated', 'credentials required')));
  return Promise.resolve(
    ok({
      workspaceId: 'ws-1',
      retentionDays: 0,
      scopes: scopes.split(',') as Scope[],
      subject: { kind: 'anonymous' as const },
    }),
  );
};

interface Harness {
  host: PluginHost;
  registry: MetricsRegistry;
  delivered: { workspace: string; bytes: string }[];
  app: Hono<PluginEnv>;
  call: (path: string, scopes?: string, method?: string) => Promise<{ status: number; body: string }>;
}

async function harness(plugins: Plugin[], limits: Partial<PluginHostLimits> = {}): Promise<Harness> {
  const registry = createMetricsRegistry();
  const delivered: Harness['delivered'] = [];
  const host = createPluginHost({
    logger: silentLogger,
    metrics: registry,
    metadata,
    spans: {
      trace: (ws, id) => Promise.resolve(ws === 'ws-1' && id === TRACE ? [judged] : []),
      searchTraces: () => Promise.reject(new Error('unused')),
    },
    clickhouse: { query: () => Promise.reject(new Error('unused')) },
    models: { chat: () => Promise.reject(new Error('unused')), stream: () => [] as never },
    authenticate,
    deliver: (workspace, request) => {
      delivered.push({ workspace, bytes: Buffer.from(request).toString('latin1') });
      return Promise.resolve();
    },
    defaultWorkspaceId: 'default',
    reservedNames: ['traces'],
    limits: {
      startTimeoutMs: 100,
      stopTimeoutMs: 100,
      evaluateTimeoutMs: 100,
      telemetryDelayMs: 20,
      ...limits,
    },
  });
  await host.start(plugins.map((plugin) => ({ plugin, source: `./${plugin.name}.mjs` })));
  // The API's shape: root routes, then authentication, then the plugins' routes; AppErrors mapped.
  const app = new Hono<PluginEnv>();
  app.onError((e, c) => {
    const kind = e instanceof AppError ? e.kind : 'internal';
    return c.json({ error: { code: kind, message: e.message } }, statusOf[kind].http as ContentfulStatusCode);
  });
  host.mountRoot(app);
  app.use('/api/v1/*', async (c, next) => {
    const principal = await authenticate({ header: (n) => c.req.header(n) });
    if (!principal.ok) throw principal.error;
    const scope = requiredScope(c.req.method, host.declaredScope(c.req.method, c.req.path));
    const allowed = requireScope(principal.value, scope);
    if (!allowed.ok) throw allowed.error;
    c.set('principal', principal.value);
    c.set('workspaceId', principal.value.workspaceId);
    await next();
  });
  host.mount(app);
  const call = async (path: string, scopes = 'read', method = 'GET') => {
    const res = await app.request(path, { method, headers: scopes === '' ? {} : { 'x-scopes': scopes } });
    return { status: res.status, body: await res.text() };
  };
  return { host, registry, delivered, app, call };
}

const statuses = (h: Harness) => h.host.list().plugins.map((p) => [p.name, p.status, p.error ?? '']);

describe('plugin host', () => {
  it('starts in order, fails a throwing or slow start, and stops in reverse order with bounded waits', async () => {
    const events: string[] = [];
    const plugin = (name: string, extra: Partial<Plugin> = {}): Plugin => ({
      name,
      start: () => Promise.resolve(void events.push(`start ${name}`)),
      stop: () => Promise.resolve(void events.push(`stop ${name}`)),
      ...extra,
    });
    const h = await harness([
      plugin('first'),
      plugin('slow', { start: () => new Promise(() => events.push('start slow')) }),
      plugin('throws', { start: () => Promise.reject(new Error('no config')) }),
      plugin('stuck', { stop: () => new Promise(() => events.push('stop stuck')) }),
      plugin('last', { stop: () => Promise.reject(new Error('stop bug')) }),
    ]);
    expect(statuses(h)).toEqual([
      ['first', 'running', ''],
      ['slow', 'failed', 'start: start of plugin slow did not finish within 100 ms'],
      ['throws', 'failed', 'start: no config'],
      ['stuck', 'running', ''],
      ['last', 'running', ''],
    ]);
    expect(await sampleOf(h.registry, 'spanloop_plugin_up', { plugin: 'slow' })).toBe(0);
    expect(await sampleOf(h.registry, 'spanloop_plugin_up', { plugin: 'first' })).toBe(1);
    await h.host.stop();
    expect(events).toEqual([
      'start first',
      'start slow',
      'start stuck',
      'start last',
      'stop stuck',
      // A start that threw or timed out may have half-started: its stop is still owed.
      'stop throws',
      'stop slow',
      'stop first',
    ]);
    expect(statuses(h).map(([name, status]) => [name, status])).toEqual([
      ['first', 'stopped'],
      ['slow', 'failed'],
      ['throws', 'failed'],
      ['stuck', 'stopped'],
      ['last', 'stopped'],
    ]);
    expect(await sampleOf(h.registry, 'spanloop_plugin_errors_total', { where: 'stop' })).toBe(2);
    expect(await sampleOf(h.registry, 'spanloop_plugin_errors_total', { where: 'start' })).toBe(2);
  });

  it('flushes a plugin’s spans after its stop', async () => {
    let tracer: Plugin['start'];
    const h = await harness([
      {
        name: 'tracing',
        start: (ctx) => {
          tracer = () => Promise.resolve(void ctx.tracer.startSpan('in stop').end());
          return Promise.resolve();
        },
        stop: () => tracer?.({} as never) ?? Promise.resolve(),
      },
    ]);
    await h.host.stop();
    expect(h.delivered.map((d) => d.workspace)).toEqual(['default']);
    expect(h.delivered[0]?.bytes).toContain('in stop');
  });

  it('runs migrations under plugin:<name> once; a failing or changed migration fails only its plugin', async () => {
    const table = (version: number, statement: string) => ({
      version,
      name: `v${version}`,
      statements: [statement],
    });
    const good: Plugin = {
      name: 'good',
      migrations: { postgres: [table(1, 'CREATE TABLE good_items (id text PRIMARY KEY)')] },
      routes: (app, ctx) =>
        app.get('/count', async (c) =>
          c.json(await ctx.sql.query('SELECT count(*)::int AS n FROM good_items')),
        ),
    };
    const bad: Plugin = {
      name: 'bad',
      migrations: { postgres: [table(1, 'CREATE TABLE bad_items (id text)'), table(2, 'NOT SQL')] },
      routes: (app) => app.get('/x', (c) => c.text('x')),
    };
    const h = await harness([good, bad]);
    expect(statuses(h)).toEqual([
      ['good', 'running', ''],
      ['bad', 'failed', expect.stringMatching(/^migrate: syntax error/) as string],
    ]);
    expect(await appliedVersions(metadata, 'plugin:good')).toEqual([1]);
    // Each migration is its own transaction: version 1 of the failed plugin stays applied, 2 does not.
    expect(await appliedVersions(metadata, 'plugin:bad')).toEqual([1]);
    expect(await h.call('/api/v1/good/count')).toEqual({ status: 200, body: '[{"n":0}]' });
    expect((await h.call('/api/v1/bad/x')).status).toBe(503);
    await h.host.stop();
    const again = await harness([
      good,
      { ...good, name: 'good2' },
      { name: 'changed', migrations: { postgres: [table(1, 'CREATE TABLE changed_items (id text)')] } },
    ]);
    expect(statuses(again)[0]).toEqual(['good', 'running', '']);
    expect(statuses(again)[1]?.[1]).toBe('failed'); // good2 creates good_items again
    await again.host.stop();
    const changed = await harness([
      { name: 'changed', migrations: { postgres: [table(1, 'CREATE TABLE changed_items (id int)')] } },
    ]);
    expect(statuses(changed)[0]?.[2]).toMatch(
      /migration plugin:changed\/1 \(v1\) changed after it was applied/,
    );
    await changed.host.stop();
  });

  it('guards plugin routes: 503 when not running, declared scopes, bugs answered 500 and counted', async () => {
    const h = await harness([
      {
        name: 'svc',
        openapi: {
          operations: [
            {
              method: 'post',
              path: '/items/{id}/run',
              operationId: 'svcRun',
              summary: 'spends money',
              scope: 'run',
              response: { description: 'ran' },
            },
          ],
        },
        routes: (app) => {
          app.get('/who', (c) => c.text(c.get('workspaceId')));
          app.post('/items', (c) => c.text('made', 201));
          app.post('/items/:id/run', (c) => c.text('ran'));
          app.get('/bug', () => {
            throw new TypeError('undefined is not a function');
          });
          app.get('/missing', () => {
            throw new AppError('not_found', 'no such item');
          });
        },
      },
      {
        name: 'half',
        routes: () => {
          throw new Error('routes bug');
        },
      },
      { name: 'traces', routes: (app) => app.get('/', (c) => c.text('shadow')) },
      { name: 'svc', routes: (app) => app.get('/who', (c) => c.text('twin')) },
    ]);
    expect(await h.call('/api/v1/svc/who', '')).toMatchObject({ status: 401 });
    expect(await h.call('/api/v1/svc/who')).toEqual({ status: 200, body: 'ws-1' });
    expect((await h.call('/api/v1/svc/items', 'read', 'POST')).status).toBe(403);
    expect((await h.call('/api/v1/svc/items', 'read,write', 'POST')).status).toBe(201);
    expect((await h.call('/api/v1/svc/items', 'write', 'POST')).status).toBe(201);
    expect((await h.call('/api/v1/svc/items/7/run', 'read,write', 'POST')).status).toBe(403);
    expect((await h.call('/api/v1/svc/items/7/run', 'run', 'POST')).status).toBe(200);
    expect((await h.call('/api/v1/svc/bug')).status).toBe(500);
    expect((await h.call('/api/v1/svc/missing')).status).toBe(404);
    expect(
      await sampleOf(h.registry, 'spanloop_plugin_errors_total', { plugin: 'svc', where: 'route' }),
    ).toBe(1);
    expect(await h.call('/api/v1/half/anything')).toMatchObject({ status: 503 });
    expect(statuses(h).slice(1)).toEqual([
      ['half', 'failed', 'routes: routes bug'],
      ['traces', 'failed', "load: the name traces is taken by Spanloop's own API (/api/v1/traces)"],
      ['svc', 'failed', 'load: a plugin named svc is already loaded from ./svc.mjs'],
    ]);
    await h.host.stop();
    expect(await h.call('/api/v1/svc/who')).toEqual({
      status: 503,
      body: '{"error":{"code":"unavailable","message":"plugin svc is stopped"}}',
    });
  });

  it('mounts root routes with the API’s authentication; refuses catch-alls and taken paths', async () => {
    const h = await harness([
      {
        name: 'compat',
        rootRoutes: (app, ctx) => {
          app.use('/v1/compat/*', async (c, next) => {
            c.header('x-compat', '1');
            await next();
          });
          const tag: MiddlewareHandler = async (c, next) => {
            c.header('x-route', 'write');
            await next();
          };
          app.post('/v1/compat/write', tag, async (c) =>
            c.json(await ctx.authenticate((n) => c.req.header(n), 'write')),
          );
        },
      },
      { name: 'greedy', rootRoutes: (app) => app.use('*', async (_c, next) => next()) },
      { name: 'clash', rootRoutes: (app) => app.post('/v1/compat/write', (c) => c.text('mine')) },
      {
        name: 'down',
        start: () => Promise.reject(new Error('down')),
        rootRoutes: (app) => app.get('/v1/down', (c) => c.text('up')),
      },
    ]);
    expect((await h.call('/v1/compat/write', '', 'POST')).status).toBe(401);
    expect((await h.call('/v1/compat/write', 'read', 'POST')).status).toBe(403);
    const allowed = await h.app.request('/v1/compat/write', {
      method: 'POST',
      headers: { 'x-scopes': 'write' },
    });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('x-compat')).toBe('1');
    expect(allowed.headers.get('x-route')).toBe('write');
    expect(((await allowed.json()) as { workspaceId: string }).workspaceId).toBe('ws-1');
    expect((await h.call('/v1/down')).status).toBe(503);
    expect(statuses(h).slice(1, 3)).toEqual([
      ['greedy', 'failed', 'routes: rootRoutes may not register handlers or middleware for every path'],
      ['clash', 'failed', 'routes: POST /v1/compat/write is already served by plugin compat'],
    ]);
    expect(h.host.list().plugins[0]?.rootRoutes).toEqual(['POST /v1/compat/write']);
    await h.host.stop();
  });

  it('runs evaluators: unique names, results checked, bugs and timeouts counted, spans written', async () => {
    const h = await harness([
      {
        name: 'judge',
        evaluators: [
          {
            name: 'echo',
            description: 'echoes fields',
            evaluate: ({ span, trace, fields }) =>
              Promise.resolve({
                score: trace.length,
                label: String(fields.label),
                explanation: span?.name ?? '',
              }),
          },
          { name: 'empty', description: 'returns nothing', evaluate: () => Promise.resolve({}) },
          { name: 'slow', description: 'never answers', evaluate: () => new Promise(() => undefined) },
        ],
      },
      {
        name: 'copy',
        evaluators: [{ name: 'echo', description: 'again', evaluate: () => Promise.resolve({ score: 0 }) }],
      },
    ]);
    expect(statuses(h)[1]).toEqual([
      'copy',
      'failed',
      'load: evaluator echo is already registered by plugin judge',
    ]);
    const body = { traceId: TRACE, spanId: SPAN, fields: { label: 'good' } };
    expect(await h.host.runEvaluator('ws-1', 'echo', body)).toMatchObject({
      evaluator: 'echo',
      score: 1,
      label: 'good',
      explanation: 'chat',
    });
    expect(h.delivered.map((d) => d.workspace)).toEqual(['ws-1']);
    expect(h.delivered[0]?.bytes).toContain('gen_ai.evaluation.result');
    await expect(h.host.runEvaluator('ws-2', 'echo', body)).rejects.toThrow(/not found/);
    await expect(h.host.runEvaluator('ws-1', 'empty', body)).rejects.toThrow(
      'evaluator empty failed: returned an invalid result: give a score, a label or both',
    );
    await expect(h.host.runEvaluator('ws-1', 'slow', body)).rejects.toMatchObject({
      kind: 'unavailable',
      message: 'evaluator slow did not finish within 100 ms',
    });
    expect(await sampleOf(h.registry, 'spanloop_plugin_errors_total', { where: 'evaluator' })).toBe(2);
    await h.host.stop();
    await expect(h.host.runEvaluator('ws-1', 'echo', body)).rejects.toMatchObject({ kind: 'unavailable' });
  });
});
