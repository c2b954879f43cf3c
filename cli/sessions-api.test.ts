import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionPage, SessionTraces, UserPage } from '../query/sessions';
import { hexId, msToNs, sendOtlpJson } from './otlp-json-request';
import type { JsonSpanInput } from './otlp-json-request';
import { startTestInstance, type TestInstance } from './test-instance';

let spanloop: TestInstance;
beforeAll(async () => {
  spanloop = await startTestInstance();
});
afterAll(async () => {
  await spanloop.stop();
});

async function get<T>(path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${spanloop.api}/api/v1${path}`);
  return { status: res.status, body: (await res.json()) as T };
}

const BASE_MS = Math.floor(Date.now() / 60_000) * 60_000 - 3 * 3_600_000;
const at = (ms: number) => msToNs(BASE_MS + ms);
const nano = (ms: number) => String(at(ms));
const range = `from=${BASE_MS - 60_000}&to=${BASE_MS + 600_000}`;
const trickySession = 's\'"\\{x:String});--';

const t = { t1: hexId(16), t2: hexId(16), t3: hexId(16), t4: hexId(16), t5: hexId(16), t6: hexId(16) };

/** A root span carrying the session and user, with optional children (which carry neither). */
const turn = (
  traceId: string,
  startMs: number,
  durationMs: number,
  identity: Record<string, string>,
  children: Omit<JsonSpanInput, 'startNs'>[] = [],
): JsonSpanInput[] => {
  const rootId = hexId(8);
  return [
    {
      traceId,
      spanId: rootId,
      name: 'chat-turn',
      kind: 2,
      startNs: at(startMs),
      durationNs: msToNs(durationMs),
      attributes: identity,
    },
    ...children.map((c, i) => ({ traceId, parentSpanId: rootId, ...c, startNs: at(startMs + 10 * (i + 1)) })),
  ];
};

const llm = (input: number, output: number, cost: number, extra: Partial<JsonSpanInput> = {}) => ({
  name: 'chat gpt-4o',
  kind: 3,
  durationNs: msToNs(500),
  attributes: {
    'gen_ai.operation.name': 'chat',
    'gen_ai.request.model': 'gpt-4o',
    'gen_ai.usage.input_tokens': input,
    'gen_ai.usage.output_tokens': output,
    'gen_ai.usage.cost': cost,
  },
  ...extra,
});

/** An agent span repeating its model call's usage: it must not count twice. */
const agentWrapper = (input: number, output: number) => ({
  name: 'invoke_agent',
  attributes: {
    'gen_ai.operation.name': 'invoke_agent',
    'gen_ai.usage.input_tokens': input,
    'gen_ai.usage.output_tokens': output,
  },
});

beforeAll(async () => {
  await sendOtlpJson(spanloop.otlpHttp, [
    {
      service: 'bot',
      spans: [
        ...turn(t.t1, 0, 2000, { 'session.id': 's1', 'user.id': 'u1' }, [
          agentWrapper(100, 20),
          llm(100, 20, 0.25),
        ]),
        ...turn(t.t2, 60_000, 3000, { 'session.id': 's1', 'user.id': 'u1' }, [
          llm(50, 10, 0.125, { status: { code: 2, message: 'rate limited' } }),
        ]),
        ...turn(t.t3, 120_000, 1000, { 'session.id': 's2', 'user.id': 'u2' }, [llm(10, 5, 0.5)]),
        ...turn(t.t4, 180_000, 1000, { 'session.id': 's3', 'user.id': 'u1' }),
        ...turn(t.t5, 240_000, 1000, { 'user.id': 'u3' }),
        ...turn(t.t6, 20_000, 1000, { 'session.id': trickySession }),
      ],
    },
  ]);
});

describe('sessions and users', () => {
  it('lists sessions active in the range, most recent first, with their totals', async () => {
    const { status, body } = await get<SessionPage>(`/sessions?${range}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      sessions: [
        {
          sessionId: 's3',
          traceCount: 1,
          spanCount: 1,
          errorCount: 0,
          inputTokens: 0,
          outputTokens: 0,
          totalTokens: 0,
          totalCost: 0,
          firstSeenUnixNano: nano(180_000),
          lastSeenUnixNano: nano(181_000),
          userIds: ['u1'],
        },
        {
          sessionId: 's2',
          traceCount: 1,
          spanCount: 2,
          errorCount: 0,
          inputTokens: 10,
          outputTokens: 5,
          totalTokens: 15,
          totalCost: 0.5,
          firstSeenUnixNano: nano(120_000),
          lastSeenUnixNano: nano(121_000),
          userIds: ['u2'],
        },
        {
          sessionId: 's1',
          traceCount: 2,
          spanCount: 5,
          errorCount: 1,
          inputTokens: 150,
          outputTokens: 30,
          totalTokens: 180,
          totalCost: 0.375,
          firstSeenUnixNano: nano(0),
          lastSeenUnixNano: nano(63_000),
          userIds: ['u1'],
        },
        {
          sessionId: trickySession,
          traceCount: 1,
          spanCount: 1,
          errorCount: 0,
          inputTokens: 0,
          outputTokens: 0,
          totalTokens: 0,
          totalCost: 0,
          firstSeenUnixNano: nano(20_000),
          lastSeenUnixNano: nano(21_000),
          userIds: [],
        },
      ],
    });
  });

  it('walks sessions page by page with the cursor, and filters by user', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await get<SessionPage>(
        `/sessions?${range}&limit=1${cursor === undefined ? '' : `&cursor=${cursor}`}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.sessions.map((s) => s.sessionId));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor !== undefined && pages < 10);
    expect(seen).toEqual(['s3', 's2', 's1', trickySession]);
    expect(pages).toBe(4);
    const ofU1 = await get<SessionPage>(`/sessions?${range}&userId=u1`);
    expect(ofU1.body.sessions.map((s) => s.sessionId)).toEqual(['s3', 's1']);
  });

  it('lists users with their sessions, traces and totals', async () => {
    const { status, body } = await get<UserPage>(`/users?${range}`);
    expect(status).toBe(200);
    expect(body.users.map((u) => u.userId)).toEqual(['u3', 'u1', 'u2']);
    expect(body.users[1]).toEqual({
      userId: 'u1',
      traceCount: 3,
      sessionCount: 2,
      spanCount: 6,
      errorCount: 1,
      inputTokens: 150,
      outputTokens: 30,
      totalTokens: 180,
      totalCost: 0.375,
      firstSeenUnixNano: nano(0),
      lastSeenUnixNano: nano(181_000),
    });
    expect(body.users[0]).toMatchObject({ userId: 'u3', traceCount: 1, sessionCount: 0 });
    const second = await get<UserPage>(`/users?${range}&limit=2`);
    expect(second.body.users.map((u) => u.userId)).toEqual(['u3', 'u1']);
    const rest = await get<UserPage>(`/users?${range}&limit=2&cursor=${second.body.nextCursor ?? ''}`);
    expect(rest.body).toEqual({ users: [expect.objectContaining({ userId: 'u2' })] });
  });

  it("returns a session's traces in order with whole-trace totals", async () => {
    const { status, body } = await get<SessionTraces>(`/sessions/s1?${range}`);
    expect(status).toBe(200);
    expect(body).toEqual({
      sessionId: 's1',
      traces: [
        {
          traceId: t.t1,
          rootSpanName: 'chat-turn',
          rootServiceName: 'bot',
          startTimeUnixNano: nano(0),
          durationNs: '2000000000',
          spanCount: 3,
          errorCount: 0,
          inputTokens: 100,
          outputTokens: 20,
          totalTokens: 120,
          totalCost: 0.25,
        },
        {
          traceId: t.t2,
          rootSpanName: 'chat-turn',
          rootServiceName: 'bot',
          startTimeUnixNano: nano(60_000),
          durationNs: '3000000000',
          spanCount: 2,
          errorCount: 1,
          inputTokens: 50,
          outputTokens: 10,
          totalTokens: 60,
          totalCost: 0.125,
        },
      ],
    });
    const first = await get<SessionTraces>(`/sessions/s1?${range}&limit=1`);
    expect(first.body.traces.map((x) => x.traceId)).toEqual([t.t1]);
    const next = await get<SessionTraces>(
      `/sessions/s1?${range}&limit=1&cursor=${first.body.nextCursor ?? ''}`,
    );
    expect(next.body.traces.map((x) => x.traceId)).toEqual([t.t2]);
    expect(next.body.nextCursor).toBeUndefined();
    const tricky = await get<SessionTraces>(`/sessions/${encodeURIComponent(trickySession)}?${range}`);
    expect(tricky.body.traces.map((x) => x.traceId)).toEqual([t.t6]);
  });

  it('rejects bad requests and binds hostile values as plain data', async () => {
    const bad = [
      '/sessions',
      `/sessions?from=${BASE_MS}`,
      `/sessions?from=${BASE_MS}&to=${BASE_MS - 1}`,
      `/sessions?from=0&to=${BASE_MS}`,
      `/sessions?${range}&limit=0`,
      `/sessions?${range}&limit=1001`,
      `/sessions?${range}&cursor=${encodeURIComponent("' OR 1=1 --")}`,
      `/sessions?${range}&cursor=${Buffer.from('["1; DROP","x"]').toString('base64url')}`,
      `/sessions?${range}&cursor=${Buffer.from('["9999999999999999999","x"]').toString('base64url')}`,
      `/sessions?from=7258118400001&to=7258118400002`,
      `/users?${range}&userId=u1`,
      `/sessions/s1?from=yesterday&to=${BASE_MS}`,
    ];
    for (const path of bad) {
      const { status, body } = await get<{ error: { code: string } }>(path);
      expect({ path, status, code: body.error.code }).toEqual({
        path,
        status: 400,
        code: 'invalid_argument',
      });
    }
    const hostile = ["' OR 1=1 --", "s1' OR '1'='1", '\\', '{sessionId:String}', "'; DROP TABLE spans; --"];
    for (const text of hostile) {
      expect((await get(`/sessions/${encodeURIComponent(text)}?${range}`)).status).toBe(404);
      expect((await get<SessionPage>(`/sessions?${range}&userId=${encodeURIComponent(text)}`)).body).toEqual({
        sessions: [],
      });
    }
    expect((await get<SessionPage>(`/sessions?${range}`)).body.sessions).toHaveLength(4);
  });
});

describe('sessions from the real OTLP exporter', () => {
  it('groups spans sent by the SDK into their session', async () => {
    const session = `sdk-session-${hexId(4)}`;
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'sdk-bot', 'session.id': session }),
      spanProcessors: [
        new SimpleSpanProcessor({ exporter: new ProtoExporter({ url: `${spanloop.otlpHttp}/v1/traces` }) }),
      ],
    });
    const tracer = provider.getTracer('sessions-e2e');
    for (const user of ['ana', 'bo']) tracer.startSpan('turn', { attributes: { 'user.id': user } }).end();
    await provider.forceFlush();
    await provider.shutdown();
    const now = Date.now();
    const { body } = await get<SessionPage>(`/sessions?from=${now - 600_000}&to=${now + 60_000}`);
    expect(body.sessions).toEqual([
      expect.objectContaining({ sessionId: session, traceCount: 2, spanCount: 2, userIds: ['ana', 'bo'] }),
    ]);
  });
});
