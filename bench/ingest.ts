import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace';
import { startSpanloopProcess } from '../cli/spanloop-process';

export interface IngestBenchOptions {
  /** Spans exported in the measured run. */
  spans: number;
  /** Spans per export request (the SDK batch processor's default is 512). */
  batch: number;
  /** Export requests in flight at once. */
  concurrency: number;
}

/** Real SDK spans: traces of one agent root, LLM calls and tool calls, with realistic attributes. */
export function makeSpans(count: number): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'bench-agent', 'service.version': '1.0.0' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  const tracer = provider.getTracer('bench', '1.0.0');
  while (memory.getFinishedSpans().length < count) {
    tracer.startActiveSpan('invoke_agent planner', (root) => {
      root.setAttributes({
        'gen_ai.operation.name': 'invoke_agent',
        'session.id': 'sess-1',
        'user.id': 'u-1',
      });
      for (let i = 0; i < 4; i++) {
        const llm = tracer.startSpan('chat gpt-4o-mini', {
          attributes: {
            'gen_ai.operation.name': 'chat',
            'gen_ai.provider.name': 'openai',
            'gen_ai.request.model': 'gpt-4o-mini',
            'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
            'gen_ai.usage.input_tokens': 120 + i,
            'gen_ai.usage.output_tokens': 40,
            'http.status_code': 200,
            'server.address': 'api.openai.com',
          },
        });
        llm.end();
      }
      const tool = tracer.startSpan('execute_tool search', {
        attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'search' },
      });
      tool.end();
      root.end();
    });
  }
  return memory.getFinishedSpans().slice(0, count);
}

/** One export through the SDK exporter, resolved on its acknowledgement. */
export const exportOnce = (exporter: OTLPTraceExporter, spans: ReadableSpan[]) =>
  new Promise<void>((resolve, reject) =>
    exporter.export(spans, (r) =>
      r.code === ExportResultCode.SUCCESS ? resolve() : reject(r.error ?? new Error('export failed')),
    ),
  );

/** Sustained ingest into `spanloop start` (its own process) from the real OTLP/HTTP protobuf exporter. */
export async function benchIngest(opts: IngestBenchOptions) {
  const spans = makeSpans(opts.spans);
  const batches: ReadableSpan[][] = [];
  for (let i = 0; i < spans.length; i += opts.batch) batches.push(spans.slice(i, i + opts.batch));
  const dataDir = mkdtempSync(join(tmpdir(), 'spanloop-bench-ingest-'));
  const spanloop = await startSpanloopProcess(dataDir);
  try {
    const exporters = Array.from(
      { length: opts.concurrency },
      () => new OTLPTraceExporter({ url: spanloop.http, timeoutMillis: 60_000 }),
    );
    // Warm-up: the JIT and the engine's first parts.
    await exportOnce(exporters[0] as OTLPTraceExporter, batches[0] as ReadableSpan[]);
    let next = 1;
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      exporters.map(async (exporter) => {
        while (next < batches.length) {
          const batch = batches[next++] as ReadableSpan[];
          const t = performance.now();
          await exportOnce(exporter, batch);
          latencies.push(performance.now() - t);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const exported = spans.length - (batches[0]?.length ?? 0);
    // Read-your-writes: the last acknowledged trace is readable at once.
    const lastTrace = spans[spans.length - 1]?.spanContext().traceId ?? '';
    const readable = (await fetch(`${spanloop.api}/api/v1/traces/${lastTrace}`)).status === 200;
    latencies.sort((a, b) => a - b);
    const pick = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
    await Promise.all(exporters.map((e) => e.shutdown()));
    return {
      exporter:
        '@opentelemetry/exporter-trace-otlp-proto (HTTP/protobuf), load generator in the same machine',
      spans: exported,
      batch: opts.batch,
      concurrency: opts.concurrency,
      seconds: Number(seconds.toFixed(2)),
      spansPerSecond: Math.round(exported / seconds),
      exportLatencyMs: { p50: Number(pick(0.5).toFixed(1)), p95: Number(pick(0.95).toFixed(1)) },
      lastTraceReadableOnAck: readable,
    };
  } finally {
    await spanloop.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
