// Test fixture: spans recorded by the real OpenTelemetry SDK and serialized by its own OTLP transformer.
import { SpanKind, SpanStatusCode, TraceFlags, context, trace } from '@opentelemetry/api';
import type { HrTime, Tracer } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';

export const RESOURCE_ATTRIBUTES = {
  'service.name': 'checkout',
  'service.instance.id': 'pod-7',
  'host.cpu.count': 8,
} as const;

/** Runs `build` against an SDK tracer and returns the finished spans. */
export function recordSpans(
  build: (tracer: Tracer, provider: TracerProvider) => void,
  resource: Record<string, unknown> = RESOURCE_ATTRIBUTES,
): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes(resource),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  build(provider.getTracer('spanloop-test', '1.2.3'), provider);
  return exporter.getFinishedSpans();
}

export const BIG_INT = 2 ** 60 + 2 ** 12;
export const REMOTE_PARENT = {
  traceId: '0af7651916cd43dd8448eb211c80319c',
  spanId: 'b7ad6b7169203331',
  traceFlags: TraceFlags.SAMPLED,
  isRemote: true,
  traceState: new TraceState('vendor=abc,other=x1'),
};
export const LINKED = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' };

export const START: HrTime = [1_700_000_000, 123_456_789];
export const END: HrTime = [1_700_000_002, 987_654_321];
export const EVENT_TIME: HrTime = [1_700_000_001, 5];

/** A remote-parented server span carrying every attribute type, an event, a link and an error status; and a child. */
export function richSpans(): ReadableSpan[] {
  return recordSpans((tracer) => {
    const parent = trace.setSpanContext(context.active(), REMOTE_PARENT);
    const span = tracer.startSpan(
      'POST /v1/chat',
      {
        kind: SpanKind.SERVER,
        startTime: START,
        attributes: {
          str: 'hello',
          unicode: 'héllo ✓ 🚀',
          int: 42,
          negative: -7,
          big: BIG_INT,
          bigNegative: -BIG_INT,
          double: 3.25,
          bool: true,
          no: false,
          strings: ['a', 'b'],
          mixed: ['x', 1, 2.5, true, null],
          map: { model: 'gpt-4o', tokens: { input: 10, output: BIG_INT }, tags: ['a'] },
          bytes: new Uint8Array([0, 1, 2, 250, 255]),
          empty: null,
        },
        links: [
          { context: { ...LINKED, traceFlags: TraceFlags.NONE }, attributes: { 'link.kind': 'retry', n: 2 } },
        ],
      },
      parent,
    );
    span.addEvent('gen_ai.choice', { index: 0, finish: 'stop', scores: [0.5, 1] }, EVENT_TIME);
    const child = tracer.startSpan(
      'child',
      { kind: SpanKind.CLIENT, startTime: START },
      trace.setSpan(context.active(), span),
    );
    child.setStatus({ code: SpanStatusCode.OK });
    child.end(END);
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream failed' });
    span.end(END);
  });
}

export function toProtobuf(spans: ReadableSpan[]): Uint8Array {
  const bytes = ProtobufTraceSerializer.serializeRequest(spans);
  if (bytes === undefined) throw new Error('serializer returned nothing');
  return bytes;
}

export function toJson(spans: ReadableSpan[]): Uint8Array {
  const bytes = JsonTraceSerializer.serializeRequest(spans);
  if (bytes === undefined) throw new Error('serializer returned nothing');
  return bytes;
}

export const hrToNs = (t: HrTime): bigint => BigInt(t[0]) * 1_000_000_000n + BigInt(t[1]);
