import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JaegerEnvelope, JaegerTrace } from '../query/jaeger';
import { hexId, msToNs, sendOtlpJson } from './otlp-json-request';
import { startTestInstance, type TestInstance } from './test-instance';

let spanloop: TestInstance;
beforeAll(async () => {
  spanloop = await startTestInstance();
});
afterAll(async () => {
  await spanloop.stop();
});

async function jaeger<T = unknown>(path: string): Promise<{ status: number; body: JaegerEnvelope<T> }> {
  const res = await fetch(`${spanloop.api}/jaeger${path}`);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return { status: res.status, body: (await res.json()) as JaegerEnvelope<T> };
}

const suffix = hexId(3);

describe('Jaeger search and dependencies over hand-built spans', () => {
  const checkout = `checkout-${suffix}`;
  const payments = `payments-${suffix}`;
  const db = `db-${suffix}`;
  const BASE_MS = Math.floor(Date.now() / 60_000) * 60_000 - 30 * 60_000;
  const at = (ms: number) => msToNs(BASE_MS + ms);
  const startUs = (BASE_MS - 60_000) * 1000;
  const endUs = (BASE_MS + 300_000) * 1000;
  const trickyKey = 'k\'"\\{x:String}--;';
  const trickyValue = "v'\\); DROP TABLE spans; --";
  const t = { a: hexId(16), b: hexId(16), c: hexId(16), d: hexId(16), e: hexId(16) };
  const ids = { aRoot: hexId(8), eRoot: hexId(8), eCharge: hexId(8) };

  beforeAll(async () => {
    await sendOtlpJson(spanloop.otlpHttp, [
      {
        service: checkout,
        spans: [
          {
            traceId: t.a,
            spanId: ids.aRoot,
            name: 'POST /pay',
            kind: 2,
            startNs: at(0),
            durationNs: msToNs(800),
            attributes: { 'user.tier': 'gold' },
          },
          {
            traceId: t.b,
            name: 'GET /cart',
            kind: 2,
            startNs: at(10_000),
            durationNs: msToNs(50),
            attributes: { 'user.tier': 'silver' },
          },
          {
            traceId: t.d,
            name: 'odd',
            startNs: at(30_000),
            durationNs: msToNs(10),
            attributes: { [trickyKey]: trickyValue },
          },
          {
            traceId: t.e,
            spanId: ids.eRoot,
            name: 'GET /x',
            kind: 2,
            startNs: at(40_000),
            durationNs: msToNs(30),
          },
        ],
      },
      {
        service: checkout,
        resource: { 'deployment.environment': 'prod' },
        spans: [
          {
            traceId: t.c,
            name: 'POST /pay',
            kind: 2,
            startNs: at(20_000),
            durationNs: msToNs(120),
            events: [{ timeNs: at(20_050), name: 'retry', attributes: { attempt: 2 } }],
          },
        ],
      },
      {
        service: payments,
        spans: [
          {
            traceId: t.a,
            parentSpanId: ids.aRoot,
            name: 'charge',
            kind: 3,
            startNs: at(100),
            durationNs: msToNs(500),
            attributes: { 'http.status_code': 500 },
            status: { code: 2, message: 'declined' },
          },
          { traceId: t.e, spanId: ids.eCharge, parentSpanId: ids.eRoot, name: 'charge', startNs: at(40_001) },
          { traceId: t.e, parentSpanId: ids.eRoot, name: 'charge', startNs: at(40_002) },
        ],
      },
      {
        service: db,
        spans: [{ traceId: t.e, parentSpanId: ids.eCharge, name: 'query', startNs: at(40_003) }],
      },
    ]);
  });

  /** Trace ids a search returns, in the order returned. */
  const found = async (params: Record<string, string>): Promise<string[]> => {
    const query = new URLSearchParams({ start: String(startUs), end: String(endUs), ...params });
    const { status, body } = await jaeger<JaegerTrace[]>(`/api/traces?${query.toString()}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ total: 0, limit: 0, offset: 0, errors: null });
    return body.data.map((trace) => trace.traceID);
  };

  it('finds traces by service, newest first, each with all of its spans', async () => {
    expect(await found({ service: checkout })).toEqual([t.e, t.d, t.c, t.b, t.a]);
    const query = new URLSearchParams({ service: payments, start: String(startUs), end: String(endUs) });
    const { body } = await jaeger<JaegerTrace[]>(`/api/traces?${query.toString()}&operation=charge&limit=1`);
    expect(body.data.map((x) => x.traceID)).toEqual([t.e]);
    const [e] = body.data;
    expect(e?.spans.map((s) => s.operationName)).toEqual(['GET /x', 'charge', 'charge', 'query']);
    expect(e?.processes).toEqual({
      p1: { serviceName: checkout, tags: [] },
      p2: { serviceName: payments, tags: [] },
      p3: { serviceName: db, tags: [] },
    });
    expect(e?.spans.map((s) => s.processID)).toEqual(['p1', 'p2', 'p2', 'p3']);
  });

  it('applies operation, tags, durations, limit and time range as Jaeger does', async () => {
    expect(await found({ service: checkout, operation: 'POST /pay' })).toEqual([t.c, t.a]);
    expect(await found({ service: checkout, tags: '{"user.tier":"gold"}' })).toEqual([t.a]);
    expect(await found({ service: checkout, tag: 'user.tier:silver' })).toEqual([t.b]);
    expect(await found({ service: payments, tags: '{"error":"true"}' })).toEqual([t.a]);
    expect(await found({ service: checkout, tags: '{"error":"true"}' })).toEqual([]);
    expect(await found({ service: payments, tags: '{"otel.status_description":"declined"}' })).toEqual([t.a]);
    expect(await found({ service: payments, tags: '{"http.status_code":"500"}' })).toEqual([t.a]);
    expect(await found({ service: checkout, tags: '{"deployment.environment":"prod"}' })).toEqual([t.c]);
    expect(await found({ service: checkout, tags: '{"attempt":"2"}' })).toEqual([t.c]);
    expect(await found({ service: checkout, tags: '{"event":"retry"}' })).toEqual([t.c]);
    expect(await found({ service: checkout, tags: '{"span.kind":"server","user.tier":"silver"}' })).toEqual([
      t.b,
    ]);
    expect(await found({ service: checkout, minDuration: '100ms' })).toEqual([t.c, t.a]);
    expect(await found({ service: checkout, maxDuration: '0.06s' })).toEqual([t.e, t.d, t.b]);
    expect(await found({ service: checkout, minDuration: '100ms', maxDuration: '500ms' })).toEqual([t.c]);
    expect(await found({ service: checkout, minDuration: '1s' })).toEqual([]);
    expect(await found({ service: checkout, limit: '2' })).toEqual([t.e, t.d]);
    expect(
      await found({
        service: checkout,
        start: String((BASE_MS + 5_000) * 1000),
        end: String((BASE_MS + 25_000) * 1000),
      }),
    ).toEqual([t.c, t.b]);
    // Without start, the lookback (or Jaeger's two days) counts back from end, which defaults to now.
    const recent = async (lookback: string) =>
      (await jaeger<JaegerTrace[]>(`/api/traces?service=${checkout}&lookback=${lookback}`)).body.data.length;
    expect(await recent('1h')).toBe(5);
    expect(await recent('10m')).toBe(0);
    expect(await recent('custom')).toBe(5);
  });

  it('answers a Grafana search with its empty parameters, and 64-bit ids left-padded', async () => {
    const grafana = `service=${checkout}&operation=&tags=&minDuration=&maxDuration=&limit=20&start=${startUs}&end=${endUs}`;
    const { body } = await jaeger<JaegerTrace[]>(`/api/traces?${grafana}`);
    expect(body.data.map((x) => x.traceID)).toEqual([t.e, t.d, t.c, t.b, t.a]);
    const low = hexId(8);
    await sendOtlpJson(spanloop.otlpHttp, [
      { service: `short-${suffix}`, spans: [{ traceId: `${'0'.repeat(16)}${low}`, startNs: at(0) }] },
    ]);
    const short = await jaeger<JaegerTrace[]>(`/api/traces/${low.replace(/^0+/, '')}`);
    expect(short.status).toBe(200);
    expect(short.body.data[0]?.traceID).toBe(`${'0'.repeat(16)}${low}`);
  });

  it('returns traces by traceID parameters, naming the missing ones', async () => {
    const missing = hexId(16);
    const { status, body } = await jaeger<JaegerTrace[]>(`/api/traces?traceID=${t.a}&traceID=${missing}`);
    expect(status).toBe(200);
    expect(body.data.map((x) => x.traceID)).toEqual([t.a]);
    expect(body.errors).toEqual([{ msg: 'trace not found', traceID: missing }]);
    const [a] = body.data;
    expect(a?.spans.find((s) => s.operationName === 'charge')?.tags).toEqual([
      { key: 'otel.scope.name', type: 'string', value: 'hand-built' },
      { key: 'http.status_code', type: 'int64', value: 500 },
      { key: 'span.kind', type: 'string', value: 'client' },
      { key: 'otel.status_code', type: 'string', value: 'ERROR' },
      { key: 'error', type: 'bool', value: true },
      { key: 'otel.status_description', type: 'string', value: 'declined' },
    ]);
  });

  it('rejects bad parameters with 400 in the Jaeger error envelope', async () => {
    const cases: [string, RegExp][] = [
      [`/api/traces?start=${startUs}`, /service' is required/],
      [`/api/traces?service=${checkout}&minDuration=abc`, /invalid duration/],
      [`/api/traces?service=${checkout}&minDuration=2s&maxDuration=1s`, /greater than 'minDuration'/],
      [`/api/traces?service=${checkout}&tags=not-json`, /JSON object/],
      [`/api/traces?service=${checkout}&tag=novalue`, /key:value/],
      [`/api/traces?service=${checkout}&limit=5000`, /at most 1000/],
      [`/api/traces?service=${checkout}&start=0&end=${endUs}`, /31 days/],
      [`/api/traces?service=${checkout}&start=abc`, /microseconds/],
      [`/api/traces?service=${checkout}&start=9999999999999999&end=9999999999999999`, /2200/],
      [`/api/traces?service=${checkout}&minDuration=99999999h`, /invalid duration/],
      ['/api/traces?traceID=xyz', /hex/],
      ['/api/operations', /service' is required/],
      [`/api/operations?service=${checkout}&spanKind=server'--`, /spanKind/],
      ['/api/dependencies?endTs=soon', /milliseconds/],
      ['/api/dependencies?endTs=99999999999999', /2200/],
      ['/api/dependencies?lookback=9999999999999', /31 days/],
    ];
    for (const [path, message] of cases) {
      const { status, body } = await jaeger(path);
      expect({ path, status }).toEqual({ path, status: 400 });
      expect(body).toMatchObject({ data: null, total: 0, limit: 0, offset: 0 });
      expect(body.errors?.[0]?.code).toBe(400);
      expect(body.errors?.[0]?.msg).toMatch(message);
    }
  });

  it('binds hostile services, operations, tag keys and values as plain data', async () => {
    expect(await found({ service: checkout, tags: JSON.stringify({ [trickyKey]: trickyValue }) })).toEqual([
      t.d,
    ]);
    expect(await found({ service: checkout, tag: `${trickyKey.replace(/:/g, '')}:${trickyValue}` })).toEqual(
      [],
    );
    const hostile = [
      "' OR 1=1 --",
      "x') OR ('1'='1",
      '\\',
      '{service:String}',
      "a'; DROP TABLE spans; --",
      '}{',
    ];
    for (const text of hostile) {
      expect(await found({ service: text })).toEqual([]);
      expect(await found({ service: checkout, operation: text })).toEqual([]);
      expect(await found({ service: checkout, tags: JSON.stringify({ [text]: 'gold' }) })).toEqual([]);
      expect(await found({ service: checkout, tags: JSON.stringify({ 'user.tier': text }) })).toEqual([]);
      expect((await jaeger(`/api/services/${encodeURIComponent(text)}/operations`)).body.data).toEqual([]);
      expect((await jaeger(`/api/operations?service=${encodeURIComponent(text)}`)).body.data).toEqual([]);
    }
    // Derived-tag names are looked up in a Map: prototype keys match nothing.
    for (const key of ['constructor', '__proto__', 'toString', 'hasOwnProperty'])
      expect(await found({ service: checkout, tags: JSON.stringify({ [key]: 'x' }) })).toEqual([]);
    expect(await found({ service: checkout })).toHaveLength(5);
  });

  it('counts calls between services for the dependency graph', async () => {
    const endTs = BASE_MS + 300_000;
    const deps = async (query: string) => {
      const { status, body } = await jaeger(`/api/dependencies?${query}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ total: 0, limit: 0, offset: 0, errors: null });
      return body.data;
    };
    expect(await deps(`endTs=${endTs}&lookback=600000`)).toEqual([
      { parent: checkout, child: payments, callCount: 3 },
      { parent: payments, child: db, callCount: 1 },
    ]);
    expect(await deps(`endTs=${endTs}&lookback=600000&service=${db}`)).toEqual([
      { parent: payments, child: db, callCount: 1 },
    ]);
    expect(await deps(`endTs=${BASE_MS - 60_000}&lookback=60000`)).toEqual([]);
    expect(await deps(`endTs=${endTs}&lookback=600000&service=${encodeURIComponent("' OR 1=1 --")}`)).toEqual(
      [],
    );
  });
});
