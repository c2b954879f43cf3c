import { randomBytes } from 'node:crypto';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
  type IdGenerator,
  type ReadableSpan,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeProtobufExportRequest } from '../collector/otlp/decode-protobuf';
import type { Attributes, DecodedExportRequest, DecodedSpan } from '../schemas/otlp-model';
import { startTestInstance, type TestInstance } from './test-instance';

let spanloop: TestInstance;
let tempo: string;
beforeAll(async () => {
  spanloop = await startTestInstance();
  tempo = `${spanloop.api}/tempo`;
});
afterAll(async () => {
  await spanloop.stop();
});

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
/** Trace ids as a Jaeger or Zipkin client makes them: 64 bits, so the upper half is zero. */
const shortTraceIds: IdGenerator = {
  generateTraceId: () => '0'.repeat(16) + hex(8),
  generateSpanId: () => hex(8),
};

/** A small agent trace through the real SDK and exporter; returns what the SDK finished. */
async function emitTrace(
  exporter: SpanExporter,
  service: string,
  ids?: IdGenerator,
): Promise<ReadableSpan[]> {
  const seen = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'deployment.environment': 'test' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter }), new SimpleSpanProcessor({ exporter: seen })],
    ...(ids === undefined ? {} : { idGenerator: ids }),
  });
  const tracer = provider.getTracer('tempo-e2e', '0.9.1');
  const root = tracer.startSpan('POST /agent', {
    kind: SpanKind.SERVER,
    attributes: { 'http.method': 'POST' },
  });
  const parent = trace.setSpan(context.active(), root);
  const tool = tracer.startSpan('tool lookup', { kind: SpanKind.INTERNAL }, parent);
  tool.end();
  const llm = tracer.startSpan(
    'chat gpt-4o',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        str: 'hello',
        int: 42,
        neg: -7,
        dbl: 3.5,
        bool: false,
        strs: ['a', 'b'],
        nums: [1, 2.5],
        'gen_ai.request.model': 'gpt-4o',
      },
      links: [{ context: tool.spanContext(), attributes: { why: 'uses' } }],
    },
    parent,
  );
  llm.addEvent('thinking', { step: 1, note: 'first' });
  llm.setStatus({ code: SpanStatusCode.ERROR, message: 'model refused' });
  llm.end();
  root.setStatus({ code: SpanStatusCode.OK });
  root.end();
  await provider.forceFlush();
  const finished = seen.getFinishedSpans();
  await provider.shutdown();
  return finished;
}

interface Located {
  resource: Attributes;
  scope: string;
  span: DecodedSpan;
}
/** Every span of a decoded export with its resource and scope, by span id. */
const bySpanId = (request: DecodedExportRequest): Map<string, Located> =>
  new Map(
    request.resourceSpans.flatMap((rs) =>
      rs.scopeSpans.flatMap((ss) =>
        ss.spans.map((span): [string, Located] => [
          span.spanId,
          { resource: rs.resource, scope: `${ss.scopeName}@${ss.scopeVersion}`, span },
        ]),
      ),
    ),
  );

/** What the exporter sent, decoded by the same decoder as the answer. */
const sentAsDecoded = (spans: ReadableSpan[]): Map<string, Located> => {
  const decoded = decodeProtobufExportRequest(
    ProtobufTraceSerializer.serializeRequest(spans) ?? new Uint8Array(),
  );
  if (!decoded.ok) throw decoded.error;
  return bySpanId(decoded.value);
};

/** The `Trace` inside a `TraceByIDResponse`; also proves there is no PARTIAL status (field 3). */
function traceOfResponse(bytes: Uint8Array): Uint8Array {
  let pos = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[pos++] as number;
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
    }
  };
  let found: Uint8Array | undefined;
  while (pos < bytes.length) {
    const tag = varint();
    expect(tag & 7).toBe(2);
    const length = varint();
    if (tag >>> 3 === 1) found = bytes.subarray(pos, pos + length);
    else expect(tag >>> 3).not.toBe(3);
    pos += length;
  }
  if (found === undefined) throw new Error('no trace in the response');
  return found;
}

const decodeTrace = (bytes: Uint8Array): Map<string, Located> => {
  const decoded = decodeProtobufExportRequest(bytes);
  if (!decoded.ok) throw decoded.error;
  return bySpanId(decoded.value);
};

// Grafana's backend asks for protobuf; its frontend sends the usual fetch headers.
const grafanaBackend = { Accept: 'application/protobuf', 'User-Agent': 'Grafana/11.3.0' };
const grafanaFrontend = { Accept: 'application/json, text/plain, */*', 'X-Grafana-Org-Id': '1' };
const nowS = () => Math.floor(Date.now() / 1000);

describe('Tempo API, as Grafana calls it, over spans from the real OTel exporters', () => {
  let sent: ReadableSpan[];
  let traceId: string;
  let grpcSent: ReadableSpan[];
  beforeAll(async () => {
    sent = await emitTrace(
      new ProtoExporter({ url: `${spanloop.otlpHttp}/v1/traces` }),
      'tempo-e2e',
      shortTraceIds,
    );
    traceId = sent[0]!.spanContext().traceId;
    grpcSent = await emitTrace(new GrpcExporter({ url: spanloop.otlpGrpc }), 'tempo-e2e-grpc');
  });

  it('answers buildinfo with a 2.x version and echo', async () => {
    const info = await fetch(`${tempo}/api/status/buildinfo`, { headers: grafanaFrontend });
    expect(info.status).toBe(200);
    expect(((await info.json()) as { version: string }).version).toMatch(/^2\./);
    const echo = await fetch(`${tempo}/api/echo`, { headers: grafanaFrontend });
    expect(await echo.text()).toBe('echo');
  });

  it.each([
    ['the 64-bit id as typed', () => traceId.slice(16)],
    ['the full upper-case id', () => traceId.toUpperCase()],
  ])('returns every span as protobuf TraceByIDResponse for %s', async (_, id) => {
    const res = await fetch(`${tempo}/api/v2/traces/${id()}?start=${nowS() - 3600}&end=${nowS() + 60}`, {
      headers: grafanaBackend,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/protobuf');
    const got = decodeTrace(traceOfResponse(new Uint8Array(await res.arrayBuffer())));
    expect(got.size).toBe(3);
    expect(got).toEqual(sentAsDecoded(sent));
  });

  it('serves the v1 fallback as a protobuf Trace, and spans sent over gRPC alike', async () => {
    const id = grpcSent[0]!.spanContext().traceId;
    const res = await fetch(`${tempo}/api/traces/${id}`, { headers: grafanaBackend });
    expect(res.status).toBe(200);
    expect(decodeTrace(new Uint8Array(await res.arrayBuffer()))).toEqual(sentAsDecoded(grpcSent));
  });

  it('answers 404 on both trace paths for an unknown id, so Grafana reports it missing', async () => {
    const unknown = '0123456789abcdef';
    expect((await fetch(`${tempo}/api/v2/traces/${unknown}`, { headers: grafanaBackend })).status).toBe(404);
    expect((await fetch(`${tempo}/api/traces/${unknown}`, { headers: grafanaBackend })).status).toBe(404);
    expect((await fetch(`${tempo}/api/v2/traces/not-hex`, { headers: grafanaBackend })).status).toBe(400);
  });

  it('returns OTLP JSON without the protobuf Accept header', async () => {
    const res = await fetch(`${tempo}/api/v2/traces/${traceId}`, { headers: grafanaFrontend });
    const body = (await res.json()) as {
      trace: { resourceSpans: { scopeSpans: { spans: { spanId: string }[] }[] }[] };
    };
    const ids = body.trace.resourceSpans.flatMap((r) =>
      r.scopeSpans.flatMap((s) => s.spans.map((x) => x.spanId)),
    );
    expect(ids.sort()).toEqual(sent.map((s) => s.spanContext().spanId).sort());
  });

  it('searches with TraceQL as the Search builder sends it', async () => {
    const q = '{resource.service.name="tempo-e2e" && span.str="hello" && duration>0ms && status=error}';
    const params = new URLSearchParams({
      q,
      limit: '20',
      spss: '3',
      start: String(nowS() - 3600),
      end: String(nowS()),
    });
    const res = await fetch(`${tempo}/api/search?${params.toString()}`, { headers: grafanaFrontend });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { traces: Record<string, unknown>[] };
    const llm = sent.find((s) => s.name === 'chat gpt-4o')!;
    expect(body.traces).toEqual([
      expect.objectContaining({
        traceID: traceId,
        rootServiceName: 'tempo-e2e',
        rootTraceName: 'POST /agent',
        serviceStats: { 'tempo-e2e': { spanCount: 3, errorCount: 1 } },
        spanSets: [
          {
            matched: 1,
            spans: [
              expect.objectContaining({
                spanID: llm.spanContext().spanId,
                name: 'chat gpt-4o',
                attributes: expect.arrayContaining([
                  { key: 'service.name', value: { stringValue: 'tempo-e2e' } },
                  { key: 'str', value: { stringValue: 'hello' } },
                ]) as unknown,
              }),
            ],
          },
        ],
      }),
    ]);
  });

  it('searches with legacy tags and duration bounds', async () => {
    const params = new URLSearchParams({
      tags: 'service.name=tempo-e2e-grpc name="tool lookup"',
      minDuration: '0ms',
      maxDuration: '1h',
      limit: '20',
      start: String(nowS() - 3600),
      end: String(nowS()),
    });
    const body = (await (await fetch(`${tempo}/api/search?${params.toString()}`)).json()) as {
      traces: { traceID: string }[];
    };
    expect(body.traces.map((t) => t.traceID)).toEqual([grpcSent[0]!.spanContext().traceId]);
  });

  it('refuses malformed TraceQL with 400 and the position', async () => {
    const res = await fetch(`${tempo}/api/search?q=${encodeURIComponent('{ span.str = }')}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe(
      'at column 14: expected a value, found "}"',
    );
  });

  it('autocompletes tag names and values (v2 with v1 fallbacks)', async () => {
    const v2 = (await (await fetch(`${tempo}/api/v2/search/tags`, { headers: grafanaFrontend })).json()) as {
      scopes: { name: string; tags: string[] }[];
    };
    expect(v2.scopes.find((s) => s.name === 'resource')?.tags).toEqual(
      expect.arrayContaining(['service.name', 'deployment.environment']),
    );
    expect(v2.scopes.find((s) => s.name === 'span')?.tags).toEqual(expect.arrayContaining(['str', 'int']));
    const v1 = (await (await fetch(`${tempo}/api/search/tags`)).json()) as { tagNames: string[] };
    expect(v1.tagNames).toEqual(expect.arrayContaining(['service.name', 'str']));

    const tag = encodeURIComponent(encodeURIComponent('resource.service.name'));
    const q = encodeURIComponent('{ span.str = "hello" }');
    const values = (await (await fetch(`${tempo}/api/v2/search/tag/${tag}/values?q=${q}`)).json()) as {
      tagValues: { type: string; value: string }[];
    };
    expect(values.tagValues).toEqual([
      { type: 'string', value: 'tempo-e2e' },
      { type: 'string', value: 'tempo-e2e-grpc' },
    ]);
    const ints = (await (await fetch(`${tempo}/api/v2/search/tag/span.int/values`)).json()) as {
      tagValues: unknown[];
    };
    expect(ints.tagValues).toEqual([{ type: 'int', value: '42' }]);
    const legacy = (await (await fetch(`${tempo}/api/search/tag/service.name/values`)).json()) as {
      tagValues: string[];
    };
    expect(legacy.tagValues).toEqual(['tempo-e2e', 'tempo-e2e-grpc']);
  });
});
