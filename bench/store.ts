import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { openChdbExecutor } from '../core/clickhouse/chdb-executor';
import type { ClickHouseExecutor } from '../core/clickhouse/executor';
import { migrate } from '../core/clickhouse/migrate';
import { createClickHouseSpanStore } from '../core/span-store/clickhouse-span-store';
import type { SpanStore } from '../core/span-store/types';
import { MetricsQuery, readMetrics } from '../query/metrics';
import type { ClickHouseMigrationSet } from '../schemas/clickhouse/migration';
import { spanMigrations } from '../schemas/clickhouse/span-migrations';
import { SpanSearchQuery, TraceSearchQuery } from '../schemas/span-query';
import type { TraceSearchQueryInput } from '../schemas/span-query';
import type { SpanRow } from '../schemas/span-row';
import { RARE_WORD, SERVICES, seededRandom, spanGenerator, TIERS } from './store-data';

export interface BenchStoreOptions {
  spans: number;
  /** Data folder (default: a fresh temp folder, removed afterwards). */
  path?: string;
  batchSize?: number;
  readers?: number;
  /** Measure an existing folder filled by an earlier run instead of filling it (needs `path`). */
  measureOnly?: boolean;
  /** A schema variant to compare against the shipped one (same table names and columns). */
  schema?: ClickHouseMigrationSet;
}

const DAY_MS = 86_400_000;
const END_SECONDS = 1_760_000_000;
const DAYS = 7;
const WORKSPACE = 'ws-main';

const percentiles = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
  const round = (ms: number): number => Math.round(ms * 10) / 10;
  return { runs: sorted.length, p50Ms: round(at(0.5)), p95Ms: round(at(0.95)), maxMs: round(at(1)) };
};

const timed = async <T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> => {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
};

const Stats = z.object({
  rows: z.coerce.number(),
  parts: z.coerce.number(),
  bytesOnDisk: z.coerce.number(),
  uncompressedBytes: z.coerce.number(),
});

const tableStats = async (executor: ClickHouseExecutor, table: string) => {
  const [row] = await executor.query(
    `SELECT sum(rows) AS rows, count() AS parts, sum(bytes_on_disk) AS bytesOnDisk,
        sum(data_uncompressed_bytes) AS uncompressedBytes
     FROM system.parts WHERE active AND database = currentDatabase() AND table = {table:String}`,
    { table },
  );
  const s = Stats.parse(row);
  return {
    ...s,
    mbOnDisk: Math.round(s.bytesOnDisk / 1e5) / 10,
    compression: Math.round((s.uncompressedBytes / s.bytesOnDisk) * 10) / 10,
  };
};

/** Background merges change what a query reads; measuring starts once they have settled (or after 2 min). */
const waitForMerges = async (executor: ClickHouseExecutor): Promise<number> => {
  const started = performance.now();
  for (;;) {
    const [row] = await executor.query('SELECT count() AS n FROM system.merges');
    const n = z.object({ n: z.coerce.number() }).parse(row).n;
    if (n === 0 || performance.now() - started > 120_000) return Math.round(performance.now() - started);
    await new Promise((r) => setTimeout(r, 500));
  }
};

const fill = async (store: SpanStore, spans: number, batchSize: number) => {
  const generator = spanGenerator({
    endSeconds: END_SECONDS,
    days: DAYS,
    expectedTraces: Math.ceil(spans / 7.5),
    seed: 42,
  });
  let written = 0;
  let traces = 0;
  let bytes = 0;
  let insertMs = 0;
  const started = performance.now();
  let batchNo = 0;
  while (written < spans) {
    const rows: SpanRow[] = [];
    while (rows.length < batchSize && written + rows.length < spans) {
      rows.push(...generator.nextTrace().rows);
      traces += 1;
    }
    for (const r of rows) bytes += r.LlmInput.length + r.LlmOutput.length;
    const id = `bench-${batchNo}`;
    batchNo += 1;
    const insertStarted = performance.now();
    await store.insert({ id, rows });
    insertMs += performance.now() - insertStarted;
    written += rows.length;
  }
  const wallMs = performance.now() - started;
  return {
    spans: written,
    traces,
    batches: batchNo,
    batchSize,
    wallSeconds: Math.round(wallMs / 100) / 10,
    rowsPerSecWall: Math.round(written / (wallMs / 1000)),
    rowsPerSecInsert: Math.round(written / (insertMs / 1000)),
    llmTextMb: Math.round(bytes / 1e6),
  };
};

const SampleRow = z.object({ TraceId: z.string(), Spans: z.coerce.number() });

/** Random traces of the benchmark workspace, with their span counts, to read back by id. */
const sampleTraces = async (executor: ClickHouseExecutor, count: number) =>
  (
    await executor.query(
      `SELECT TraceId, sum(NumSpans) AS Spans FROM spans_trace_id_ts WHERE WorkspaceId = {workspace:String}
       GROUP BY TraceId ORDER BY cityHash64(TraceId) LIMIT {count:UInt32}`,
      { workspace: WORKSPACE, count },
    )
  ).map((row) => SampleRow.parse(row));

/** Fills a fresh chdb folder with synthetic spans through the store, then measures trace reads, searches and metrics. */
export async function benchStore(opts: BenchStoreOptions): Promise<object> {
  const ownsPath = opts.path === undefined;
  if (opts.measureOnly === true && ownsPath) throw new Error('measureOnly needs the path of a filled folder');
  const path = opts.path ?? join(mkdtempSync(join(tmpdir(), 'spanloop-bench-store-')), 'clickhouse');
  const executor = await openChdbExecutor({ path, readers: opts.readers ?? 2 });
  await migrate(executor, opts.schema ?? spanMigrations);
  const store = createClickHouseSpanStore(executor);
  try {
    const insert =
      opts.measureOnly === true ? undefined : await fill(store, opts.spans, opts.batchSize ?? 10_000);
    const mergeWaitMs = await waitForMerges(executor);
    const sample = await sampleTraces(executor, 205);
    const [countRow] = await executor.query('SELECT count() AS n FROM spans');
    const spans = z.object({ n: z.coerce.number() }).parse(countRow).n;
    const rnd = seededRandom(99);
    const endMs = END_SECONDS * 1000;
    const window24h = (): { from: number; to: number } => {
      const to = endMs - Math.floor(rnd() * (DAYS - 1) * DAY_MS);
      return { from: to - DAY_MS, to };
    };
    const search = (input: Partial<TraceSearchQueryInput> & { from: number; to: number }) =>
      store.searchTraces(WORKSPACE, TraceSearchQuery.parse(input));

    // Warm-up: the first statements load marks and indexes.
    for (const s of sample.slice(200)) await store.trace(WORKSPACE, s.TraceId);
    await search({ ...window24h(), service: 'checkout' });

    const traceMs: number[] = [];
    let wrongTraces = 0;
    for (const s of sample.slice(0, 200)) {
      const { ms, value } = await timed(() => store.trace(WORKSPACE, s.TraceId));
      traceMs.push(ms);
      if (value.length !== s.Spans) wrongTraces += 1;
    }

    const filteredMs: number[] = [];
    let filteredHits = 0;
    for (let i = 0; i < 40; i += 1) {
      const q = {
        ...window24h(),
        service: SERVICES[1 + Math.floor(rnd() * (SERVICES.length - 1))],
        attributes: [{ key: 'tenant.tier', value: TIERS[Math.floor(rnd() * TIERS.length)] ?? 'pro' }],
      };
      const { ms, value } = await timed(() => search(q));
      filteredMs.push(ms);
      filteredHits += value.traces.length;
    }

    const windowOnlyMs: number[] = [];
    for (let i = 0; i < 30; i += 1) windowOnlyMs.push((await timed(() => search(window24h()))).ms);

    // Ranked searches rank whole traces, so they read every matching trace's totals, not just one page.
    const costRankedMs: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const q = { ...window24h(), service: 'llm-gateway', sort: 'cost' as const };
      costRankedMs.push((await timed(() => search(q))).ms);
    }
    const durationRankedMs: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      durationRankedMs.push((await timed(() => search({ ...window24h(), sort: 'duration' }))).ms);
    }
    const spanSearchMs: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      const q = SpanSearchQuery.parse({
        ...window24h(),
        spanType: 'llm',
        filters: [`span.tenant.tier=${TIERS[Math.floor(rnd() * TIERS.length)] ?? 'pro'}`],
      });
      spanSearchMs.push((await timed(() => store.searchSpans(WORKSPACE, q))).ms);
    }

    const rareTextMs: number[] = [];
    let rareHits = 0;
    for (let i = 0; i < 10; i += 1) {
      const { ms, value } = await timed(() => search({ ...window24h(), text: RARE_WORD.toUpperCase() }));
      rareTextMs.push(ms);
      rareHits += value.traces.length;
    }
    const commonTextMs: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      commonTextMs.push((await timed(() => search({ ...window24h(), text: 'refund please' }))).ms);
    }
    const textWeekMs: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      textWeekMs.push(
        (
          await timed(() =>
            search({ from: endMs - DAYS * DAY_MS, to: endMs + 1, text: RARE_WORD, service: 'llm-gateway' }),
          )
        ).ms,
      );
    }

    // The metrics route's own parse and reader, as GET /api/v1/metrics runs them.
    const metrics = (window: { from: number; to: number }, step: string) =>
      readMetrics(
        executor,
        WORKSPACE,
        MetricsQuery.parse({ from: String(window.from), to: String(window.to), step, groupBy: 'model' }),
      );
    await metrics(window24h(), '5m');
    const metrics24hMs: number[] = [];
    let metricsSeries = 0;
    let metricsPoints = 0;
    let metricsStreamed = 0;
    for (let i = 0; i < 40; i += 1) {
      const { ms, value } = await timed(() => metrics(window24h(), '5m'));
      metrics24hMs.push(ms);
      metricsSeries += value.series.length;
      for (const s of value.series)
        for (const p of s.points) {
          metricsPoints += 1;
          metricsStreamed += p.timeToFirstTokenSpans;
        }
    }
    const metrics7dMs: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      metrics7dMs.push((await timed(() => metrics({ from: endMs - DAYS * DAY_MS, to: endMs + 1 }, '1h'))).ms);
    }

    const deepPage = await timed(async () => {
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await search({
          from: endMs - DAY_MS,
          to: endMs,
          service: 'checkout',
          limit: 200,
          ...(cursor === undefined ? {} : { cursor }),
        });
        cursor = page.nextCursor;
        pages += 1;
      } while (cursor !== undefined && pages < 10);
      return pages;
    });

    const traceById = { ...percentiles(traceMs), wrongSpanCounts: wrongTraces };
    const searchServiceAttr24h = {
      ...percentiles(filteredMs),
      avgTraces: Math.round(filteredHits / filteredMs.length),
    };
    const searchWindowOnly24h = percentiles(windowOnlyMs);
    const metricsByModel24h5m = {
      ...percentiles(metrics24hMs),
      avgSeries: Math.round((metricsSeries / metrics24hMs.length) * 10) / 10,
      avgPoints: Math.round(metricsPoints / metrics24hMs.length),
      avgStreamedSpans: Math.round(metricsStreamed / metrics24hMs.length),
    };
    return {
      engine: 'chdb',
      spans,
      // The three figures side by side; the sections below hold the detail.
      headline: {
        traceByIdP95Ms: traceById.p95Ms,
        searchP95Ms: searchServiceAttr24h.p95Ms,
        searchWindowOnlyP95Ms: searchWindowOnly24h.p95Ms,
        metricsP95Ms: metricsByModel24h5m.p95Ms,
      },
      ...(insert === undefined ? {} : { insert }),
      mergeWaitMs,
      storage: {
        spans: await tableStats(executor, 'spans'),
        traceIdTs: await tableStats(executor, 'spans_trace_id_ts'),
      },
      traceById,
      searchServiceAttr24h,
      searchWindowOnly24h,
      searchRankedByCost24hService: percentiles(costRankedMs),
      searchRankedByDuration24h: percentiles(durationRankedMs),
      spanSearchLlmTier24h: percentiles(spanSearchMs),
      searchTextRare24h: { ...percentiles(rareTextMs), avgTraces: Math.round(rareHits / rareTextMs.length) },
      searchTextCommon24h: percentiles(commonTextMs),
      searchTextRare7dLlmService: percentiles(textWeekMs),
      paginate10Pages200: { ms: Math.round(deepPage.ms), pages: deepPage.value },
      metricsByModel24h5m,
      metricsByModel7d1h: percentiles(metrics7dMs),
    };
  } finally {
    await store.close();
    if (ownsPath) rmSync(join(path, '..'), { recursive: true, force: true });
  }
}
