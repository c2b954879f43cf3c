import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { KafkaMessage } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createIngester } from '../ingester';
import { silentLogger } from '../logger';
import { createKafkaBus } from './kafka-bus';
import type { KafkaBus, KafkaBusOptions } from './kafka-bus';
import { buildRecords } from './kafka-codec';
import { createFakeSpanStore } from './kafka-fake-store';
import { partitionOfKey } from './kafka-partition';
import { makeBatch, repeated, uniqueName, until } from './kafka-test-kit';

const brokers = process.env.SPANLOOP_TEST_KAFKA_BROKERS;

// CI starts a broker (.ci/run); only a local run without one may skip.
if (!brokers && process.env.CI) {
  describe('Kafka bus', () => {
    it('has a broker in CI', () => expect(brokers, 'SPANLOOP_TEST_KAFKA_BROKERS is unset').toBeDefined());
  });
}

describe.skipIf(!brokers)(
  'Kafka bus on a real broker (skipped: set SPANLOOP_TEST_KAFKA_BROKERS, e.g. after `npm run kafka:start`)',
  () => {
    const kafka = new Kafka({
      brokers: [brokers ?? ''],
      clientId: 'spanloop-test',
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    const opened: KafkaBus[] = [];
    const topics: string[] = [];

    const open = async (overrides: Partial<KafkaBusOptions> = {}): Promise<KafkaBus> => {
      const bus = await createKafkaBus({
        brokers: [brokers ?? ''],
        clientId: 'spanloop-test',
        topic: uniqueName('spans'),
        groupId: uniqueName('ingester'),
        partitions: 3,
        retryBackoffMs: { initial: 100, max: 1000 },
        logger: silentLogger,
        ...overrides,
      });
      opened.push(bus);
      topics.push(bus.topic, bus.dlqTopic);
      return bus;
    };
    const endOffsets = async (topic: string) =>
      (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0);
    const caughtUp = (bus: KafkaBus) => async () => (await bus.lag()).every((p) => p.lag === 0);

    beforeAll(() => admin.connect());
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((b) => b.close()));
      await admin.deleteTopics({ topics: [...new Set(topics.splice(0))] }).catch(() => undefined);
    });
    afterAll(() => admin.disconnect());

    it('answers publish after acks=all and hands each span once to the ingester, keyed by partition range', async () => {
      const bus = await open();
      const batches = [makeBatch('a', 5), makeBatch('b', 7), makeBatch('c', 1, 4)];
      for (const b of batches) await bus.publish(b);
      const records = batches.flatMap((b) => buildRecords(b.id, b.rows, 3, 1024 * 1024));
      // Acknowledged means already in the log.
      expect(await endOffsets(bus.topic)).toBe(records.length);

      const store = createFakeSpanStore();
      bus.consume(createIngester(store));
      const total = batches.reduce((n, b) => n + b.rows.length, 0);
      await until('every span is stored', () => store.rows().length === total);
      await until('the group caught up', caughtUp(bus));
      expect(repeated(store.rows())).toEqual([]);
      for (const [id, rows] of store.batches) {
        const m = new RegExp(`^${bus.topic}/(\\d)/(\\d+)-(\\d+)$`).exec(id);
        expect(m, id).not.toBeNull();
        // One trace, one partition: every row of the range maps to the range's partition.
        for (const r of rows) expect(partitionOfKey(r.TraceId, 3)).toBe(Number(m?.[1]));
      }
      expect(bus.depth()).toBe(0);
    });

    it('splits batches over the topic size limit and refuses a span too large for it', async () => {
      const bus = await open({ maxMessageBytes: 32 * 1024, partitions: 2 });
      const big = makeBatch('big', 2, 60, { LlmInput: 'x'.repeat(2000) });
      await bus.publish(big);
      expect(await endOffsets(bus.topic)).toBeGreaterThan(2);

      const huge = makeBatch('huge', 1, 1, { LlmInput: randomBytes(60_000).toString('base64') });
      await expect(bus.publish(huge)).rejects.toMatchObject({ kind: 'too_large' });
      const after = makeBatch('after', 3);
      await bus.publish(after);

      const store = createFakeSpanStore();
      bus.consume(createIngester(store));
      await until('every span is stored', () => store.rows().length === big.rows.length + after.rows.length);
      expect(repeated(store.rows())).toEqual([]);
    });

    it('replays a range written but not committed with the same batch id, so the store keeps it once', async () => {
      const topic = uniqueName('spans');
      const groupId = uniqueName('ingester');
      const first = await open({ topic, groupId, partitions: 2 });
      const early = [makeBatch('a', 6), makeBatch('b', 6)];
      for (const b of early) await first.publish(b);
      const partitions = new Set(early.flatMap((b) => b.rows.map((r) => partitionOfKey(r.TraceId, 2))));

      const store = createFakeSpanStore();
      const crashed = new Set<string>();
      first.consume(async (batches) => {
        for (const b of batches) {
          await store.insert(b);
          crashed.add(b.id);
        }
        throw new Error('crash after the insert, before the commit');
      });
      await until('each partition was written once', () => crashed.size === partitions.size);
      await first.close();

      // Records arriving meanwhile would make a naive consumer read longer ranges than the ones written.
      const second = await open({ topic, groupId, partitions: 2 });
      const late = makeBatch('c', 6);
      await second.publish(late);
      second.consume(createIngester(store));
      const total = [...early, late].reduce((n, b) => n + b.rows.length, 0);
      await until('every span is stored', () => store.rows().length >= total);
      await until('the group caught up', caughtUp(second));
      expect(store.rows()).toHaveLength(total);

      const replayed = store.attempts.filter((id) => crashed.has(id));
      expect(replayed.length).toBeGreaterThan(crashed.size);
      expect(repeated(store.rows())).toEqual([]);
    });

    it('shares partitions between two ingesters and hands them over on stop with no loss and no duplicates', async () => {
      const topic = uniqueName('spans');
      const groupId = uniqueName('ingester');
      const producer = await open({ topic, groupId: uniqueName('unused'), partitions: 4 });
      const a = await open({ topic, groupId, partitions: 4 });
      const b = await open({ topic, groupId, partitions: 4 });
      const storeA = createFakeSpanStore();
      const storeB = createFakeSpanStore();
      a.consume(createIngester(storeA));
      await a.joined();
      b.consume(createIngester(storeB));
      await until('both own partitions', () => a.assignment().length > 0 && b.assignment().length > 0);
      expect([...a.assignment(), ...b.assignment()].sort()).toEqual([0, 1, 2, 3]);

      const published = [];
      for (let i = 0; i < 15; i++) {
        const batch = makeBatch(`before-${i}`, 3);
        await producer.publish(batch);
        published.push(batch);
      }
      await until('both ingesters wrote', () => storeA.rows().length > 0 && storeB.rows().length > 0);
      // Stop one ingester while records keep arriving.
      const stopping = a.close();
      for (let i = 0; i < 15; i++) {
        const batch = makeBatch(`during-${i}`, 3);
        await producer.publish(batch);
        published.push(batch);
      }
      await stopping;
      await until('the other ingester owns every partition', () => b.assignment().length === 4);
      const total = published.reduce((n, x) => n + x.rows.length, 0);
      const union = () => [...storeA.rows(), ...storeB.rows()];
      await until('every span is stored', () => union().length >= total);
      await until('the group caught up', caughtUp(b));
      expect(union().length).toBe(total);
      expect(repeated(union())).toEqual([]);
    });

    it('pauses a partition while the store pushes back and retries the same range until it is written', async () => {
      const bus = await open({ partitions: 1 });
      const batch = makeBatch('a', 4);
      await bus.publish(batch);
      const store = createFakeSpanStore();
      store.failNext(3);
      bus.consume(createIngester(store));
      await until('the spans are stored', () => store.rows().length === batch.rows.length);
      expect(store.attempts).toHaveLength(4);
      expect(new Set(store.attempts).size).toBe(1);
      await until('the group caught up', caughtUp(bus));
    });

    it('sends undecodable records to the dead-letter topic with the reason and goes on', async () => {
      const bus = await open({ partitions: 1 });
      const raw = kafka.producer();
      await raw.connect();
      await raw.send({
        topic: bus.topic,
        messages: [{ value: 'not json' }, { value: JSON.stringify({ v: 2, batch: 'x', rows: [] }) }],
      });
      await raw.disconnect();
      const good = makeBatch('good', 2);
      await bus.publish(good);

      const store = createFakeSpanStore();
      bus.consume(createIngester(store));
      await until('the valid spans are stored', () => store.rows().length === good.rows.length);
      await until('the group caught up', caughtUp(bus));

      const dead: KafkaMessage[] = [];
      const reader = kafka.consumer({ groupId: uniqueName('dlq-reader') });
      await reader.connect();
      await reader.subscribe({ topics: [bus.dlqTopic], fromBeginning: true });
      await reader.run({ eachMessage: ({ message }) => Promise.resolve(void dead.push(message)) });
      await until('both dead letters are read', () => dead.length === 2);
      await reader.disconnect();
      const reasons = dead.map((m) => String(m.headers?.['spanloop-error']));
      expect(reasons[0]).toMatch(/^not JSON/);
      expect(reasons[1]).toBe('unsupported format version 2');
      expect(dead.map((m) => String(m.headers?.['spanloop-source']))).toEqual([
        `${bus.topic}/0/0`,
        `${bus.topic}/0/1`,
      ]);
      expect(dead[0]?.value?.toString()).toBe('not json');
    });
  },
);
