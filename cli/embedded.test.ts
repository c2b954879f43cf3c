import { context, SpanKind, SpanStatusCode, trace, type HrTime } from '@opentelemetry/api';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPrice } from '../collector/pricing/list-price.test-kit';
import type { StoredSpan } from '../schemas/stored-span';
import { startTestInstance, type TestInstance } from './test-instance';

let spanloop: TestInstance;
beforeAll(async () => {
  spanloop = await startTestInstance();
});
afterAll(async () => {
  await spanloop.stop();
});

const nanos = (t: HrTime) => String(BigInt(t[0]) * 1_000_000_000n + BigInt(t[1]));

type Variant = { name: string; exporter: () => SpanExporter };
const variants: Variant[] = [
  { name: 'http/protobuf', exporter: () => new ProtoExporter({ url: `${spanloop.otlpHttp}/v1/traces` }) },
  {
    name: 'http/protobuf gzip',
    exporter: () =>
      new ProtoExporter({ url: `${spanloop.otlpHttp}/v1/traces`, compression: 'gzip' as never }),
  },
  { name: 'http/json', exporter: () => new JsonExporter({ url: `${spanloop.otlpHttp}/v1/traces` }) },
  {
    name: 'http/json gzip',
    exporter: () => new JsonExporter({ url: `${spanloop.otlpHttp}/v1/traces`, compression: 'gzip' as never }),
  },
  { name: 'grpc', exporter: () => new GrpcExporter({ url: spanloop.otlpGrpc }) },
  {
    name: 'grpc gzip',
    exporter: () => new GrpcExporter({ url: spanloop.otlpGrpc, compression: 'gzip' as never }),
  },
];

/** Emits a small trace through the real SDK and the given exporter; returns the spans as the SDK saw them. */
async function emitTrace(exporter: SpanExporter, service: string): Promise<ReadableSpan[]> {
  const seen = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'deployment.environment': 'test' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter }), new SimpleSpanProcessor({ exporter: seen })],
  });
  const tracer = provider.getTracer('e2e-scope', '1.2.3');
  const other = tracer.startSpan('linked');
  other.end();
  const root = tracer.startSpan('root', { kind: SpanKind.SERVER });
  const child = tracer.startSpan(
    'chat gpt-4o',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        str: 'hello',
        int: 42,
        dbl: 3.5,
        bool: true,
        strs: ['a', 'b'],
        nums: [1, 2.5],
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.input_tokens': 100,
        'gen_ai.usage.output_tokens': 20,
      },
      links: [{ context: other.spanContext(), attributes: { why: 'retry-of' } }],
    },
    trace.setSpan(context.active(), root),
  );
  child.addEvent('thinking', { step: 1, note: 'first' });
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'model refused' });
  child.end();
  root.end();
  await provider.forceFlush();
  const finished = seen.getFinishedSpans();
  await provider.shutdown();
  return finished;
}

async function getTrace(traceId: string): Promise<{ status: number; spans: StoredSpan[] }> {
  const res = await fetch(`${spanloop.api}/api/v1/traces/${traceId}`);
  const body = (await res.json()) as { spans?: StoredSpan[] };
  return { status: res.status, spans: body.spans ?? [] };
}

describe('embedded Spanloop fed by the real OpenTelemetry exporters', () => {
  it.each(variants)('stores and serves every span sent over $name', async ({ name, exporter }) => {
    const sent = await emitTrace(exporter(), `svc-${name}`);
    const root = sent.find((s) => s.name === 'root');
    const child = sent.find((s) => s.name === 'chat gpt-4o');
    const linked = sent.find((s) => s.name === 'linked');
    if (!root || !child || !linked) throw new Error('the SDK did not finish the spans');
    const traceId = root.spanContext().traceId;

    // Acknowledged means readable: no polling.
    const { status, spans } = await getTrace(traceId);
    expect(status).toBe(200);
    expect(spans.map((s) => s.name).sort()).toEqual(['chat gpt-4o', 'root']);
    const storedRoot = spans.find((s) => s.name === 'root') as StoredSpan;
    const stored = spans.find((s) => s.name === 'chat gpt-4o') as StoredSpan;

    expect(storedRoot.parentSpanId).toBe('');
    expect(storedRoot.kind).toBe('Server');
    expect(stored.traceId).toBe(traceId);
    expect(stored.spanId).toBe(child.spanContext().spanId);
    expect(stored.parentSpanId).toBe(root.spanContext().spanId);
    expect(stored.kind).toBe('Client');
    expect(stored.serviceName).toBe(`svc-${name}`);
    expect(stored.startTimeUnixNano).toBe(nanos(child.startTime));
    expect(stored.endTimeUnixNano).toBe(nanos(child.endTime));
    expect(stored.statusCode).toBe('Error');
    expect(stored.statusMessage).toBe('model refused');
    expect(stored.scopeName).toBe('e2e-scope');
    expect(stored.scopeVersion).toBe('1.2.3');
    expect(stored.attributes).toMatchObject({
      str: 'hello',
      int: 42,
      dbl: 3.5,
      bool: true,
      strs: ['a', 'b'],
      nums: [1, 2.5],
    });
    expect(stored.resourceAttributes).toMatchObject({
      'service.name': `svc-${name}`,
      'deployment.environment': 'test',
    });
    expect(stored.events).toEqual([
      {
        timeUnixNano: nanos(child.events[0]!.time),
        name: 'thinking',
        attributes: { step: 1, note: 'first' },
      },
    ]);
    expect(stored.links).toEqual([
      {
        traceId: linked.spanContext().traceId,
        spanId: linked.spanContext().spanId,
        traceState: '',
        attributes: { why: 'retry-of' },
      },
    ]);
    expect(stored.llm).toMatchObject({
      spanType: 'llm',
      provider: 'openai',
      requestModel: 'gpt-4o',
      inputTokens: 100,
      outputTokens: 20,
    });
    expect(stored.llm.totalCost).toBeCloseTo(listPrice('gpt-4o', { input: 100, output: 20 }), 12);
  });

  it.each(['/v1/traces', '/api/public/otel/v1/traces', '/v1/loop/opentelemetry/v1/traces'])(
    'accepts OTLP/HTTP on the API port at %s',
    async (path) => {
      const sent = await emitTrace(new ProtoExporter({ url: `${spanloop.api}${path}` }), 'api-port');
      const traceId = sent.find((s) => s.name === 'root')!.spanContext().traceId;
      expect((await getTrace(traceId)).spans).toHaveLength(2);
    },
  );

  it('answers 404 for an unknown trace and 400 for a malformed id', async () => {
    expect((await getTrace('0123456789abcdef0123456789abcdef')).status).toBe(404);
    const bad = await fetch(`${spanloop.api}/api/v1/traces/not-a-trace`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/32 hex/);
  });

  it('finds traces by service, model and text, with totals per trace', async () => {
    const sent = await emitTrace(new ProtoExporter({ url: `${spanloop.otlpHttp}/v1/traces` }), 'search-svc');
    const traceId = sent.find((s) => s.name === 'root')!.spanContext().traceId;
    const now = Date.now();
    const search = async (params: string) => {
      const res = await fetch(
        `${spanloop.api}/api/v1/traces?from=${now - 3_600_000}&to=${now + 60_000}&${params}`,
      );
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const byService = await search('service=search-svc');
    expect(byService.status).toBe(200);
    // The linked span is a trace of its own.
    expect(byService.body.traces).toHaveLength(2);
    expect(byService.body.traces).toContainEqual(
      expect.objectContaining({
        traceId,
        rootSpanName: 'root',
        spanCount: 2,
        errorCount: 1,
        inputTokens: 100,
      }),
    );
    const byAttr = await search('service=search-svc&attr=str=hello&model=gpt-4o');
    expect(byAttr.body.traces).toEqual([expect.objectContaining({ traceId })]);
    const byText = await search('service=search-svc&text=nothing-like-this');
    expect(byText.body.traces).toEqual([]);
    const none = await search('service=search-svc&attr=str=nope');
    expect(none.body.traces).toEqual([]);
    const bad = await search('limit=0');
    expect(bad.status).toBe(400);
    const missingRange = await fetch(`${spanloop.api}/api/v1/traces?service=x`);
    expect(missingRange.status).toBe(400);
  });
});
