import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { HrTime } from '@opentelemetry/api';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JaegerEnvelope, JaegerSpan, JaegerTrace } from '../query/jaeger';
import { hexId } from './otlp-json-request';
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

const ns = (t: HrTime): bigint => BigInt(t[0]) * 1_000_000_000n + BigInt(t[1]);
const us = (t: HrTime): number => Number(ns(t) / 1000n);
const durationUs = (s: ReadableSpan): number => Number((ns(s.endTime) - ns(s.startTime)) / 1000n);
const suffix = hexId(3);

/** A server root, a client LLM child with every attribute type, an event, a link and an error, via the SDK. */
async function emitTrace(service: string): Promise<ReadableSpan[]> {
  const seen = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'deployment.environment': 'test', cpus: 8 }),
    spanProcessors: [
      new SimpleSpanProcessor({ exporter: new ProtoExporter({ url: `${spanloop.otlpHttp}/v1/traces` }) }),
      new SimpleSpanProcessor({ exporter: seen }),
    ],
  });
  const tracer = provider.getTracer('jaeger-e2e', '1.0.0');
  const other = tracer.startSpan('linked');
  other.end();
  const root = tracer.startSpan('root', { kind: SpanKind.SERVER });
  const child = tracer.startSpan(
    'chat gpt-4o',
    {
      kind: SpanKind.CLIENT,
      attributes: { str: 'hello', int: 42, dbl: 3.5, bool: true, strs: ['a', 'b'] },
      links: [{ context: other.spanContext() }],
    },
    trace.setSpan(context.active(), root),
  );
  child.addEvent('thinking', { step: 1 });
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'model refused' });
  child.end();
  root.end();
  await provider.forceFlush();
  const finished = seen.getFinishedSpans();
  await provider.shutdown();
  return finished;
}

describe('Jaeger API over spans from the real OTLP exporter', () => {
  const service = `jaeger-sdk-${suffix}`;
  let sent: ReadableSpan[];
  beforeAll(async () => {
    sent = await emitTrace(service);
  });
  const byName = (name: string): ReadableSpan => {
    const span = sent.find((s) => s.name === name);
    if (span === undefined) throw new Error(`no span ${name}`);
    return span;
  };

  it('lists services and operations in the Jaeger envelope', async () => {
    const services = await jaeger<string[]>('/api/services');
    expect(services.status).toBe(200);
    expect(services.body).toEqual({
      data: expect.arrayContaining([service]) as unknown,
      total: services.body.data.length,
      limit: 0,
      offset: 0,
      errors: null,
    });
    expect(await jaeger(`/api/services/${encodeURIComponent(service)}/operations`)).toEqual({
      status: 200,
      body: { data: ['chat gpt-4o', 'linked', 'root'], total: 3, limit: 0, offset: 0, errors: null },
    });
    expect((await jaeger(`/api/operations?service=${service}`)).body.data).toEqual([
      { name: 'chat gpt-4o', spanKind: 'client' },
      { name: 'linked', spanKind: 'internal' },
      { name: 'root', spanKind: 'server' },
    ]);
    expect((await jaeger(`/api/operations?service=${service}&spanKind=server`)).body.data).toEqual([
      { name: 'root', spanKind: 'server' },
    ]);
  });

  it('returns a trace by id exactly as Jaeger models it', async () => {
    const root = byName('root');
    const child = byName('chat gpt-4o');
    const linked = byName('linked');
    const traceId = root.spanContext().traceId;
    const { status, body } = await jaeger<JaegerTrace[]>(`/api/traces/${traceId}`);
    expect(status).toBe(200);
    const scope = [
      { key: 'otel.scope.name', type: 'string', value: 'jaeger-e2e' },
      { key: 'otel.scope.version', type: 'string', value: '1.0.0' },
    ];
    const bySpanStart = (
      a: Pick<JaegerSpan, 'startTime' | 'spanID'>,
      b: Pick<JaegerSpan, 'startTime' | 'spanID'>,
    ) => a.startTime - b.startTime || (a.spanID < b.spanID ? -1 : 1);
    expect(body).toEqual({
      data: [
        {
          traceID: traceId,
          spans: [
            {
              traceID: traceId,
              spanID: root.spanContext().spanId,
              operationName: 'root',
              references: [],
              startTime: us(root.startTime),
              duration: durationUs(root),
              tags: [...scope, { key: 'span.kind', type: 'string', value: 'server' }],
              logs: [],
              processID: 'p1',
              warnings: null,
            },
            {
              traceID: traceId,
              spanID: child.spanContext().spanId,
              operationName: 'chat gpt-4o',
              references: [
                { refType: 'CHILD_OF', traceID: traceId, spanID: root.spanContext().spanId },
                {
                  refType: 'FOLLOWS_FROM',
                  traceID: linked.spanContext().traceId,
                  spanID: linked.spanContext().spanId,
                },
              ],
              startTime: us(child.startTime),
              duration: durationUs(child),
              tags: [
                ...scope,
                { key: 'str', type: 'string', value: 'hello' },
                { key: 'int', type: 'int64', value: 42 },
                { key: 'dbl', type: 'float64', value: 3.5 },
                { key: 'bool', type: 'bool', value: true },
                { key: 'strs', type: 'string', value: '["a","b"]' },
                { key: 'span.kind', type: 'string', value: 'client' },
                { key: 'otel.status_code', type: 'string', value: 'ERROR' },
                { key: 'error', type: 'bool', value: true },
                { key: 'otel.status_description', type: 'string', value: 'model refused' },
              ],
              logs: [
                {
                  timestamp: us(child.events[0]!.time),
                  fields: [
                    { key: 'event', type: 'string', value: 'thinking' },
                    { key: 'step', type: 'int64', value: 1 },
                  ],
                },
              ],
              processID: 'p1',
              warnings: null,
            },
          ].sort(bySpanStart),
          processes: {
            p1: {
              serviceName: service,
              tags: expect.arrayContaining([
                { key: 'deployment.environment', type: 'string', value: 'test' },
                { key: 'cpus', type: 'int64', value: 8 },
              ]) as unknown,
            },
          },
          warnings: null,
        },
      ],
      total: 0,
      limit: 0,
      offset: 0,
      errors: null,
    });
    expect(body.data[0]?.processes.p1?.tags.map((t) => t.key)).not.toContain('service.name');
    // Upper case ids are accepted.
    expect((await jaeger(`/api/traces/${traceId.toUpperCase()}`)).status).toBe(200);
  });

  it('answers unknown and malformed trace ids in the Jaeger error envelope', async () => {
    expect(await jaeger(`/api/traces/${hexId(16)}`)).toEqual({
      status: 404,
      body: { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 404, msg: 'trace not found' }] },
    });
    const bad = await jaeger("/api/traces/zz'--");
    expect(bad.status).toBe(400);
    expect(bad.body.errors?.[0]?.msg).toMatch(/1 to 32 hex/);
    expect((await jaeger(`/api/traces/${'a'.repeat(33)}`)).status).toBe(400);
    expect(await jaeger('/api/nothing-here')).toEqual({
      status: 404,
      body: {
        data: null,
        total: 0,
        limit: 0,
        offset: 0,
        errors: [{ code: 404, msg: 'no route /jaeger/api/nothing-here' }],
      },
    });
  });
});
