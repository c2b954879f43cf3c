import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChdbEngine } from '../core/span-store/chdb-span-store';
import { at, BASE_MS, hexId, makeRow } from '../core/span-store/make-row';
import type { SpanStore } from '../core/span-store/types';
import { silentLogger } from '../core/logger';
import type { TraceSearchResult } from '../schemas/span-query';
import type { SpanSearchResult } from '../schemas/span-summary';
import { fixedWorkspace, type WorkspaceEnv } from './auth-middleware';
import { errorHandler } from './error-response';
import { buildOpenApiDocument } from './openapi';
import { componentValidator } from './openapi/response-conformance';
import { traceRoutes } from './trace-routes';

const WORKSPACE = 'ws-search-routes';
const range = { from: BASE_MS - 60_000, to: BASE_MS + 600_000 };
const qs = `from=${range.from}&to=${range.to}`;
const ODD_KEY = 'odd "key" = {x:String};--';
const traceA = hexId(16);
const traceB = hexId(16);
const root = makeRow({
  WorkspaceId: WORKSPACE,
  TraceId: traceA,
  SpanName: 'turn',
  Timestamp: at(0),
  Duration: 3e9,
});
const rows = [
  root,
  makeRow({
    WorkspaceId: WORKSPACE,
    TraceId: traceA,
    ParentSpanId: root.SpanId,
    SpanName: 'chat',
    SpanKind: 'Client',
    Timestamp: at(1),
    Duration: 2e9,
    SpanType: 'llm',
    LlmProvider: 'openai',
    TotalTokens: 300,
    TotalCost: 0.3,
    LlmInput: JSON.stringify([{ role: 'user', content: 'hello' }]),
    SpanAttributes: { 'http.status_code': '503', [ODD_KEY]: "it's; -- {v}" },
  }),
  makeRow({
    WorkspaceId: WORKSPACE,
    TraceId: traceB,
    SpanName: 'GET /b',
    Timestamp: at(5),
    Duration: 1e9,
    SpanAttributes: { 'http.status_code': '200' },
  }),
];

let store: SpanStore;
let app: Hono<WorkspaceEnv>;
const doc = buildOpenApiDocument();
const validate = componentValidator(doc);

beforeAll(async () => {
  ({ store } = await openChdbEngine({
    path: join(mkdtempSync(join(tmpdir(), 'spanloop-search-')), 'ch'),
    readers: 1,
  }));
  await store.insert({ id: 'search-routes-seed', rows });
  app = new Hono<WorkspaceEnv>()
    .use(fixedWorkspace(WORKSPACE))
    .route('/api/v1', traceRoutes({ spans: store }));
  app.onError(errorHandler(silentLogger));
});
afterAll(async () => {
  await store.close();
});

const get = async (path: string) => {
  const res = await app.request(path);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const post = async (path: string, body: unknown) => {
  const res = await app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const filter = (text: string) => `filter=${encodeURIComponent(text)}`;

describe('trace search routes', () => {
  it('GET and POST answer the same traces for the same filters', async () => {
    const byUrl = await get(
      `/api/v1/traces?${qs}&${filter('span.http.status_code>=500')}&kind=client&provider=openai`,
    );
    const byBody = await post('/api/v1/traces/search', {
      ...range,
      kind: 'client',
      provider: 'openai',
      filters: [{ scope: 'span', key: 'http.status_code', op: '>=', value: 500 }],
    });
    expect(byUrl.status).toBe(200);
    expect(byBody).toEqual(byUrl);
    expect((byUrl.body as unknown as TraceSearchResult).traces.map((t) => t.traceId)).toEqual([traceA]);
    expect(validate('#/components/schemas/TraceSearchResult', byBody.body)).toEqual([]);
  });

  it('keeps the earlier attr parameter working', async () => {
    const { body } = await get(`/api/v1/traces?${qs}&attr=${encodeURIComponent('http.status_code=200')}`);
    expect((body as unknown as TraceSearchResult).traces.map((t) => t.traceId)).toEqual([traceB]);
  });

  it('matches a quoted key with operator characters, SQL comments and braces in the URL form', async () => {
    const { status, body } = await get(
      `/api/v1/traces?${qs}&${filter(`span.${JSON.stringify(ODD_KEY)}="it's; -- {v}"`)}`,
    );
    expect(status).toBe(200);
    expect((body as unknown as TraceSearchResult).traces.map((t) => t.traceId)).toEqual([traceA]);
  });

  it('sorts by cost with cursors and refuses a cursor of another sort', async () => {
    const first = await get(`/api/v1/traces?${qs}&sort=cost&order=asc&limit=1`);
    const page = first.body as unknown as TraceSearchResult;
    expect(page.traces.map((t) => t.traceId)).toEqual([traceB]);
    const cursor = encodeURIComponent(page.nextCursor ?? '');
    const second = await get(`/api/v1/traces?${qs}&sort=cost&order=asc&limit=1&cursor=${cursor}`);
    expect((second.body as unknown as TraceSearchResult).traces.map((t) => t.traceId)).toEqual([traceA]);
    expect(second.body.nextCursor).toBeUndefined();
    const wrong = await get(`/api/v1/traces?${qs}&sort=duration&limit=1&cursor=${cursor}`);
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({
      error: {
        code: 'invalid_argument',
        message: expect.stringMatching(/^cursor: the cursor continues traces sorted by cost asc/) as string,
      },
    });
  });
});

describe('span search routes', () => {
  it('GET /spans lists spans with the summary columns, extras on request', async () => {
    const plain = await get(`/api/v1/spans?${qs}&sort=duration&order=desc`);
    expect(plain.status).toBe(200);
    const spans = (plain.body as unknown as SpanSearchResult).spans;
    expect(spans.map((s) => s.name)).toEqual(['turn', 'chat', 'GET /b']);
    expect(spans[1]).not.toHaveProperty('attributes');
    expect(validate('#/components/schemas/SpanSearchResult', plain.body)).toEqual([]);
    const full = await get(`/api/v1/spans?${qs}&rootOnly=false&include=attributes,messages&spanType=llm`);
    const [chat] = (full.body as unknown as SpanSearchResult).spans;
    expect(chat?.attributes).toMatchObject({ 'http.status_code': '503' });
    expect(chat?.llm.input).toEqual([{ role: 'user', content: 'hello' }]);
    expect(validate('#/components/schemas/SpanSearchResult', full.body)).toEqual([]);
  });

  it('POST /spans/search pages with rootOnly and the same cursor rules', async () => {
    const first = await post('/api/v1/spans/search', {
      ...range,
      rootOnly: true,
      sort: 'startTime',
      order: 'asc',
      limit: 1,
    });
    const page = first.body as unknown as SpanSearchResult;
    expect(page.spans.map((s) => s.name)).toEqual(['turn']);
    const second = await post('/api/v1/spans/search', {
      ...range,
      rootOnly: true,
      sort: 'startTime',
      order: 'asc',
      limit: 1,
      cursor: page.nextCursor,
    });
    expect((second.body as unknown as SpanSearchResult).spans.map((s) => s.name)).toEqual(['GET /b']);
    const traceCursor = await post('/api/v1/traces/search', { ...range, limit: 1 });
    const misuse = await post('/api/v1/spans/search', { ...range, cursor: traceCursor.body.nextCursor });
    expect(misuse.status).toBe(400);
  });

  it.each([
    ['not JSON', '{"from":', /the body must be JSON/],
    ['an unknown field', { ...range, serivce: 'x' }, /Unrecognized key: "serivce"/],
    ['a filter without operator', { ...range, filters: ['just-a-key'] }, /^filters\.0: expected an operator/],
    ['a bad regex', { ...range, filters: ['x=~(unclosed'] }, /invalid re2 regex: missing \)/],
    ['a bad kind', { ...range, kind: 'Server' }, /^kind: /],
    ['no range', {}, /^from: .*; to: /],
  ])('POST answers %s with a 400 naming it', async (_, body, message) => {
    const res = await post('/api/v1/spans/search', body);
    expect(res.status).toBe(400);
    expect((res.body.error as { message: string }).message).toMatch(message);
    expect(validate('#/components/schemas/ErrorBody', res.body)).toEqual([]);
  });

  it.each([
    [`rootOnly=maybe`, /^rootOnly: /],
    [`include=events`, /^include\.0: /],
    [`minCost=-1`, /^minCost: /],
    [`sort=name`, /^sort: /],
    [filter('a>'), /> needs a value/],
    [filter('span.http.status_code>>=500'), /starts with >: a mistyped operator/],
  ])('GET answers %s with a 400 naming it', async (params, message) => {
    const res = await get(`/api/v1/spans?${qs}&${params}`);
    expect(res.status).toBe(400);
    expect((res.body.error as { message: string }).message).toMatch(message);
  });
});
