import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { err } from '../core/result';
import { AppError } from '../core/app-error';
import type { ClickHouseExecutor } from '../core/clickhouse/executor';
import { silentLogger } from '../core/logger';
import { openPgliteStore } from '../core/metadata';
import { migrateMetadata } from '../core/metadata/migrate';
import type { MetadataStore } from '../core/metadata/types';
import { createMetricsRegistry } from '../core/metrics/registry';
import { createPluginHost, type PluginEntry, type PluginHost } from '../plugins/host';
import example from '../plugins/sdk/example/index';
import { definePlugin, type Plugin, type PluginOpenApi } from '../plugins/sdk';
import { createApiApp } from '../query/app';
import { COMPONENTS, DOCUMENTED_OPERATIONS, type OpenApiDocument } from '../query/openapi';
import { coreMetadataMigrations } from '../schemas/postgres/core-migrations';
import { BUILTIN_PLUGINS } from './builtin-plugins';
import { NO_MODEL_GATEWAY, reservedPluginNames } from './plugins';

// Plugins' OpenAPI contributions through the real plugin host into the API app: every route a plugin serves is
// in the document the app answers, and nothing a plugin documents collides with the rest of it.
let metadata: MetadataStore;
let host: PluginHost;
let doc: OpenApiDocument;
let app: ReturnType<typeof createApiApp>;

const unused = () => Promise.reject(new Error('this test walks routes and never reads'));
const executor: ClickHouseExecutor = { query: unused, command: unused, insert: unused, close: unused };
const Thing = z.object({ id: z.string() });
const documenting = (name: string, openapi: PluginOpenApi, extra: Partial<Plugin> = {}): PluginEntry => ({
  source: `${name}.mjs`,
  plugin: definePlugin({
    name,
    routes(r) {
      r.get('/things', (c) => c.json({ id: '1' }));
    },
    ...extra,
    openapi,
  }),
});
const things = (operationId: string) => ({
  path: '/things',
  operationId,
  summary: 'things',
  response: { description: 'a thing', body: 'Thing' },
});

beforeAll(async () => {
  metadata = await openPgliteStore({ path: join(mkdtempSync(join(tmpdir(), 'spanloop-oas-')), 'pg') });
  await migrateMetadata(metadata, coreMetadataMigrations);
  host = createPluginHost({
    logger: silentLogger,
    metrics: createMetricsRegistry(),
    metadata,
    spans: { trace: unused, searchTraces: unused },
    clickhouse: executor,
    models: NO_MODEL_GATEWAY,
    authenticate: () => Promise.resolve(err(new AppError('unauthenticated', 'no'))),
    deliver: () => Promise.resolve(),
    defaultWorkspaceId: 'default',
    reservedNames: reservedPluginNames(),
    reservedOpenApi: {
      components: Object.keys(COMPONENTS),
      operationIds: DOCUMENTED_OPERATIONS.map((op) => op.operationId),
    },
  });
  await host.start([
    ...BUILTIN_PLUGINS.map((plugin) => ({ plugin, source: 'builtin' })),
    { plugin: example, source: 'plugins/sdk/example/index.ts' },
    documenting('shadow', { components: { TraceView: Thing }, operations: [things('shadowThings')] }),
    documenting('twin', { components: { Thing }, operations: [things('listPrompts')] }),
    documenting(
      'rooted',
      {
        components: { Thing },
        operations: [things('rootedThings')],
        rootOperations: [
          { ...things('rootedServed'), path: '/rooted/{id}', pathParams: { id: z.string() } },
          { ...things('rootedClaimed'), path: '/api/v1/traces' },
        ],
      },
      {
        rootRoutes(r) {
          r.get('/rooted/:id', (c) => c.json({ id: c.req.param('id') }));
        },
      },
    ),
  ]);
  app = createApiApp({
    logger: silentLogger,
    metadata,
    authenticate: () => Promise.resolve(err(new AppError('unauthenticated', 'no'))),
    loginLimiter: { retryAfter: () => undefined, fail: () => undefined },
    ready: () => Promise.resolve(true),
    spans: { trace: unused, searchTraces: unused, searchSpans: unused },
    executor,
    plugins: host,
    mount: (api) => host.mount(api),
    mountRoot: (api) => host.mountRoot(api),
    openApi: () => host.openApi(),
  });
  const res = await app.request('/api/v1/openapi.json');
  expect(res.status).toBe(200);
  doc = (await res.json()) as OpenApiDocument;
});
afterAll(async () => {
  await host.stop();
  await metadata.close();
});

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op })),
  );

describe('plugin operations in the OpenAPI document', () => {
  it('is still a valid OpenAPI 3.1 document, with unique operation ids', async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(JSON.stringify(doc)) as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    const ids = operations().map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents every route the app serves, plugins included, and no route it lacks', () => {
    const toOpenApi = (path: string) => path.replace(/:(\w+)/g, '{$1}');
    const routes = new Set(
      app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${toOpenApi(r.path)}`),
    );
    const documented = new Set(operations().map(({ path, method }) => `${method.toUpperCase()} ${path}`));
    // The failed plugins still answer (503 from the host) but document nothing; the console serves no route here.
    const undocumented = [...routes].filter((r) => !documented.has(r));
    expect(undocumented).toEqual(['GET /api/v1/shadow/things', 'GET /api/v1/twin/things']);
    expect([...documented].filter((r) => !routes.has(r))).toEqual([]);
    const prompts = [...documented].filter((r) => / \/(api\/v1|v1\/loop)\/prompts/.test(r));
    expect(prompts).toHaveLength(32);
    expect(documented).toContain('GET /api/v1/example/llm-calls');
    expect(documented).toContain('GET /rooted/{id}');
  });

  it('adds the statuses the host answers itself and tags each operation with its plugin', () => {
    const fetch = doc.paths['/api/v1/prompts/{key}']?.get;
    expect(fetch?.tags).toEqual(['prompts']);
    expect(Object.keys(fetch?.responses ?? {}).sort()).toEqual([
      '200',
      '304',
      '400',
      '401',
      '403',
      '404',
      '409',
      '429',
      '503',
    ]);
    expect(fetch?.parameters?.map((p) => [p.name, p.in, p.required])).toEqual([
      ['key', 'path', true],
      ['version', 'query', false],
      ['label', 'query', false],
    ]);
    const mget = doc.paths['/v1/loop/prompts/mget']?.post;
    expect(Object.keys(mget?.responses ?? {}).sort()).toEqual(['200', '401', '403', '429', '503']);
    expect(mget?.requestBody?.content['application/json'].schema).toMatchObject({
      required: ['workspace_id', 'queries'],
    });
    expect(doc.paths['/v1/loop/prompts/execute_streaming']?.post?.responses['200']?.content).toEqual({
      'text/event-stream': {},
    });
    expect(doc.tags.map((t) => t.name)).toEqual(expect.arrayContaining(['prompts', 'example', 'rooted']));
    expect(doc.components.schemas).toHaveProperty('PromptRunResult');
    expect(doc.components.schemas).toHaveProperty('CozeloopMGetResponse');
  });

  it('fails a plugin whose component or operation id is taken, and leaves out root routes it does not serve', () => {
    const status = Object.fromEntries(host.list().plugins.map((p) => [p.name, [p.status, p.error]]));
    expect(status.prompts).toEqual(['running', undefined]);
    expect(status.example).toEqual(['running', undefined]);
    expect(status.shadow).toEqual([
      'failed',
      'load: openapi: component TraceView is already documented by Spanloop',
    ]);
    expect(status.twin).toEqual([
      'failed',
      'load: openapi: operation id listPrompts is already documented by plugin prompts',
    ]);
    expect(status.rooted).toEqual(['running', undefined]);
    // rooted documents /api/v1/traces without serving it: Spanloop's own operation stays.
    expect(doc.paths['/api/v1/traces']?.get?.operationId).toBe('searchTraces');
    expect(JSON.stringify(doc)).not.toContain('rootedClaimed');
    expect(doc.paths['/api/v1/shadow/things']).toBeUndefined();
  });
});
