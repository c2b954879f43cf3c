import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../core/bus/kafka-test-kit';
import { openChdbExecutor } from '../core/clickhouse/chdb-executor';
import { startLoad } from './export-load';
import type { ExportOutcome, Load } from './export-load';
import { startSpanloopProcess } from './spanloop-process';
import type { SpanloopProcess } from './spanloop-process';

const brokers = process.env.SPANLOOP_TEST_KAFKA_BROKERS;
const unique = (prefix: string) => `${prefix}-${Date.now()}-${randomBytes(3).toString('hex')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const folders: string[] = [];
const folder = (prefix: string) => {
  const made = mkdtempSync(join(tmpdir(), prefix));
  folders.push(made);
  return made;
};

if (!brokers && process.env.CI) {
  describe('Spanloop roles on Kafka under crashes', () => {
    it('has a broker in CI', () => expect(brokers, 'SPANLOOP_TEST_KAFKA_BROKERS is unset').toBeDefined());
  });
}

const SPANS_PER_REQUEST = 20;
const running = new Set<SpanloopProcess>();
const loads: Load[] = [];
afterEach(async () => {
  for (const load of loads.splice(0)) await load.stop();
  for (const p of running) p.child.kill('SIGKILL');
  running.clear();
});
afterAll(() => {
  for (const f of folders.splice(0)) rmSync(f, { recursive: true, force: true });
});

async function start(dataDir: string, env: Record<string, string>, role: 'collector' | 'ingester') {
  const p = await startSpanloopProcess(dataDir, { ...env, SPANLOOP_LOG_LEVEL: 'error' }, role);
  running.add(p);
  return p;
}

async function kill(p: SpanloopProcess): Promise<void> {
  const exited = new Promise<void>((r) => p.child.once('exit', () => r()));
  p.child.kill('SIGKILL');
  await exited;
  running.delete(p);
}

/** Stops gracefully, so the data folder is released for the storage check. */
async function stopGracefully(p: SpanloopProcess): Promise<void> {
  await p.stop();
  running.delete(p);
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(100);
  }
}

const spansOf = async (api: string, traceId: string): Promise<string[]> => {
  const res = await fetch(`${api}/api/v1/traces/${traceId}`);
  if (res.status !== 200) return [];
  return ((await res.json()) as { spans: { spanId: string }[] }).spans.map((s) => s.spanId);
};

/** Span counts per trace from the search API, page by page (each span counted once). */
async function spanCounts(api: string, since: number): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  let cursor: string | undefined;
  do {
    const url = new URL(`${api}/api/v1/traces`);
    url.searchParams.set('from', String(since - 60_000));
    url.searchParams.set('to', String(Date.now() + 60_000));
    url.searchParams.set('service', 'export-load');
    url.searchParams.set('limit', '1000');
    if (cursor !== undefined) url.searchParams.set('cursor', cursor);
    const res = await fetch(url);
    if (res.status !== 200) throw new Error(`search answered ${res.status}: ${await res.text()}`);
    const page = (await res.json()) as {
      traces: { traceId: string; spanCount: number }[];
      nextCursor?: string;
    };
    for (const t of page.traces) counts.set(t.traceId, t.spanCount);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return counts;
}

/** Waits until the API serves every acknowledged trace whole (a hand-over waits out the session timeout). */
async function expectAllReadable(api: string, acked: Map<string, number>, since: number): Promise<void> {
  let counts = new Map<string, number>();
  const incomplete = () => [...acked].filter(([traceId, spans]) => counts.get(traceId) !== spans);
  await until(
    'every acknowledged trace is readable',
    async () => {
      counts = await spanCounts(api, since);
      return incomplete().length === 0;
    },
    90_000,
  ).catch(() => undefined);
  expect(incomplete().slice(0, 10)).toEqual([]);
  // A sample read whole by id: every span, each once.
  for (const [traceId, spans] of [...acked].slice(0, 20)) {
    const ids = await spansOf(api, traceId);
    expect(ids, traceId).toHaveLength(spans);
    expect(new Set(ids).size).toBe(spans);
  }
}

/**
 * Rows as stored, read from the data folder itself: the API collapses duplicates of a span, so only the table
 * shows whether a replayed range was written twice (and whether the lookup counted it twice).
 */
async function storedRows(dataDir: string, acked: Map<string, number>) {
  const executor = await openChdbExecutor({ path: join(dataDir, 'clickhouse'), readers: 1 });
  try {
    const [totals] = (await executor.query(
      'SELECT count() AS rows, uniqExact(TraceId, SpanId) AS spans FROM spans',
    )) as { rows: number; spans: number }[];
    const [lookup] = (await executor.query('SELECT sum(NumSpans) AS spans FROM spans_trace_id_ts')) as {
      spans: number;
    }[];
    const perTrace = (await executor.query(
      'SELECT TraceId, count() AS rows FROM spans WHERE TraceId IN {ids:Array(String)} GROUP BY TraceId',
      { ids: [...acked.keys()] },
    )) as { TraceId: string; rows: number }[];
    return {
      rows: Number(totals?.rows),
      spans: Number(totals?.spans),
      lookupSpans: Number(lookup?.spans),
      perTrace: new Map(perTrace.map((r) => [r.TraceId, Number(r.rows)])),
    };
  } finally {
    await executor.close();
  }
}

async function expectStoredOnce(dataDir: string, acked: Map<string, number>) {
  const stored = await storedRows(dataDir, acked);
  expect(stored.rows).toBe(stored.spans);
  expect(stored.lookupSpans).toBe(stored.rows);
  const wrong = [...acked].filter(([traceId, spans]) => stored.perTrace.get(traceId) !== spans);
  expect(wrong).toEqual([]);
}

const kafkaEnv = (brokerList: string) => ({
  SPANLOOP_BUS: 'kafka',
  SPANLOOP_KAFKA_BROKERS: brokerList,
  SPANLOOP_KAFKA_TOPIC: unique('spans'),
  SPANLOOP_KAFKA_GROUP: unique('ingesters'),
  SPANLOOP_KAFKA_PARTITIONS: '3',
});

describe.skipIf(!brokers)(
  'Spanloop roles on Kafka under crashes (skipped: set SPANLOOP_TEST_KAFKA_BROKERS)',
  () => {
    it('stores every acknowledged span exactly once when the ingester is SIGKILLed mid-load and restarted', async () => {
      const since = Date.now();
      const env = kafkaEnv(brokers ?? '');
      const ingesterDir = folder('sl-crash-ing-');
      let ingester = await start(ingesterDir, env, 'ingester');
      const collector = await start(folder('sl-crash-col-'), env, 'collector');
      const load = startLoad({
        target: () => collector.http,
        clients: { http: 2 },
        spansPerRequest: SPANS_PER_REQUEST,
      });
      loads.push(load);

      // Killed while it is writing: its first acknowledged trace is readable and exports keep coming.
      await until(
        'the ingester writes',
        async () => {
          const first = load.acknowledged().keys().next().value;
          return first !== undefined && (await spansOf(ingester.api, first)).length > 0;
        },
        30_000,
      );
      await sleep(500);
      await kill(ingester);
      await sleep(1500);
      ingester = await start(ingesterDir, env, 'ingester');
      await sleep(1500);
      await load.stop();

      const acked = load.acknowledged();
      expect(acked.size).toBeGreaterThan(20);
      await expectAllReadable(ingester.api, acked, since);
      await stopGracefully(ingester);
      await expectStoredOnce(ingesterDir, acked);
    }, 240_000);

    it('loses no acknowledged span when the collector is SIGKILLed mid-load', async () => {
      const since = Date.now();
      const env = kafkaEnv(brokers ?? '');
      const ingesterDir = folder('sl-crash-ing-');
      const ingester = await start(ingesterDir, env, 'ingester');
      let collector: SpanloopProcess | undefined = await start(folder('sl-crash-col-'), env, 'collector');
      const load = startLoad({
        target: (protocol) => (protocol === 'http' ? collector?.http : collector?.grpc),
        clients: { http: 2, grpc: 1 },
        spansPerRequest: SPANS_PER_REQUEST,
      });
      loads.push(load);

      await sleep(1500);
      const killed = collector;
      collector = undefined;
      await kill(killed);
      collector = await start(folder('sl-crash-col-'), env, 'collector');
      const secondSince = Date.now();
      await sleep(1500);
      await load.stop();

      const acked = load.acknowledged();
      const second = load.outcomes.filter((o) => o.startedAt >= secondSince && o.status === 200);
      expect(second.length, 'the second collector acknowledges exports').toBeGreaterThan(0);
      expect(acked.size).toBeGreaterThan(20);
      await expectAllReadable(ingester.api, acked, since);
      await stopGracefully(ingester);
      await expectStoredOnce(ingesterDir, acked);
    }, 240_000);
  },
);

// The shared test broker must stay up for the other suites, so the outage is a private broker of its own.
describe.skipIf(!brokers)(
  'Spanloop collector while Kafka is down (skipped: set SPANLOOP_TEST_KAFKA_BROKERS)',
  () => {
    const script = fileURLToPath(new URL('../scripts/kafka.sh', import.meta.url));
    const run = promisify(execFile);
    let brokerEnv: NodeJS.ProcessEnv | undefined;
    const kafkaSh = (command: 'start' | 'stop') =>
      run('bash', [script, command], { env: brokerEnv, timeout: 180_000 });

    afterAll(async () => {
      if (brokerEnv) await kafkaSh('stop');
    }, 120_000);

    it('answers 503 / UNAVAILABLE while the broker is down, never 200, and accepts again once it is back', async () => {
      const port = await freePort();
      brokerEnv = {
        ...process.env,
        KAFKA_PORT: String(port),
        KAFKA_CONTROLLER_PORT: String(await freePort()),
        KAFKA_DATA_DIR: folder('sl-kafka-down-'),
      };
      await kafkaSh('start');
      const collector = await start(folder('sl-down-col-'), kafkaEnv(`127.0.0.1:${port}`), 'collector');
      const load = startLoad({
        target: (protocol) => (protocol === 'http' ? collector.http : collector.grpc),
        clients: { http: 2, grpc: 2 },
        spansPerRequest: SPANS_PER_REQUEST,
      });
      loads.push(load);
      const answered = (from: number, to: number, protocol: 'http' | 'grpc') =>
        load.outcomes.filter((o) => o.protocol === protocol && o.startedAt >= from && o.endedAt < to);
      const accepted = (o: ExportOutcome) => o.status === 200;

      await until('exports are accepted', () => load.outcomes.filter(accepted).length >= 10, 30_000);
      await kafkaSh('stop');
      const downSince = Date.now();
      // Every answer to a request sent while the broker is down, until enough of both protocols came back.
      await until(
        'exports are answered while the broker is down',
        () =>
          answered(downSince, Date.now(), 'http').length >= 3 &&
          answered(downSince, Date.now(), 'grpc').length >= 3,
        60_000,
      );
      const downUntil = Date.now();
      await kafkaSh('start');
      const backSince = Date.now();
      await until(
        'both protocols are accepted again',
        () =>
          answered(backSince, Date.now(), 'http').some(accepted) &&
          answered(backSince, Date.now(), 'grpc').some(accepted),
        60_000,
      );
      await load.stop();

      const httpDown = answered(downSince, downUntil, 'http');
      const grpcDown = answered(downSince, downUntil, 'grpc');
      expect(httpDown.map((o) => o.status)).toEqual(httpDown.map(() => 503));
      for (const o of httpDown) expect(Number(o.retryAfter)).toBeGreaterThan(0);
      expect(grpcDown.map((o) => o.grpcCode)).toEqual(grpcDown.map(() => grpc.status.UNAVAILABLE));
    }, 300_000);
  },
);
