import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChdbExecutor } from '../../core/clickhouse/chdb-executor';
import type { ClickHouseExecutor } from '../../core/clickhouse/executor';
import { migrate } from '../../core/clickhouse/migrate';
import { silentLogger } from '../../core/logger';
import { createClickHouseSpanStore } from '../../core/span-store/clickhouse-span-store';
import { makeRow } from '../../core/span-store/make-row';
import { spanMigrations } from '../../schemas/clickhouse/span-migrations';
import type { SpanRow } from '../../schemas/span-row';
import { fixedWorkspace, type WorkspaceEnv } from '../auth-middleware';
import { errorHandler } from '../error-response';
import { NO_ROOT, type TempoSearchResponse } from './search';
import { tempoRoutes } from './routes';

const WORKSPACE = 'ws-tempo';
const T0 = 1_700_000_000;
const TRACE_A = '0'.repeat(16) + 'a1b2c3d4e5f60718';
const TRACE_B = 'b'.repeat(32);
const range = `start=${T0 - 60}&end=${T0 + 60}`;

const row = (overrides: Partial<SpanRow>): SpanRow => makeRow({ WorkspaceId: WORKSPACE, ...overrides });
const seed: SpanRow[] = [
  row({
    TraceId: TRACE_A,
    SpanId: 'aaaaaaaaaaaaaaa1',
    Timestamp: `${T0}.000000000`,
    Duration: 300e6,
    SpanName: 'GET /cart',
    ServiceName: 'checkout',
    ResourceAttributes: { 'service.name': 'checkout', 'host.cpus': '8' },
    ResourceAttributeTypes: { 'host.cpus': 'int' },
    SpanAttributes: { 'http.method': 'GET', 'http.status_code': '200' },
    SpanAttributeTypes: { 'http.status_code': 'int' },
  }),
  row({
    TraceId: TRACE_A,
    SpanId: 'aaaaaaaaaaaaaaa2',
    ParentSpanId: 'aaaaaaaaaaaaaaa1',
    Timestamp: `${T0}.100000000`,
    Duration: 100e6,
    SpanName: 'SELECT',
    SpanKind: 'Client',
    StatusCode: 'Error',
    ServiceName: 'db',
    ResourceAttributes: { 'service.name': 'db', 'team name': 'storage/eu' },
    SpanAttributes: { 'db.system': 'postgresql' },
    'Events.Timestamp': [`${T0}.150000000`],
    'Events.Name': ['retry'],
    'Events.Attributes': [{ attempt: '2' }],
    'Events.AttributeTypes': [{ attempt: 'int' }],
  }),
  // A trace whose root has not arrived.
  row({
    TraceId: TRACE_B,
    SpanId: 'bbbbbbbbbbbbbbb2',
    ParentSpanId: 'bbbbbbbbbbbbbbb1',
    Timestamp: `${T0 + 10}.000000000`,
    Duration: 50e6,
    SpanName: 'consume',
    SpanKind: 'Consumer',
    ServiceName: 'worker',
    ResourceAttributes: { 'service.name': 'worker' },
    SpanAttributes: { 'http.method': 'POST' },
  }),
];

let executor: ClickHouseExecutor;
let app: Hono<WorkspaceEnv>;
beforeAll(async () => {
  executor = await openChdbExecutor({ path: join(mkdtempSync(join(tmpdir(), 'spanloop-tempo-')), 'ch') });
  await migrate(executor, spanMigrations);
  const store = createClickHouseSpanStore(executor);
  await store.insert({ id: 'tempo-seed', rows: seed });
  app = new Hono<WorkspaceEnv>()
    .use(fixedWorkspace(WORKSPACE))
    .route('/', tempoRoutes({ spans: store, executor, now: () => (T0 + 30) * 1000 }));
  app.onError(errorHandler(silentLogger));
});
afterAll(async () => {
  await executor.close();
});

const get = async (path: string) => {
  const res = await app.request(path);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const search = async (params: string) => {
  const res = await get(`/api/search?${params}&${range}`);
  expect(res.status).toBe(200);
  return res.body as unknown as TempoSearchResponse;
};

describe('Tempo search', () => {
  it('answers TraceQL with Tempo trace summaries and the matched spans', async () => {
    const q = encodeURIComponent('{ span.http.method = "GET" || resource.service.name = "db" }');
    const body = await search(`q=${q}&limit=20&spss=3`);
    expect(body.traces).toHaveLength(1);
    const [trace] = body.traces;
    expect(trace).toMatchObject({
      traceID: TRACE_A,
      rootServiceName: 'checkout',
      rootTraceName: 'GET /cart',
      startTimeUnixNano: `${T0}000000000`,
      durationMs: 300,
      serviceStats: { checkout: { spanCount: 1, errorCount: 0 }, db: { spanCount: 1, errorCount: 1 } },
    });
    expect(trace?.spanSets).toEqual([trace?.spanSet]);
    expect(trace?.spanSet.matched).toBe(2);
    const spans = [...(trace?.spanSet.spans ?? [])].sort((a, b) => a.spanID.localeCompare(b.spanID));
    expect(spans).toEqual([
      {
        spanID: 'aaaaaaaaaaaaaaa1',
        name: 'GET /cart',
        startTimeUnixNano: `${T0}000000000`,
        durationNanos: '300000000',
        attributes: [
          { key: 'service.name', value: { stringValue: 'checkout' } },
          { key: 'http.method', value: { stringValue: 'GET' } },
        ],
      },
      expect.objectContaining({ spanID: 'aaaaaaaaaaaaaaa2', name: 'SELECT', durationNanos: '100000000' }),
    ]);
  });

  it('caps spans per spanset and traces per response, newest first, with root placeholders', async () => {
    const all = await search(`q=${encodeURIComponent('{}')}&spss=1`);
    expect(all.traces.map((t) => t.traceID)).toEqual([TRACE_B, TRACE_A]);
    expect(all.traces.map((t) => t.spanSet.spans.length)).toEqual([1, 1]);
    expect(all.traces[0]).toMatchObject({ rootServiceName: NO_ROOT, rootTraceName: NO_ROOT });
    expect((await search('q=%7B%7D&limit=1')).traces).toHaveLength(1);
  });

  it('serves legacy tag search with min and max duration', async () => {
    const tags = encodeURIComponent('service.name=checkout http.status_code=200');
    expect((await search(`tags=${tags}`)).traces.map((t) => t.traceID)).toEqual([TRACE_A]);
    expect((await search(`tags=${encodeURIComponent('name="GET /cart"')}&minDuration=1s`)).traces).toEqual(
      [],
    );
    expect((await search(`tags=&maxDuration=100ms`)).traces.map((t) => t.traceID)).toEqual([TRACE_B]);
  });

  it('searches only the given range and the last hour by default', async () => {
    const outside = await get(`/api/search?q=%7B%7D&start=${T0 + 100}&end=${T0 + 200}`);
    expect(outside.body.traces).toEqual([]);
    const byDefault = await get('/api/search?q=%7B%7D');
    expect((byDefault.body as unknown as TempoSearchResponse).traces).toHaveLength(2);
  });

  it.each([
    ['q=' + encodeURIComponent('{ name = }'), /^at column 10: expected a value/],
    ['q=' + encodeURIComponent('{ .a =~ "(" }'), /invalid regular expression/],
    ['tags=' + encodeURIComponent('status=broken'), /status/],
    ['minDuration=fast', /minDuration/],
    ['limit=abc', /limit/],
    [`start=${T0}&end=${T0 - 1}`, /start/],
    [`start=${T0 - 90 * 86_400}&end=${T0}`, /31 days/],
  ])('refuses %s with 400', async (params, message) => {
    const res = await get(`/api/search?${params}`);
    expect(res.status).toBe(400);
    expect((res.body as { error: { message: string } }).error.message).toMatch(message);
  });
});

describe('Tempo tags', () => {
  it('lists tag names (v1) and scoped tag names (v2)', async () => {
    expect((await get(`/api/search/tags?${range}`)).body.tagNames).toEqual([
      'db.system',
      'host.cpus',
      'http.method',
      'http.status_code',
      'service.name',
      'team name',
    ]);
    const v2 = await get(`/api/v2/search/tags?${range}`);
    const scopes = v2.body.scopes as { name: string; tags: string[] }[];
    expect(scopes.map((s) => s.name)).toEqual(['resource', 'span', 'event', 'intrinsic']);
    expect(scopes.find((s) => s.name === 'event')?.tags).toEqual(['attempt']);
    expect(scopes.find((s) => s.name === 'intrinsic')?.tags).toContain('rootServiceName');
    const onlySpan = await get(`/api/v2/search/tags?scope=span&${range}`);
    expect(onlySpan.body.scopes).toEqual([
      { name: 'span', tags: ['db.system', 'http.method', 'http.status_code'] },
    ]);
    const filtered = await get(
      `/api/v2/search/tags?scope=span&q=${encodeURIComponent('{ kind = client }')}&${range}`,
    );
    expect(filtered.body.scopes).toEqual([{ name: 'span', tags: ['db.system'] }]);
  });

  it('lists tag values (v1 strings, v2 typed), filtered by q and with double-encoded names', async () => {
    expect((await get(`/api/search/tag/service.name/values?${range}`)).body.tagValues).toEqual([
      'checkout',
      'db',
      'worker',
    ]);
    expect((await get(`/api/search/tag/name/values?${range}`)).body.tagValues).toEqual([
      'GET /cart',
      'SELECT',
      'consume',
    ]);
    const typed = await get(`/api/v2/search/tag/span.http.status_code/values?${range}`);
    expect(typed.body.tagValues).toEqual([{ type: 'int', value: '200' }]);
    const q = encodeURIComponent('{ resource.service.name = "worker" }');
    const filtered = await get(`/api/v2/search/tag/span.http.method/values?q=${q}&${range}`);
    expect(filtered.body.tagValues).toEqual([{ type: 'string', value: 'POST' }]);
    // A partial query (the one being typed) is ignored, as Tempo does.
    const partial = encodeURIComponent('{ resource.service.name = "worker" && span.http.method = }');
    const unfiltered = await get(`/api/v2/search/tag/span.http.method/values?q=${partial}&${range}`);
    expect(unfiltered.body.tagValues).toHaveLength(2);
    const doubleEncoded = encodeURIComponent(encodeURIComponent('resource.team name'));
    const team = await get(`/api/v2/search/tag/${doubleEncoded}/values?${range}`);
    expect(team.body.tagValues).toEqual([{ type: 'string', value: 'storage/eu' }]);
    const status = await get(`/api/v2/search/tag/status/values?${range}`);
    expect(status.body.tagValues).toContainEqual({ type: 'keyword', value: 'error' });
    const events = await get(`/api/v2/search/tag/event.attempt/values?${range}`);
    expect(events.body.tagValues).toEqual([{ type: 'int', value: '2' }]);
    const roots = await get(`/api/v2/search/tag/rootServiceName/values?${range}`);
    expect(roots.body.tagValues).toEqual([{ type: 'string', value: 'checkout' }]);
  });
});

describe('hostile input', () => {
  const hostile = `k'"\\{}--;`;
  it('treats a hostile tag name as a name, never as SQL', async () => {
    for (const name of [`span.${hostile}`, `.${hostile}`, hostile]) {
      const res = await get(
        `/api/v2/search/tag/${encodeURIComponent(encodeURIComponent(name))}/values?${range}`,
      );
      expect(res).toEqual({ status: 200, body: { tagValues: [], metrics: expect.any(Object) as unknown } });
    }
    expect(
      (await get(`/api/search/tag/${encodeURIComponent(hostile)}/values?${range}`)).body.tagValues,
    ).toEqual([]);
  });

  it('treats hostile legacy tags and TraceQL strings as values, and refuses a hostile scope', async () => {
    const tags = encodeURIComponent(`name="'; DROP TABLE spans; --" ${hostile}="\\\\ \\""`);
    expect((await search(`tags=${tags}`)).traces).toEqual([]);
    const q = encodeURIComponent(`{ span."${hostile.replace(/["\\]/g, '\\$&')}" = "') OR 1=1 --" }`);
    expect((await search(`q=${q}`)).traces).toEqual([]);
    expect((await get(`/api/v2/search/tags?scope=${encodeURIComponent("span') --")}&${range}`)).status).toBe(
      400,
    );
    expect((await search('q=%7B%7D')).traces).toHaveLength(2);
  });
});

describe('Tempo trace by id', () => {
  it('left-pads short ids and answers JSON without a protobuf Accept header', async () => {
    const v2 = await get('/api/v2/traces/A1B2C3D4E5F60718');
    expect(v2.status).toBe(200);
    const resourceSpans = (v2.body.trace as { resourceSpans: { scopeSpans: { spans: unknown[] }[] }[] })
      .resourceSpans;
    expect(resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans))).toHaveLength(2);
    const v1 = await get('/api/traces/a1b2c3d4e5f60718');
    expect(v1.body.batches).toHaveLength(2);
  });

  it('answers 404 for an unknown trace and 400 for a malformed id', async () => {
    expect((await get(`/api/v2/traces/${'f'.repeat(32)}`)).status).toBe(404);
    expect((await get('/api/traces/xyz')).status).toBe(400);
  });
});
