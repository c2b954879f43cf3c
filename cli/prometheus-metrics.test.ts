import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricsResult } from '../query/metrics';
import { hexId, msToNs, sendOtlpJson } from './otlp-json-request';
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

describe('Prometheus exposition and metrics from the real OTLP exporter', () => {
  const model = `gpt-e2e-${hexId(3)}`;
  const evil = 'evil"model\\\nname';
  beforeAll(async () => {
    const provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'prom-svc' }),
      spanProcessors: [
        new SimpleSpanProcessor({ exporter: new ProtoExporter({ url: `${spanloop.otlpHttp}/v1/traces` }) }),
      ],
    });
    const tracer = provider.getTracer('metrics-e2e');
    for (const [name, error] of [
      [model, false],
      [model, true],
      [evil, false],
    ] as const) {
      const span = tracer.startSpan(`chat ${name}`, {
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': name,
          'gen_ai.usage.input_tokens': 100,
          'gen_ai.usage.output_tokens': 20,
          'gen_ai.usage.cost': 0.5,
          ...(name === model ? { 'gen_ai.response.time_to_first_chunk': error ? 0.6 : 0.2 } : {}),
        },
      });
      if (error) span.setStatus({ code: 2 });
      span.end();
    }
    await provider.forceFlush();
    await provider.shutdown();
    // Hand-built model calls just inside and just outside the five-minute window.
    const llm = (model: string, agoMs: number) => ({
      name: 'chat',
      startNs: msToNs(Date.now() - agoMs),
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.request.model': model,
        'gen_ai.usage.input_tokens': 7,
      },
    });
    await sendOtlpJson(spanloop.otlpHttp, [
      { service: 'prom-json', spans: [llm('prom-inside', 240_000), llm('prom-old', 400_000)] },
    ]);
  });

  it('serves the SDK spans through the metrics API', async () => {
    const now = Date.now();
    const { body } = await metrics(`from=${now - 600_000}&to=${now + 60_000}&step=1h&model=${model}`);
    expect(body.series).toEqual([
      {
        labels: {},
        points: [
          expect.objectContaining({ requests: 2, errors: 1, inputTokens: 200, outputTokens: 40, cost: 1 }),
        ],
      },
    ]);
  });

  it('exposes business gauges over the trailing window, with label values escaped', async () => {
    const res = await fetch(`${spanloop.api}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    const labels = `{workspace="default",model="${model}",provider="openai"}`;
    const lines = text.split('\n');
    for (const expected of [
      '# TYPE spanloop_llm_window_seconds gauge',
      'spanloop_llm_window_seconds 300',
      '# TYPE spanloop_llm_requests gauge',
      `spanloop_llm_requests${labels} 2`,
      `spanloop_llm_errors${labels} 1`,
      `spanloop_llm_input_tokens${labels} 200`,
      `spanloop_llm_output_tokens${labels} 40`,
      `spanloop_llm_cache_read_tokens${labels} 0`,
      `spanloop_llm_cost_usd${labels} 1`,
      `spanloop_llm_streamed_requests${labels} 2`,
      '# TYPE spanloop_llm_time_to_first_token_seconds gauge',
      `spanloop_llm_time_to_first_token_seconds${labels.slice(0, -1)},quantile="0.5"} 0.4`,
      'spanloop_llm_requests{workspace="default",model="evil\\"model\\\\\\nname",provider="openai"} 1',
      'spanloop_llm_series_truncated 0',
    ])
      expect(lines).toContain(expected);
    expect(lines).toContain(
      'spanloop_llm_input_tokens{workspace="default",model="prom-inside",provider=""} 7',
    );
    expect(text).not.toContain('prom-old');
    // Quantiles only for series with streamed calls: three for the model, none for the others.
    const firstToken = lines.filter((l) => l.startsWith('spanloop_llm_time_to_first_token_seconds{'));
    expect(firstToken.map((l) => /quantile="([^"]+)"/.exec(l)?.[1])).toEqual(['0.5', '0.9', '0.99']);
    expect(firstToken.every((l) => l.includes(`model="${model}"`))).toBe(true);
    expect(
      lines.every((l) => l === '' || l.startsWith('# ') || /^spanloop_[a-z_]+(\{.*\})? \S+$/.test(l)),
    ).toBe(true);
  });
});
