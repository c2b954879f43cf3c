import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChdbExecutor } from '../../core/clickhouse/chdb-executor';
import type { ClickHouseExecutor } from '../../core/clickhouse/executor';
import { migrate } from '../../core/clickhouse/migrate';
import { createClickHouseSpanStore } from '../../core/span-store/clickhouse-span-store';
import { makeRow } from '../../core/span-store/make-row';
import { spanMigrations } from '../../schemas/clickhouse/span-migrations';
import type { SpanRow } from '../../schemas/span-row';
import { compileTraceQL } from './compile';

const WORKSPACE = 'ws-traceql';
const TRACE_A = 'a'.repeat(32);
const TRACE_B = 'b'.repeat(32);
const TRACE_C = 'c'.repeat(32);
const TRACE_D = 'd'.repeat(32);
const HOSTILE_KEY = `k'"\\{}--;`;
const HOSTILE_VALUE = `v'); DROP TABLE spans; --{}\\"`;
const at = (ms: number): string =>
  `${1_700_000_000 + Math.floor(ms / 1000)}.${String((ms % 1000) * 1e6).padStart(9, '0')}`;

const row = (name: string, overrides: Partial<SpanRow>): SpanRow =>
  makeRow({
    WorkspaceId: WORKSPACE,
    SpanName: name,
    SpanId: Buffer.from(name.padEnd(8).slice(0, 8)).toString('hex'),
    ...overrides,
  });

const checkout = { 'service.name': 'checkout', 'deployment.environment': 'prod' };
const seed: SpanRow[] = [
  row('GET /cart', {
    TraceId: TRACE_A,
    Timestamp: at(0),
    Duration: 250e6,
    ServiceName: 'checkout',
    ResourceAttributes: checkout,
    SpanAttributes: { 'http.method': 'GET', 'http.status_code': '200', 'cache.hit': 'true' },
    SpanAttributeTypes: { 'http.status_code': 'int', 'cache.hit': 'bool' },
  }),
  row('SELECT cart', {
    TraceId: TRACE_A,
    Timestamp: at(10),
    Duration: 40e6,
    ParentSpanId: 'parent01',
    SpanKind: 'Client',
    ServiceName: 'checkout',
    ResourceAttributes: checkout,
    SpanAttributes: { 'db.system': 'postgresql', rows: '12', ratio: '0.5' },
    SpanAttributeTypes: { rows: 'int', ratio: 'double' },
    'Events.Timestamp': [at(20)],
    'Events.Name': ['retry'],
    'Events.Attributes': [{ attempt: '2' }],
    'Events.AttributeTypes': [{ attempt: 'int' }],
  }),
  row('chat gpt-4o', {
    TraceId: TRACE_A,
    Timestamp: at(50),
    Duration: 1500e6,
    ParentSpanId: 'parent01',
    SpanKind: 'Client',
    StatusCode: 'Error',
    StatusMessage: 'rate limited',
    ServiceName: 'checkout',
    ResourceAttributes: checkout,
    SpanAttributes: { 'gen_ai.request.model': 'gpt-4o', 'http.status_code': '429', team: 'ml' },
    'Links.TraceId': [TRACE_B],
    'Links.SpanId': ['0102030405060708'],
    'Links.TraceState': [''],
    'Links.Attributes': [{ 'link.kind': 'retry' }],
    'Links.AttributeTypes': [{}],
  }),
  row('POST /search', {
    TraceId: TRACE_B,
    Timestamp: at(5000),
    Duration: 80e6,
    StatusCode: 'Ok',
    ServiceName: 'search',
    ResourceAttributes: { 'service.name': 'search', 'deployment.environment': 'staging' },
    SpanAttributes: { 'http.method': 'POST', 'http.status_code': '201', 'weird key': 'x' },
    SpanAttributeTypes: { 'http.status_code': 'int' },
  }),
  row('embed', {
    TraceId: TRACE_B,
    Timestamp: at(5010),
    Duration: 30e6,
    ParentSpanId: 'parent02',
    SpanKind: 'Internal',
    ServiceName: 'search',
    ResourceAttributes: { 'service.name': 'search' },
  }),
  row('process job', {
    TraceId: TRACE_C,
    Timestamp: at(9000),
    Duration: 5e9,
    ParentSpanId: 'deadbeefdeadbeef',
    SpanKind: 'Consumer',
    ServiceName: 'worker',
    ResourceAttributes: { 'service.name': 'worker', team: 'infra' },
    SpanAttributes: { queue: 'jobs' },
  }),
  row('hostile', {
    TraceId: TRACE_D,
    Timestamp: at(12000),
    ServiceName: 'hostile',
    ResourceAttributes: { 'service.name': 'hostile' },
    SpanAttributes: { [HOSTILE_KEY]: HOSTILE_VALUE },
  }),
];

// Spans (each its own trace) lasting 1 ns less than, exactly and 1 ns more than one second, apart from the seed.
const EDGE_WORKSPACE = 'ws-traceql-edge';
const edges: SpanRow[] = (
  [
    ['under', 999_999_999],
    ['exact', 1_000_000_000],
    ['over', 1_000_000_001],
  ] as const
).map(([name, ns]) => makeRow({ WorkspaceId: EDGE_WORKSPACE, SpanName: name, Duration: ns }));

let executor: ClickHouseExecutor;
beforeAll(async () => {
  executor = await openChdbExecutor({ path: join(mkdtempSync(join(tmpdir(), 'spanloop-traceql-')), 'ch') });
  await migrate(executor, spanMigrations);
  await createClickHouseSpanStore(executor).insert({ id: 'traceql-seed', rows: seed });
  await createClickHouseSpanStore(executor).insert({ id: 'traceql-edges', rows: edges });
});
afterAll(async () => {
  await executor.close();
});

const scope = 'WorkspaceId = {workspaceId:String}';
const compile = (q: string) => {
  const r = compileTraceQL(q, { traceScope: scope });
  if (!r.ok) throw new Error(`${q}: ${r.error.message}`);
  return r.value;
};
const matches = async (q: string, workspaceId = WORKSPACE): Promise<string[]> => {
  const { sql, params } = compile(q);
  const rows = await executor.query(
    `SELECT SpanName FROM spans WHERE ${scope} AND (${sql}) ORDER BY SpanName`,
    { ...params, workspaceId },
  );
  return rows.map((r) => (r as { SpanName: string }).SpanName);
};

const all = seed.map((r) => r.SpanName).sort();
const traceA = ['GET /cart', 'SELECT cart', 'chat gpt-4o'];

describe('TraceQL over the spans table (chdb)', () => {
  it.each<[string, string[]]>([
    ['{}', all],
    ['{ name = "GET /cart" }', ['GET /cart']],
    ['{ name != "GET /cart" && resource.service.name = "checkout" }', ['SELECT cart', 'chat gpt-4o']],
    ['{ name =~ "GET.*" }', ['GET /cart']],
    ['{ name =~ "GET" }', []],
    ['{ name !~ ".*cart.*" && resource.service.name = "checkout" }', ['chat gpt-4o']],
    ['{ status = error }', ['chat gpt-4o']],
    ['{ status != unset }', ['POST /search', 'chat gpt-4o']],
    ['{ kind = server && resource.service.name != "hostile" }', ['GET /cart', 'POST /search']],
    ['{ duration > 1s }', ['chat gpt-4o', 'process job']],
    ['{ duration >= 80ms && duration < 250ms }', ['POST /search']],
    ['{ span.http.status_code = 200 }', ['GET /cart']],
    ['{ span.http.status_code >= 200 }', ['GET /cart', 'POST /search']],
    ['{ span.http.status_code = "429" }', ['chat gpt-4o']],
    ['{ span.cache.hit = true }', ['GET /cart']],
    ['{ span.ratio < 1 && span.rows = 12 }', ['SELECT cart']],
    ['{ resource.deployment.environment = "prod" && kind = client }', ['SELECT cart', 'chat gpt-4o']],
    ['{ .team = "infra" }', ['process job']],
    ['{ .team = "ml" }', ['chat gpt-4o']],
    ['{ .team != nil }', ['chat gpt-4o', 'process job']],
    ['{ span.db.system = nil && resource.service.name = "checkout" }', ['GET /cart', 'chat gpt-4o']],
    ['{ (name = "embed" || name = "process job") && duration > 10ms }', ['embed', 'process job']],
    ['{ rootName = "GET /cart" }', traceA],
    ['{ rootServiceName = "search" && kind = internal }', ['embed']],
    ['{ traceDuration > 1s }', [...traceA, 'process job'].sort()],
    ['{ trace:duration < 1s && trace:rootService != "hostile" }', ['POST /search', 'embed']],
    ['{ event:name = "retry" && event.attempt = 2 }', ['SELECT cart']],
    ['{ link.link.kind = "retry" }', ['chat gpt-4o']],
    ['{ span:statusMessage = "rate limited" && statusMessage =~ "rate.*" }', ['chat gpt-4o']],
    ['{ span:parentID = nil && resource.service.name != "hostile" }', ['GET /cart', 'POST /search']],
    ['{ instrumentation:name = "test-scope" && kind = consumer }', ['process job']],
    ['{ span."weird key" = "x" }', ['POST /search']],
    [`{ trace:id = "${TRACE_B}" && span:kind = internal }`, ['embed']],
    ['{ span:kind = client && span:duration < 1s }', ['SELECT cart']],
    ['{ instrumentation.anything = "x" }', []],
  ])('%s', async (q, expected) => {
    expect(await matches(q)).toEqual(expected);
  });
});

describe('duration comparisons at the boundary', () => {
  it.each<[string, string[]]>([
    ['>', ['over']],
    ['>=', ['exact', 'over']],
    ['<', ['under']],
    ['<=', ['exact', 'under']],
    ['=', ['exact']],
    ['!=', ['over', 'under']],
  ])('duration %s 1s', async (op, expected) => {
    for (const field of ['duration', 'span:duration', 'traceDuration', 'trace:duration'])
      for (const second of ['1s', '1000ms', '1000000000ns'])
        expect(
          await matches(`{ ${field} ${op} ${second} }`, EDGE_WORKSPACE),
          `${field} ${op} ${second}`,
        ).toEqual(expected);
  });
});

const quote = (s: string): string => JSON.stringify(s);
const hostileStrings = [
  `'`,
  `"`,
  `\\`,
  `{`,
  `}`,
  `--`,
  `;`,
  `'; DROP TABLE spans; --`,
  `{workspaceId:String}`,
  `') OR 1=1 OR ('`,
  `\\' OR 1=1 --`,
  HOSTILE_VALUE,
];

describe('injection', () => {
  it.each(hostileStrings)('a hostile value or key %j only ever becomes a parameter', async (hostile) => {
    const shapes = [
      (s: string) => `{ span.${quote(s)} = ${quote(s)} }`,
      (s: string) => `{ name =~ ${quote(s.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&'))} || .${quote(s)} != nil }`,
      (s: string) => `{ rootName != ${quote(s)} && resource.${quote(s)} <= ${quote(s)} }`,
    ];
    for (const shape of shapes) {
      const hostileSql = compile(shape(hostile));
      // The SQL text depends only on the query's shape, never on what the strings hold.
      expect(hostileSql.sql).toBe(compile(shape('plain')).sql);
      expect(Object.values(hostileSql.params)).toContain(hostile);
      await matches(shape(hostile));
    }
    expect(await executor.query('SELECT count() AS n FROM spans')).toEqual([
      { n: seed.length + edges.length },
    ]);
  });

  it('finds the span whose attribute key and value are hostile, and only it', async () => {
    expect(await matches(`{ span.${quote(HOSTILE_KEY)} = ${quote(HOSTILE_VALUE)} }`)).toEqual(['hostile']);
    expect(await matches(`{ .${quote(HOSTILE_KEY)} != nil }`)).toEqual(['hostile']);
    expect(await matches(`{ span.${quote(HOSTILE_KEY)} = "v'" }`)).toEqual([]);
  });

  it.each([
    `{ name = "x" }; DROP TABLE spans --`,
    `{ name = "x" } -- comment`,
    `{ name = 'x' }`,
    `{ name = "x" || 1=1 }`,
    `{ name = x) OR (1 }`,
  ])('refuses hostile query text %j as malformed', (q) => {
    const r = compileTraceQL(q, { traceScope: scope });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/^at column \d+: /);
  });
});
