import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { uniqueName, until } from '../core/bus/kafka-test-kit';
import { silentLogger } from '../core/logger';
import { Config } from '../schemas/config';
import { hexId, msToNs, sendOtlpJson } from './otlp-json-request';
import { pluginGroupId } from './plugin-groups';
import { startRole, type Running } from './roles';
import { startSpanloopProcess, type SpanloopProcess } from './spanloop-process';

const brokers = process.env.SPANLOOP_TEST_KAFKA_BROKERS;

if (!brokers && process.env.CI) {
  describe('plugin consumers on Kafka', () => {
    it('has a broker in CI', () => expect(brokers, 'SPANLOOP_TEST_KAFKA_BROKERS is unset').toBeDefined());
  });
}

/**
 * A plugin whose consumer journals every call (pid, outcome, span names) to `options.journal`. While
 * `<journal>.fail` holds a number above 0 a call decrements it and throws; while `<journal>.hang` exists a call
 * journals `hanging` and never resolves.
 */
const JOURNAL_PLUGIN = `
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
export default {
  name: 'journal',
  consumers: [{
    name: 'spans',
    async handle(spans, ctx) {
      const file = ctx.options.journal;
      const note = (outcome) => appendFileSync(file, JSON.stringify({ pid: process.pid, outcome, names: spans.map((s) => s.SpanName) }) + '\\n');
      const failures = existsSync(file + '.fail') ? Number(readFileSync(file + '.fail', 'utf8')) : 0;
      if (failures > 0) {
        writeFileSync(file + '.fail', String(failures - 1));
        note('threw');
        throw new Error('journal consumer failure ' + failures);
      }
      if (existsSync(file + '.hang')) {
        note('hanging');
        return new Promise(() => undefined);
      }
      note('ok');
    },
  }],
};
`;

interface Entry {
  pid: number;
  outcome: 'ok' | 'threw' | 'hanging';
  names: string[];
}

describe.skipIf(!brokers)('plugin consumers on Kafka (skipped: set SPANLOOP_TEST_KAFKA_BROKERS)', () => {
  const running: { stop(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const r of running.splice(0).reverse()) await r.stop();
  });

  it('reads the spans topic in its own group: once, again after throws, and again after an ingester SIGKILL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sl-plug-group-'));
    const journal = join(dir, 'journal.jsonl');
    const pluginPath = join(dir, 'journal.mjs');
    writeFileSync(pluginPath, JOURNAL_PLUGIN);
    const topic = uniqueName('spans');
    const groupId = uniqueName('ingesters');
    const env = {
      SPANLOOP_BUS: 'kafka',
      SPANLOOP_KAFKA_BROKERS: brokers ?? '',
      SPANLOOP_KAFKA_TOPIC: topic,
      SPANLOOP_KAFKA_GROUP: groupId,
      SPANLOOP_PLUGINS: JSON.stringify([{ module: pluginPath, options: { journal } }]),
    };
    const collector: Running = await startRole(
      'collector',
      Config.parse({
        otlpGrpcPort: 0,
        otlpHttpPort: 0,
        apiPort: 0,
        dataDir: mkdtempSync(join(tmpdir(), 'sl-plug-coll-')),
        bus: { kind: 'kafka', brokers: [brokers], topic, groupId },
      }),
      silentLogger,
    );
    running.push(collector);
    const otlp = `http://127.0.0.1:${collector.ports.otlpHttp}`;
    const admin = new Kafka({ brokers: [brokers ?? ''], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    running.push({ stop: () => admin.disconnect() });
    const pluginGroup = pluginGroupId(groupId, 'journal', 'spans');
    const entries = (): Entry[] =>
      existsSync(journal)
        ? readFileSync(journal, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as Entry)
        : [];
    const calls = (name: string) => entries().filter((e) => e.names.includes(name));
    // One trace: one partition, so one consumer call per delivery.
    const exportTrace = (prefix: string, traceId = hexId(16)) =>
      sendOtlpJson(otlp, [
        {
          service: 'plugin-groups',
          spans: ['a', 'b', 'c'].map((s) => ({
            traceId,
            name: `${prefix}-${s}`,
            startNs: msToNs(Date.now()),
          })),
        },
      ]);
    const startIngester = async () => {
      const p: SpanloopProcess = await startSpanloopProcess(
        mkdtempSync(join(tmpdir(), 'sl-plug-ing-')),
        env,
        'ingester',
      );
      // A SIGKILLed process has nothing left to stop.
      running.push({
        stop: () => (p.child.exitCode === null && p.child.signalCode === null ? p.stop() : Promise.resolve()),
      });
      return p;
    };

    const first = await startIngester();
    // A new group starts at the end of the log: its offsets are placed before its first member joins.
    await until('the plugin group has offsets', async () => {
      const [offsets] = await admin.fetchOffsets({ groupId: pluginGroup, topics: [topic] });
      return (offsets?.partitions ?? []).some((p) => Number(p.offset) >= 0);
    });

    await exportTrace('once');
    await until('the consumer saw the first trace', () => calls('once-a').length > 0);
    expect(calls('once-a').map((e) => [e.pid, e.outcome])).toEqual([[first.child.pid, 'ok']]);
    expect(
      entries()
        .flatMap((e) => e.names)
        .filter((n) => n.startsWith('once-'))
        .sort(),
    ).toEqual(['once-a', 'once-b', 'once-c']);

    writeFileSync(`${journal}.fail`, '2');
    await exportTrace('retried');
    await until('the consumer took the retried trace', () =>
      calls('retried-a').some((e) => e.outcome === 'ok'),
    );
    expect(calls('retried-a').map((e) => e.outcome)).toEqual(['threw', 'threw', 'ok']);

    writeFileSync(`${journal}.hang`, '');
    await exportTrace('crash');
    await until('the consumer holds the crash trace', () => calls('crash-a').length > 0);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    rmSync(`${journal}.hang`);
    const second = await startIngester();
    // The dead member's partitions move once its session times out.
    await until(
      'the restarted ingester replayed the crash trace',
      () => calls('crash-a').some((e) => e.outcome === 'ok'),
      90_000,
    );
    expect(calls('crash-a').map((e) => [e.pid, e.outcome])).toEqual([
      [first.child.pid, 'hanging'],
      [second.child.pid, 'ok'],
    ]);
    // Committed batches are not replayed to the new member.
    expect(
      entries()
        .filter((e) => e.pid === second.child.pid)
        .flatMap((e) => e.names)
        .sort(),
    ).toEqual(['crash-a', 'crash-b', 'crash-c']);
    const metrics = await (await fetch(`${second.api}/metrics`)).text();
    expect(metrics).toMatch(/spanloop_plugin_consumer_lag\{plugin="journal",consumer="spans"\} 0/);
  }, 180_000);
});
