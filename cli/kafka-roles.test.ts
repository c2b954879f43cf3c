import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { context, trace } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { startSpanloopProcess, type SpanloopProcess } from './spanloop-process';
import { startTestInstance, type TestInstance } from './test-instance';

const brokers = process.env.SPANLOOP_TEST_KAFKA_BROKERS;
const unique = (prefix: string) => `${prefix}-${Date.now()}-${randomBytes(3).toString('hex')}`;

if (!brokers && process.env.CI) {
  describe('Spanloop roles on Kafka', () => {
    it('has a broker in CI', () => expect(brokers, 'SPANLOOP_TEST_KAFKA_BROKERS is unset').toBeDefined());
  });
}

/** Polls the API until the trace has `spans` spans (Kafka makes the read eventually consistent). */
async function waitForTrace(api: string, traceId: string, spans: number): Promise<{ spanId: string }[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await fetch(`${api}/api/v1/traces/${traceId}`);
    if (res.status === 200) {
      const body = (await res.json()) as { spans: { spanId: string }[] };
      if (body.spans.length >= spans || Date.now() > deadline) return body.spans;
    } else if (Date.now() > deadline) return [];
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function exportTrace(url: string, service: string): Promise<string> {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: new OTLPTraceExporter({ url }) })],
  });
  const tracer = provider.getTracer('kafka-roles');
  const root = tracer.startSpan('root');
  const traceId = root.spanContext().traceId;
  const parent = trace.setSpan(context.active(), root);
  for (let i = 0; i < 3; i++) tracer.startSpan(`child-${i}`, { attributes: { i } }, parent).end();
  root.end();
  await provider.forceFlush();
  await provider.shutdown();
  return traceId;
}

describe.skipIf(!brokers)('Spanloop roles on Kafka (skipped: set SPANLOOP_TEST_KAFKA_BROKERS)', () => {
  const running: { stop(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const r of running.splice(0).reverse()) await r.stop();
  });
  const kafkaEnv = () => ({
    SPANLOOP_BUS: 'kafka',
    SPANLOOP_KAFKA_BROKERS: brokers ?? '',
    SPANLOOP_KAFKA_TOPIC: unique('spans'),
    SPANLOOP_KAFKA_GROUP: unique('ingesters'),
  });

  it('runs collector → Kafka → ingester → store → API in one process', async () => {
    const env = kafkaEnv();
    const spanloop: TestInstance = await startTestInstance({
      bus: {
        kind: 'kafka',
        brokers: [brokers],
        topic: env.SPANLOOP_KAFKA_TOPIC,
        groupId: env.SPANLOOP_KAFKA_GROUP,
      },
    });
    running.push(spanloop);
    const url = `${spanloop.otlpHttp}/v1/traces`;
    const traceId = await exportTrace(url, 'kafka-one-process');
    const spans = await waitForTrace(spanloop.api, traceId, 4);
    expect(spans).toHaveLength(4);
    const metrics = await (await fetch(`${spanloop.api}/metrics`)).text();
    expect(metrics).toMatch(/spanloop_spans_accepted_total \d+/);
    expect(metrics).toContain('spanloop_kafka_lag');
  });

  it('carries spans from a separate collector process to the ingesting process, each once', async () => {
    const env = kafkaEnv();
    const ingester: SpanloopProcess = await startSpanloopProcess(mkdtempSync(join(tmpdir(), 'sl-ing-')), env);
    running.push(ingester);
    const collector: SpanloopProcess = await startSpanloopProcess(
      mkdtempSync(join(tmpdir(), 'sl-col-')),
      env,
      'collector',
    );
    running.push(collector);
    expect((await fetch(`${collector.api}/healthz`)).status).toBe(200);
    const traceIds = await Promise.all(
      [1, 2, 3].map((i) => exportTrace(collector.http, `kafka-collector-${i}`)),
    );
    for (const traceId of traceIds) {
      // The SDK exported the 3 children and the root in separate requests: 4 spans, each stored once.
      const spans = await waitForTrace(ingester.api, traceId, 4);
      expect(spans).toHaveLength(4);
      expect(new Set(spans.map((s) => s.spanId)).size).toBe(4);
    }
    const collectorMetrics = await (await fetch(`${collector.api}/metrics`)).text();
    expect(collectorMetrics).toMatch(/spanloop_otlp_requests_total\{format="protobuf",outcome="ok"\} \d+/);
  });

  it('refuses to run a collector on the embedded bus', async () => {
    await expect(
      startSpanloopProcess(mkdtempSync(join(tmpdir(), 'sl-bad-')), {}, 'collector'),
    ).rejects.toThrow(/exited with 1/);
  });
});
