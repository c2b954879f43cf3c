import os from 'node:os';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import type { Tracer } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { Result } from '../core/result';
import type { DecodedExportRequest } from '../schemas/otlp-model';
import { decodeJsonExportRequest } from '../collector/otlp/decode-json';
import { decodeProtobufExportRequest } from '../collector/otlp/decode-protobuf';
import { mapLlmFields } from '../collector/conventions';
import { createPricing } from '../collector/pricing';
import { toSpanRows } from '../collector/span-rows';
import { jsonEachRowBody } from '../core/span-store/clickhouse-span-store';

const WARMUP_MS = 600;
const RUN_MS = 400;
const RUNS = 7;

/** How far down the ingest path a run goes: decoding only, + validation/mapping/pricing, + the insert body. */
type Stage = 'decode' | 'decode+normalize' | 'decode+normalize+serialize';

interface CaseResult {
  name: string;
  format: 'protobuf' | 'json';
  stage: Stage;
  spansPerRequest: number;
  requestBytes: number;
  spansPerSec: number;
  mbPerSec: number;
  runsSpansPerSec: number[];
}

function record(build: (tracer: Tracer) => void): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'checkout-api',
      'service.version': '2.14.1',
      'deployment.environment.name': 'production',
      'host.name': 'ip-10-0-12-34.eu-west-1.compute.internal',
      'telemetry.sdk.language': 'nodejs',
      'telemetry.sdk.name': 'opentelemetry',
      'telemetry.sdk.version': '2.1.0',
    }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  build(provider.getTracer('@spanloop/bench', '1.0.0'));
  return exporter.getFinishedSpans();
}

const BASE_SECONDS = 1_760_000_000;

function smallSpans(count: number): ReadableSpan[] {
  return record((tracer) => {
    let parent = context.active();
    for (let i = 0; i < count; i++) {
      const span = tracer.startSpan(
        i % 8 === 0 ? 'GET /api/orders/{id}' : 'SELECT orders',
        {
          kind: i % 8 === 0 ? SpanKind.SERVER : SpanKind.CLIENT,
          startTime: [BASE_SECONDS + i, 123_456_789],
          attributes: {
            'http.request.method': 'GET',
            'url.path': `/api/orders/${100_000 + i}`,
            'http.route': '/api/orders/{id}',
            'http.response.status_code': 200,
            'server.address': 'orders.internal',
            'server.port': 8080,
            'network.protocol.version': '1.1',
            'user_agent.original': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0',
            'app.cache_hit': i % 3 === 0,
            'app.latency_ratio': 0.734 + i / 1000,
          },
        },
        parent,
      );
      if (i % 8 === 0) parent = trace.setSpan(context.active(), span);
      span.end([BASE_SECONDS + i, 923_456_789]);
    }
  });
}

function llmSpans(count: number): ReadableSpan[] {
  const turn = (i: number) => ({
    role: i % 2 === 0 ? 'user' : 'assistant',
    parts: [
      { type: 'text', content: `Turn ${i}: ${'The quick brown fox jumps over the lazy dog. '.repeat(9)}` },
    ],
  });
  const input = JSON.stringify(Array.from({ length: 48 }, (_, i) => turn(i)));
  const output = JSON.stringify([turn(1), turn(3), turn(5), turn(7)]);
  return record((tracer) => {
    for (let i = 0; i < count; i++) {
      const span = tracer.startSpan('chat gpt-4o', {
        kind: SpanKind.CLIENT,
        startTime: [BASE_SECONDS + i, 1],
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'gpt-4o',
          'gen_ai.response.model': 'gpt-4o-2024-08-06',
          'gen_ai.response.id': `chatcmpl-${i}AbCdEfGhIjKlMnOp`,
          'gen_ai.request.temperature': 0.2,
          'gen_ai.request.max_tokens': 1024,
          'gen_ai.usage.input_tokens': 5123 + i,
          'gen_ai.usage.output_tokens': 312,
          'gen_ai.response.finish_reasons': ['stop'],
          'gen_ai.input.messages': input,
          'gen_ai.output.messages': output,
          'server.address': 'api.openai.com',
          'server.port': 443,
        },
      });
      span.setStatus({ code: SpanStatusCode.OK });
      span.end([BASE_SECONDS + i, 900_000_001]);
    }
  });
}

function measure(decode: () => number): number[] {
  const until = performance.now() + WARMUP_MS;
  while (performance.now() < until) decode();
  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    let spans = 0;
    const start = performance.now();
    let now = start;
    while (now - start < RUN_MS) {
      spans += decode();
      now = performance.now();
    }
    rates.push(spans / ((now - start) / 1000));
  }
  return rates;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
};

function spanCount(r: Result<DecodedExportRequest>): number {
  if (!r.ok) throw new Error(`bench request failed to decode: ${r.error.message}`);
  let n = 0;
  for (const rs of r.value.resourceSpans) for (const ss of rs.scopeSpans) n += ss.spans.length;
  return n;
}

const pricing = createPricing();
const normalize = (r: Result<DecodedExportRequest>) => {
  if (!r.ok) throw new Error(`bench request failed to decode: ${r.error.message}`);
  return toSpanRows(r.value, {
    workspaceId: 'default',
    nowNs: BigInt(Date.now()) * 1_000_000n,
    maxAttributeBytes: 1024 * 1024,
    mapLlm: mapLlmFields,
    cost: (model, llm) => pricing.cost(model, llm),
  }).rows;
};

function runCase(name: string, spans: ReadableSpan[]): CaseResult[] {
  const proto = ProtobufTraceSerializer.serializeRequest(spans);
  const json = JsonTraceSerializer.serializeRequest(spans);
  if (proto === undefined || json === undefined) throw new Error('serializer returned nothing');
  const jsonBuf = Buffer.from(json);
  const out: CaseResult[] = [];
  const decoders = { protobuf: decodeProtobufExportRequest, json: decodeJsonExportRequest };
  const bodies = { protobuf: proto, json: jsonBuf };
  const runs: [Stage, 'protobuf' | 'json', () => number][] = [];
  for (const format of ['protobuf', 'json'] as const) {
    const decode = () => decoders[format](bodies[format]);
    runs.push(['decode', format, () => spanCount(decode())]);
    runs.push(['decode+normalize', format, () => normalize(decode()).length]);
    runs.push([
      'decode+normalize+serialize',
      format,
      () => jsonEachRowBody(normalize(decode())).length && spans.length,
    ]);
  }
  for (const [stage, format, run] of runs) {
    const bytes = bodies[format];
    const rates = measure(run);
    const spansPerSec = median(rates);
    out.push({
      name,
      format,
      stage,
      spansPerRequest: spans.length,
      requestBytes: bytes.byteLength,
      spansPerSec: Math.round(spansPerSec),
      mbPerSec: Math.round(((spansPerSec / spans.length) * bytes.byteLength) / 1e4) / 100,
      runsSpansPerSec: rates.map(Math.round),
    });
  }
  return out;
}

/** Decode throughput on one core for small (~10 attrs) and LLM-sized (~20 KB prompt) spans, both encodings. */
export async function benchDecode(): Promise<object> {
  const cases: CaseResult[] = [];
  for (const [name, spans] of [
    ['small spans, 10 attributes', () => smallSpans(512)],
    ['LLM spans, ~20 KB input messages', () => llmSpans(64)],
  ] as const) {
    cases.push(...runCase(name, spans()));
    // Let timers and I/O of a host process run between cases.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return {
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    method: `median of ${RUNS} runs of ${RUN_MS} ms after ${WARMUP_MS} ms warm-up, one thread; MB = 1e6 bytes of request body`,
    cases,
  };
}
