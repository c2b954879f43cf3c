import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { benchCodeEvaluators } from './code-evaluators';
import { benchDatasetsImport } from './datasets-import';
import { benchDecode } from './decode';
import { benchEvaluators } from './evaluators';
import { benchIngest } from './ingest';
import { benchKafka } from './kafka';

const run = promisify(execFile);

/** `--name=value` flags of `npm run bench -- …`. */
const flag = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;

/** chdb binds one data folder per process, so each store size runs in a process of its own. */
/** The datasets store bench runs in its own process (PGlite holds its folder). */
async function benchDatasetsInProcess(items: number, reads: number): Promise<unknown> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'datasets-store-main.ts'), String(items), String(reads)],
    { maxBuffer: 16 * 1024 * 1024, timeout: 30 * 60 * 1000 },
  );
  return JSON.parse(stdout) as unknown;
}

async function benchStoreInProcess(spans: number): Promise<unknown> {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'store-main.ts'), String(spans)],
    {
      maxBuffer: 64 * 1024 * 1024,
      timeout: 60 * 60 * 1000,
    },
  );
  return JSON.parse(stdout) as unknown;
}

// The Kafka path runs only against a broker given here; without one it is reported as skipped.
const kafkaBrokers = process.env.SPANLOOP_BENCH_KAFKA_BROKERS;
const only = flag(
  'only',
  'decode,ingest,kafka,store,evaluators,code-evaluators,datasets-store,datasets-import',
).split(',');
const storeSizes = flag('store-spans', '1000000')
  .split(',')
  .map((n) => Number(n));

const results: Record<string, unknown> = {
  machine: {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  },
  startedAt: new Date().toISOString(),
};
if (only.includes('decode')) {
  process.stderr.write('bench: OTLP decode + normalize (one core)\n');
  results.decode = await benchDecode();
}
if (only.includes('ingest')) {
  process.stderr.write('bench: end-to-end embedded ingest from the real exporter\n');
  results.ingest = await benchIngest({
    spans: Number(flag('ingest-spans', '300000')),
    batch: 512,
    concurrency: Number(flag('ingest-concurrency', '8')),
  });
}
if (only.includes('kafka')) {
  if (kafkaBrokers === undefined || kafkaBrokers === '') {
    results.kafka = { skipped: 'no broker: set SPANLOOP_BENCH_KAFKA_BROKERS=host:port' };
  } else {
    process.stderr.write(`bench: collector → Kafka (${kafkaBrokers}) → ingester, each its own process\n`);
    results.kafka = await benchKafka({
      brokers: kafkaBrokers,
      spans: Number(flag('kafka-spans', flag('ingest-spans', '300000'))),
      batch: 512,
      concurrency: Number(flag('ingest-concurrency', '8')),
      latencySeconds: Number(flag('kafka-latency-seconds', '15')),
    });
  }
}
if (only.includes('datasets-import')) {
  results.datasetsImport = [];
  for (const rows of flag('datasets-rows', '100000').split(',').map(Number)) {
    process.stderr.write(`bench: datasets CSV import of ${rows} rows over HTTP\n`);
    (results.datasetsImport as unknown[]).push(await benchDatasetsImport(rows));
  }
}
if (only.includes('store')) {
  results.store = [];
  for (const spans of storeSizes) {
    process.stderr.write(`bench: span store at ${spans} spans\n`);
    (results.store as unknown[]).push(await benchStoreInProcess(spans));
  }
}
if (only.includes('code-evaluators')) {
  process.stderr.write('bench: code evaluators (QuickJS and Pyodide in the process sandbox)\n');
  results.codeEvaluators = await benchCodeEvaluators(Number(flag('code-items', '200')));
}
if (only.includes('datasets-store')) {
  const items = Number(flag('datasets-items', '1000000'));
  process.stderr.write(`bench: datasets store at ${items} items (PGlite)\n`);
  results.datasetsStore = await benchDatasetsInProcess(items, Number(flag('datasets-reads', '200')));
}
if (only.includes('evaluators')) {
  process.stderr.write('bench: evaluators (deterministic throughput, judge overhead over the model call)\n');
  results.evaluators = await benchEvaluators({ judgeIterations: Number(flag('judge-iterations', '300')) });
}
const embedded = results.ingest as Awaited<ReturnType<typeof benchIngest>> | undefined;
const kafka = results.kafka as Awaited<ReturnType<typeof benchKafka>> | { skipped: string } | undefined;
if (embedded && kafka && !('skipped' in kafka)) {
  // The two paths of the same run side by side: spans/s written and how long until a trace is readable.
  results.paths = {
    embedded: { spansPerSecond: embedded.spansPerSecond, visibleOnAck: embedded.lastTraceReadableOnAck },
    kafka: {
      spansPerSecond: kafka.endToEndSpansPerSecond,
      collectorSpansPerSecond: kafka.collectorSpansPerSecond,
      visibilityLatencyMs: kafka.visibility.latencyMs,
    },
  };
}
const out = join(import.meta.dirname, 'results');
mkdirSync(out, { recursive: true });
const file = join(out, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
process.stderr.write(`bench: results written to ${file}\n`);
