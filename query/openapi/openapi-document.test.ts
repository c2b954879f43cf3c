import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ClickHouseExecutor } from '../../core/clickhouse/executor';
import { silentLogger } from '../../core/logger';
import type { OpenApiContribution, OperationDoc } from '../../schemas/openapi-operation';
import { createApiApp } from '../app';
import { buildOpenApiDocument } from './openapi-document';
import type { HttpMethod, OpenApiDocument } from './openapi-document';
import { componentValidator, documentedResponse } from './response-conformance';

const unused = () => Promise.reject(new Error('this test walks routes and never reads'));
const executor: ClickHouseExecutor = { query: unused, command: unused, insert: unused, close: unused };
const app = createApiApp({
  logger: silentLogger,
  metadata: { query: unused, transaction: unused, close: unused },
  authenticate: unused,
  loginLimiter: { retryAfter: () => undefined, fail: () => undefined },
  ready: () => Promise.resolve(true),
  spans: { trace: unused, searchTraces: unused, searchSpans: unused },
  executor,
});

const doc = buildOpenApiDocument();
const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ path, method: method as HttpMethod, op })),
);

/** Every `$ref` in a JSON value. */
const refsIn = (value: unknown): string[] => {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) =>
    key === '$ref' && typeof v === 'string' ? [v] : refsIn(v),
  );
};

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(JSON.stringify(doc)) as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('has the required fields, unique operation ids and only references that resolve', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Spanloop API', version: expect.any(String) as string });
    const ids = operations.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = new Set(doc.tags.map((t) => t.name));
    for (const { path, op } of operations) {
      expect(
        op.tags.every((t) => tags.has(t)),
        path,
      ).toBe(true);
      const success = Object.keys(op.responses).filter((s) => s.startsWith('2'));
      expect(success.length, path).toBe(1);
      expect(op.responses[success[0] ?? '']?.description, path).toBeTruthy();
      const declared = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(declared, path).toEqual(templated);
    }
    for (const ref of refsIn(doc))
      expect(doc.components.schemas, ref).toHaveProperty(ref.split('/').pop() ?? '');
    expect(JSON.stringify(doc)).not.toMatch(/"\$(schema|id)"/);
  });

  it('documents every route of the API app, and no route the app lacks', () => {
    const toOpenApi = (path: string) => path.replace(/:(\w+)/g, '{$1}');
    // ALL entries are middleware and catch-all fallbacks (Jaeger's 404 envelope), not operations.
    const routes = new Set(
      app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${toOpenApi(r.path)}`),
    );
    const documented = new Set(operations.map(({ path, method }) => `${method.toUpperCase()} ${path}`));
    expect([...routes].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => !routes.has(r))).toEqual([]);
    expect([...routes].filter((r) => r.startsWith('GET /api/v1/')).length).toBeGreaterThanOrEqual(7);
  });

  it('documents the /api/v1 query parameters in their URL form', () => {
    const search = doc.paths['/api/v1/traces']?.get?.parameters ?? [];
    expect(search.map((p) => p.name)).toEqual([
      'from',
      'to',
      'service',
      'spanName',
      'kind',
      'status',
      'minDurationMs',
      'maxDurationMs',
      'attr',
      'filter',
      'model',
      'provider',
      'spanType',
      'minTokens',
      'maxTokens',
      'minCost',
      'maxCost',
      'promptKey',
      'promptVersion',
      'sessionId',
      'userId',
      'text',
      'rootOnly',
      'sort',
      'order',
      'limit',
      'cursor',
    ]);
    expect(search.filter((p) => p.required).map((p) => p.name)).toEqual(['from', 'to']);
    expect(search.find((p) => p.name === 'attr')).toMatchObject({
      schema: { type: 'array', maxItems: 20 },
      explode: true,
    });
    expect(search.find((p) => p.name === 'filter')).toMatchObject({
      schema: { type: 'array' },
      explode: true,
    });
    const spans = doc.paths['/api/v1/spans']?.get?.parameters ?? [];
    expect(spans.map((p) => p.name)).toEqual([...search.map((p) => p.name), 'include']);
    for (const path of ['/api/v1/traces/search', '/api/v1/spans/search'])
      expect(doc.paths[path]?.post?.requestBody?.content['application/json'].schema, path).toMatchObject({
        required: ['from', 'to'],
        additionalProperties: false,
        properties: {
          filters: { type: 'array', maxItems: 20 },
          sort: { enum: ['startTime', 'duration', 'cost', 'tokens'] },
        },
      });
    const users = doc.paths['/api/v1/users']?.get?.parameters ?? [];
    expect(users.map((p) => p.name)).not.toContain('userId');
    expect(users.find((p) => p.name === 'limit')?.schema).toEqual({
      type: 'integer',
      minimum: 1,
      maximum: 1000,
      default: 50,
    });
    const sessions = doc.paths['/api/v1/sessions']?.get?.parameters ?? [];
    for (const [list, params] of [
      ['sessions', sessions],
      ['users', users],
    ] as const) {
      expect(params.find((p) => p.name === 'sort')?.schema, list).toMatchObject({
        default: 'lastSeen',
        enum: expect.arrayContaining([
          'lastSeen',
          'firstSeen',
          'traces',
          'tokens',
          'cost',
          'errors',
        ]) as string[],
      });
      expect(params.find((p) => p.name === 'order')?.schema, list).toMatchObject({ enum: ['asc', 'desc'] });
    }
    const metrics = doc.paths['/api/v1/metrics']?.get?.parameters ?? [];
    expect(metrics.find((p) => p.name === 'groupBy')?.schema).toMatchObject({
      type: 'array',
      items: { enum: expect.arrayContaining(['model', 'promptVersion']) as string[] },
    });
    const session = doc.paths['/api/v1/sessions/{sessionId}']?.get?.parameters ?? [];
    expect(session.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(['sessionId']);
    expect(session.map((p) => p.name).filter((n) => n === 'sessionId')).toHaveLength(1);
  });

  it('gives every /api/v1 error the error body', () => {
    for (const { path, method, op } of operations.filter((o) => o.path.startsWith('/api/v1/')))
      for (const status of Object.keys(op.responses).filter((s) => s >= '400'))
        expect(documentedResponse(doc, path, Number(status), method)?.schemaRef, `${path} ${status}`).toBe(
          '#/components/schemas/ErrorBody',
        );
  });

  it('is served at /api/v1/openapi.json and validates against its own schema', async () => {
    const res = await app.request('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const served = (await res.json()) as OpenApiDocument;
    expect(served).toEqual(JSON.parse(JSON.stringify(doc)));
    const ref = documentedResponse(doc, '/api/v1/openapi.json', 200)?.schemaRef ?? '';
    expect(componentValidator(doc)(ref, served)).toEqual([]);
    const bad = await app.request('/api/v1/traces');
    expect(componentValidator(doc)('#/components/schemas/ErrorBody', await bad.json())).toEqual([]);
  });

  it('documents the time to first token of a metrics point, null in a bucket without streamed calls', () => {
    const validate = componentValidator(doc);
    const point = {
      timestamp: 0,
      requests: 1,
      errors: 0,
      errorRate: 0,
      latencyMs: { p50: 1, p90: 1, p99: 1 },
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      totalTokens: 0,
      cost: 0,
      timeToFirstTokenSpans: 0,
      timeToFirstTokenMs: null,
    };
    expect(validate('#/components/schemas/MetricsPoint', point)).toEqual([]);
    const streamed = { ...point, timeToFirstTokenSpans: 1, timeToFirstTokenMs: { p50: 2, p90: 2, p99: 2 } };
    expect(validate('#/components/schemas/MetricsPoint', streamed)).toEqual([]);
    const missing: Partial<typeof point> = { ...point };
    delete missing.timeToFirstTokenMs;
    expect(validate('#/components/schemas/MetricsPoint', missing)).not.toEqual([]);
  });
});

describe('contributed operations (plugins)', () => {
  const Thing = z.object({ id: z.string(), tags: z.array(z.string()) });
  const contribution = (
    name: string,
    ops: Partial<OperationDoc & { tag: string }>[],
    components: Record<string, z.ZodType> = { Thing },
  ): OpenApiContribution => ({
    tag: { name, description: `the ${name} plugin` },
    components,
    operations: ops.map((op, i) => ({
      path: `/api/v1/${name}/things/{id}`,
      operationId: `${name}Thing${i}`,
      tag: name,
      summary: 'a thing',
      pathParams: { id: z.string() },
      response: { description: 'the thing', body: 'Thing' },
      ...op,
    })),
  });

  it('adds operations, components and a tag, and stays a valid document', async () => {
    const extended = buildOpenApiDocument([
      contribution('acme', [{}, { method: 'put', body: Thing, errors: ['400', '413'] }]),
    ]);
    expect(
      (await new Validator().validate(JSON.parse(JSON.stringify(extended)) as Record<string, unknown>)).valid,
    ).toBe(true);
    const item = extended.paths['/api/v1/acme/things/{id}'];
    expect(item?.get?.responses['200']).toEqual({
      description: 'the thing',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } },
    });
    expect(Object.keys(item?.put?.responses ?? {})).toEqual(['200', '400', '413']);
    expect(extended.components.schemas.Thing).toMatchObject({ required: ['id', 'tags'] });
    expect(extended.tags.at(-1)).toEqual({ name: 'acme', description: 'the acme plugin' });
    expect(Object.keys(extended.paths).length).toBe(Object.keys(doc.paths).length + 1);
  });

  it('leaves out a contribution that collides or does not convert, saying why in its tag', () => {
    const extended = buildOpenApiDocument([
      contribution('shadow', [{}], { TraceView: Thing }),
      contribution('twin', [{ operationId: 'getTrace' }]),
      contribution('claim', [{ path: '/api/v1/traces/{traceId}', pathParams: { traceId: z.string() } }]),
      contribution('loose', [{ pathParams: {} }]),
      contribution('traces', [{}]),
      contribution('fine', [{}]),
    ]);
    const described = Object.fromEntries(extended.tags.map((t) => [t.name, t.description]));
    expect(described.shadow).toBe(
      'the shadow plugin (not documented here: component TraceView is already in the document)',
    );
    expect(described.twin).toMatch(/operation id getTrace is already in the document/);
    expect(described.claim).toMatch(/GET \/api\/v1\/traces\/\{traceId\} is already in the document/);
    expect(described.loose).toMatch(/no schema for path parameter id/);
    // A tag Spanloop uses is not taken over: the operations would be listed among its own.
    expect(described.traces).toBe('Traces and spans with their LLM fields');
    expect(described.fine).toBe('the fine plugin');
    expect(extended.components.schemas.TraceView).toEqual(doc.components.schemas.TraceView);
    expect(extended.paths['/api/v1/traces/{traceId}']?.get?.operationId).toBe('getTrace');
    expect(Object.keys(extended.paths).filter((p) => !(p in doc.paths))).toEqual([
      '/api/v1/fine/things/{id}',
    ]);
  });
});
