import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { startSpanloopProcess } from '../cli/spanloop-process';
import type { SpanloopProcess } from '../cli/spanloop-process';
import { exportOnce, makeSpans } from './ingest';

export interface KafkaBenchOptions {
  /** Comma-separated `host:port` list of the broker the run uses (topics are created per run). */
  brokers: string;
  /** Spans exported in the throughput run. */
  spans: number;
  /** Spans per export request (the SDK batch processor's default is 512). */
  batch: number;
  /** Export requests in flight at once during the throughput run. */
  concurrency: number;
  /** Length of the paced run that measures visibility latency. */
  latencySeconds: number;
  /** Spans/s of the paced run; default half the measured end-to-end rate, so the lag stays near zero. */
  latencySpansPerSecond?: number;
}

/** Traces watched at once in the paced run. */
const MAX_PROBES = 2;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const percentile = (sorted: readonly number[], q: number): number =>
  Number((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(1));

/** Records of the spans topic not yet written, summed over partitions, from the ingester's /metrics. */
async function kafkaLag(ingester: SpanloopProcess): Promise<number | undefined> {
  const text = await (await fetch(`${ingester.api}/metrics`)).text();
  const lags = [...text.matchAll(/^spanloop_kafka_lag\{[^}]*\} (\d+)/gm)].map((m) => Number(m[1]));
  return lags.length === 0 ? undefined : lags.reduce((a, b) => a + b, 0);
}

/** The trace with the most spans in the batch (a whole one): once readable, the batch's partition caught up. */
function probeOf(batch: readonly ReadableSpan[]): { traceId: string; spans: number } | undefined {
  const counts = new Map<string, number>();
  for (const s of batch) {
    const id = s.spanContext().traceId;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  let best: { traceId: string; spans: number } | undefined;
  for (const [traceId, spans] of counts) if (!best || spans > best.spans) best = { traceId, spans };
  return best;
}

const spansReadable = async (ingester: SpanloopProcess, traceId: string): Promise<number> => {
  const res = await fetch(`${ingester.api}/api/v1/traces/${traceId}`);
  return res.status === 200 ? ((await res.json()) as { spans: unknown[] }).spans.length : 0;
};

/** Polls until the trace shows `spans` spans; resolves with the time it did. */
async function readableAt(ingester: SpanloopProcess, traceId: string, spans: number, timeoutMs: number) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if ((await spansReadable(ingester, traceId)) >= spans) return performance.now();
    // 20 ms resolution: finer polling would load the ingester's readers and skew what it measures.
    await sleep(20);
  }
  return undefined;
}

const batchesOf = (spans: ReadableSpan[], size: number): ReadableSpan[][] => {
  const out: ReadableSpan[][] = [];
  for (let i = 0; i < spans.length; i += size) out.push(spans.slice(i, i + size));
  return out;
};

/**
 * The scaled path on this machine: the real OTLP exporter → `spanloop collector` → Kafka → `spanloop ingester`
 * (each its own process) → readable through the ingester's API. Throughput at saturation, then the visibility
 * latency (export acknowledged → trace readable) of a paced load.
 */
export async function benchKafka(opts: KafkaBenchOptions) {
  const run = `${Date.now()}-${randomBytes(3).toString('hex')}`;
  const env = {
    SPANLOOP_BUS: 'kafka',
    SPANLOOP_KAFKA_BROKERS: opts.brokers,
    SPANLOOP_KAFKA_TOPIC: `spanloop-bench-${run}`,
    SPANLOOP_KAFKA_GROUP: `spanloop-bench-${run}`,
  };
  const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'spanloop-bench-kafka-')));
  const started: SpanloopProcess[] = [];
  try {
    const ingester = await startSpanloopProcess(dirs[0] as string, env, 'ingester');
    started.push(ingester);
    const collector = await startSpanloopProcess(dirs[1] as string, env, 'collector');
    started.push(collector);
    const exporters = Array.from(
      { length: opts.concurrency },
      () => new OTLPTraceExporter({ url: collector.http, timeoutMillis: 60_000 }),
    );
    const first = exporters[0] as OTLPTraceExporter;

    // Warm-up: the JIT, the consumer group's first join and the engine's first parts.
    const warm = makeSpans(opts.batch);
    await exportOnce(first, warm);
    const warmProbe = probeOf(warm);
    if (warmProbe && (await readableAt(ingester, warmProbe.traceId, warmProbe.spans, 60_000)) === undefined)
      throw new Error('the warm-up batch never became readable');

    const batches = batchesOf(makeSpans(opts.spans), opts.batch);
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      exporters.map(async (exporter) => {
        while (next < batches.length) await exportOnce(exporter, batches[next++] as ReadableSpan[]);
      }),
    );
    const acknowledgedSeconds = (performance.now() - t0) / 1000;
    let lag = await kafkaLag(ingester);
    const deadline = performance.now() + 10 * 60_000;
    while (lag !== 0 && performance.now() < deadline) {
      await sleep(50);
      lag = await kafkaLag(ingester);
    }
    if (lag !== 0) throw new Error(`the ingester did not catch up (lag ${String(lag)})`);
    const writtenSeconds = (performance.now() - t0) / 1000;
    const exported = batches.reduce((n, b) => n + b.length, 0);
    const endToEnd = exported / writtenSeconds;

    // Paced: one request every interval; a few of them are watched from acknowledgement until readable.
    const rate = opts.latencySpansPerSecond ?? Math.max(opts.batch, Math.round(endToEnd / 2));
    const intervalMs = (1000 * opts.batch) / rate;
    const paced = batchesOf(
      makeSpans(Math.ceil((rate * opts.latencySeconds) / opts.batch) * opts.batch),
      opts.batch,
    );
    const latencies: number[] = [];
    const watchers = new Set<Promise<void>>();
    let missed = 0;
    const pacedStart = performance.now();
    for (const [i, batch] of paced.entries()) {
      const due = pacedStart + i * intervalMs;
      if (due > performance.now()) await sleep(due - performance.now());
      await exportOnce(first, batch);
      const acked = performance.now();
      const probe = probeOf(batch);
      // Bounded probing: polling every batch would load the ingester's readers in proportion to the latency.
      if (!probe || watchers.size >= MAX_PROBES) continue;
      const watcher = readableAt(ingester, probe.traceId, probe.spans, 60_000).then((at) => {
        if (at === undefined) missed++;
        else latencies.push(at - acked);
        watchers.delete(watcher);
      });
      watchers.add(watcher);
    }
    const pacedSeconds = (performance.now() - pacedStart) / 1000;
    await Promise.all([...watchers]);
    latencies.sort((a, b) => a - b);
    await Promise.all(exporters.map((e) => e.shutdown()));

    return {
      path: 'OTLP/HTTP protobuf → spanloop collector → Kafka (acks=all) → spanloop ingester → chdb, one process each',
      brokers: opts.brokers,
      spans: exported,
      batch: opts.batch,
      concurrency: opts.concurrency,
      acknowledgedSeconds: Number(acknowledgedSeconds.toFixed(2)),
      collectorSpansPerSecond: Math.round(exported / acknowledgedSeconds),
      writtenSeconds: Number(writtenSeconds.toFixed(2)),
      endToEndSpansPerSecond: Math.round(endToEnd),
      visibility: {
        spansPerSecond: Math.round(paced.reduce((n, b) => n + b.length, 0) / pacedSeconds),
        probes: latencies.length,
        missed,
        latencyMs: { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) },
      },
    };
  } finally {
    for (const p of started.reverse()) await p.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}
