import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricsResult } from '../query/metrics';
import { msToNs, sendOtlpJson } from './otlp-json-request';
import type { JsonSpanInput } from './otlp-json-request';
import { startTestInstance, type TestInstance } from './test-instance';

let spanloop: TestInstance;
beforeAll(async () => {
  spanloop = await startTestInstance();
});
afterAll(async () => {
  await spanloop.stop();
});

async function metrics(query: string): Promise<{ status: number; body: MetricsResult }> {
  const res = await fetch(`${spanloop.api}/api/v1/metrics?${query}`);
  return { status: res.status, body: (await res.json()) as MetricsResult };
}

const BASE_MS = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000;
const at = (ms: number) => msToNs(BASE_MS + ms);
const range = `from=${BASE_MS}&to=${BASE_MS + 120_000}`;

interface Call {
  model: string;
  provider: string;
  atMs: number;
  durationMs: number;
  input: number;
  output: number;
  cacheRead?: number;
  cost: number;
  error?: boolean;
  promptVersion?: string;
  operation?: string;
  /** gen_ai.response.time_to_first_chunk: seconds, or garbage an SDK might send. */
  firstChunk?: number | string;
}

const call = (c: Call): JsonSpanInput => ({
  name: `chat ${c.model}`,
  kind: 3,
  startNs: at(c.atMs),
  durationNs: msToNs(c.durationMs),
  status: c.error === true ? { code: 2 } : { code: 0 },
  attributes: {
    'gen_ai.operation.name': c.operation ?? 'chat',
    'gen_ai.provider.name': c.provider,
    'gen_ai.request.model': c.model,
    'gen_ai.usage.input_tokens': c.input,
    'gen_ai.usage.output_tokens': c.output,
    'gen_ai.usage.cache_read.input_tokens': c.cacheRead ?? 0,
    'gen_ai.usage.cost': c.cost,
    'spanloop.prompt.key': 'support',
    'spanloop.prompt.version': c.promptVersion ?? '1',
    ...(c.firstChunk === undefined ? {} : { 'gen_ai.response.time_to_first_chunk': c.firstChunk }),
  },
});

beforeAll(async () => {
  await sendOtlpJson(spanloop.otlpHttp, [
    {
      service: 'chat-svc',
      spans: [
        call({
          model: 'gpt-4o',
          provider: 'openai',
          atMs: 0,
          durationMs: 100,
          input: 10,
          output: 5,
          cacheRead: 2,
          cost: 0.25,
          firstChunk: 0.05,
        }),
        call({
          model: 'gpt-4o',
          provider: 'openai',
          atMs: 10_000,
          durationMs: 200,
          input: 20,
          output: 10,
          cost: 0.5,
          error: true,
          promptVersion: '2',
          firstChunk: 0.15,
        }),
        call({
          model: 'gpt-4o',
          provider: 'openai',
          atMs: 70_000,
          durationMs: 300,
          input: 30,
          output: 15,
          cost: 0.125,
          firstChunk: 0.3,
        }),
        call({
          model: 'claude-3-5',
          provider: 'anthropic',
          atMs: 5_000,
          durationMs: 400,
          input: 40,
          output: 20,
          cost: 1,
          firstChunk: 'NaN',
        }),
        // An agent span naming the model and repeating usage: a request of its own, but no tokens.
        call({
          model: 'gpt-4o',
          provider: 'openai',
          atMs: 1_000,
          durationMs: 1000,
          input: 10,
          output: 5,
          cost: 0,
          operation: 'invoke_agent',
        }),
      ],
    },
    { service: 'web', spans: [{ name: 'GET /', kind: 2, startNs: at(20_000), durationNs: msToNs(50) }] },
  ]);
});

const point = (p: Partial<MetricsResult['series'][number]['points'][number]>) => ({
  errors: 0,
  errorRate: 0,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  timeToFirstTokenSpans: 0,
  timeToFirstTokenMs: null,
  ...p,
});

describe('metrics API', () => {
  it('returns per-model series of requests, errors, latency, time to first token, tokens and cost per step', async () => {
    const { status, body } = await metrics(`${range}&step=60&groupBy=model&spanType=llm`);
    expect(status).toBe(200);
    expect(body).toEqual({
      from: BASE_MS,
      to: BASE_MS + 120_000,
      stepSeconds: 60,
      groupBy: ['model'],
      series: [
        {
          labels: { model: 'gpt-4o' },
          points: [
            point({
              timestamp: BASE_MS,
              requests: 2,
              errors: 1,
              errorRate: 0.5,
              latencyMs: { p50: 150, p90: 190, p99: 199 },
              inputTokens: 30,
              outputTokens: 15,
              cacheReadTokens: 2,
              totalTokens: 45,
              cost: 0.75,
              timeToFirstTokenSpans: 2,
              timeToFirstTokenMs: { p50: 100, p90: 140, p99: 149 },
            }),
            point({
              timestamp: BASE_MS + 60_000,
              requests: 1,
              latencyMs: { p50: 300, p90: 300, p99: 300 },
              inputTokens: 30,
              outputTokens: 15,
              totalTokens: 45,
              cost: 0.125,
              timeToFirstTokenSpans: 1,
              timeToFirstTokenMs: { p50: 300, p90: 300, p99: 300 },
            }),
          ],
        },
        {
          labels: { model: 'claude-3-5' },
          points: [
            point({
              timestamp: BASE_MS,
              requests: 1,
              latencyMs: { p50: 400, p90: 400, p99: 400 },
              inputTokens: 40,
              outputTokens: 20,
              totalTokens: 60,
              cost: 1,
            }),
          ],
        },
      ],
    });
  });

  it('groups by several fields, filters, and counts tokens of model calls only', async () => {
    const byProvider = await metrics(`${range}&step=2m&groupBy=provider,model&groupBy=promptVersion`);
    expect(byProvider.body.groupBy).toEqual(['provider', 'model', 'promptVersion']);
    expect(
      byProvider.body.series.map((s) => [s.labels, s.points.map((p) => [p.requests, p.inputTokens])]),
    ).toEqual([
      [{ provider: 'openai', model: 'gpt-4o', promptVersion: '1' }, [[3, 40]]],
      [{ provider: '', model: '', promptVersion: '' }, [[1, 0]]],
      [{ provider: 'anthropic', model: 'claude-3-5', promptVersion: '1' }, [[1, 40]]],
      [{ provider: 'openai', model: 'gpt-4o', promptVersion: '2' }, [[1, 20]]],
    ]);
    const byService = await metrics(`${range}&step=120&groupBy=service`);
    expect(byService.body.series.map((s) => [s.labels.service, s.points[0]?.requests])).toEqual([
      ['chat-svc', 5],
      ['web', 1],
    ]);
    const claude = await metrics(`${range}&step=120&model=claude-3-5`);
    expect(claude.body.series).toEqual([
      { labels: {}, points: [expect.objectContaining({ requests: 1, cost: 1 })] },
    ]);
    const web = await metrics(`${range}&step=120&service=web&spanName=${encodeURIComponent('GET /')}`);
    expect(web.body.series[0]?.points[0]).toMatchObject({ requests: 1, latencyMs: { p50: 50 } });
    const v2 = await metrics(`${range}&step=120&promptKey=support&promptVersion=2&provider=openai`);
    expect(v2.body.series[0]?.points[0]).toMatchObject({ requests: 1, errors: 1, errorRate: 1 });
    expect((await metrics(`${range}&step=120&spanType=agent,llm`)).body.series[0]?.points[0]?.requests).toBe(
      5,
    );
  });

  it('picks a step when none is given and answers an empty range with no series', async () => {
    const auto = await metrics(range);
    expect(auto.body.stepSeconds).toBe(60);
    expect(auto.body.series[0]?.points.map((p) => p.timestamp)).toEqual([BASE_MS, BASE_MS + 60_000]);
    const day = await metrics(`from=${BASE_MS}&to=${BASE_MS + 86_400_000}`);
    expect(day.body.stepSeconds).toBe(300);
    expect((await metrics(`from=${BASE_MS - 600_000}&to=${BASE_MS}&step=60`)).body.series).toEqual([]);
  });

  it('refuses more than 100 series and too many points with a clear 400', async () => {
    const from = BASE_MS + 3_600_000;
    await sendOtlpJson(spanloop.otlpHttp, [
      {
        service: 'many',
        spans: Array.from({ length: 101 }, (_, i) => ({ name: `op-${i}`, startNs: msToNs(from + i) })),
      },
    ]);
    const many = await metrics(`from=${from}&to=${from + 60_000}&groupBy=spanName`);
    expect(many.status).toBe(400);
    expect(many.body).toEqual({
      error: { code: 'invalid_argument', message: expect.stringMatching(/more than 100 series/) as unknown },
    });
    const ok = await metrics(`from=${from}&to=${from + 60_000}&groupBy=spanName&spanName=op-7`);
    expect(ok.body.series).toHaveLength(1);
    const points = await metrics(`from=${BASE_MS}&to=${BASE_MS + 86_400_000}&step=30`);
    expect(points.status).toBe(400);
    expect(JSON.stringify(points.body)).toMatch(/2880 points per series; at most 1440/);
  });

  it('rejects bad parameters and binds hostile filter values as plain data', async () => {
    const bad = [
      'groupBy=model',
      `${range}&groupBy=bogus`,
      `${range}&groupBy=${encodeURIComponent('model) FROM spans --')}`,
      `${range}&spanType=${encodeURIComponent("llm' OR 1=1")}`,
      `${range}&step=0`,
      `${range}&step=1w`,
      `${range}&step=${encodeURIComponent('1; DROP')}`,
      `from=0&to=${BASE_MS}`,
      'from=999999999999990&to=999999999999999',
      `${range}&model=`,
    ];
    for (const query of bad) {
      const { status } = await metrics(query);
      expect({ query, status }).toEqual({ query, status: 400 });
    }
    const hostile = ["' OR 1=1 --", "gpt-4o' OR '1'='1", '\\', '{model:String}', "'); DROP TABLE spans; --"];
    for (const text of hostile)
      for (const field of ['model', 'service', 'spanName', 'provider', 'promptKey', 'promptVersion']) {
        const { status, body } = await metrics(`${range}&step=120&${field}=${encodeURIComponent(text)}`);
        expect({ field, text, status, series: body.series }).toEqual({
          field,
          text,
          status: 200,
          series: [],
        });
      }
    expect((await metrics(`${range}&step=120`)).body.series[0]?.points[0]?.requests).toBe(6);
  });
});
