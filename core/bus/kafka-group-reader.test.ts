import { afterAll, describe, expect, it } from 'vitest';
import type { SpanRow } from '../../schemas/span-row';
import { silentLogger } from '../logger';
import { createKafkaBus, type KafkaBus } from './kafka-bus';
import { makeBatch, repeated, uniqueName, until } from './kafka-test-kit';

const brokers = process.env.SPANLOOP_TEST_KAFKA_BROKERS;

if (!brokers && process.env.CI) {
  describe('Kafka group reader', () => {
    it('has a broker in CI', () => expect(brokers, 'SPANLOOP_TEST_KAFKA_BROKERS is unset').toBeDefined());
  });
}

describe.skipIf(!brokers)('Kafka group reader (skipped: set SPANLOOP_TEST_KAFKA_BROKERS)', () => {
  const opened: KafkaBus[] = [];
  afterAll(async () => {
    for (const bus of opened.splice(0)) await bus.close();
  });
  const open = async (topic: string) => {
    const bus = await createKafkaBus({
      brokers: [brokers ?? ''],
      clientId: 'spanloop-test',
      topic,
      groupId: uniqueName('ingester'),
      partitions: 2,
      retryBackoffMs: { initial: 50, max: 200 },
      logger: silentLogger,
    });
    opened.push(bus);
    return bus;
  };

  it('starts a new group at the end of the log, then delivers each record and commits after the handler', async () => {
    const bus = await open(uniqueName('spans'));
    await bus.publish(makeBatch('before', 3));
    const seen: SpanRow[] = [];
    const reader = bus.readGroup(
      uniqueName('plugin'),
      (rows) => Promise.resolve(void seen.push(...rows)),
      1000,
    );
    await reader.joined();
    const after = [makeBatch('after-1', 5), makeBatch('after-2', 5)];
    for (const b of after) await bus.publish(b);
    await until('both batches are read', () => seen.length >= 20);
    await until('the group committed everything', async () => (await reader.lag()) === 0);
    expect(seen.map((r) => r.SpanId).sort()).toEqual(
      after.flatMap((b) => b.rows.map((r) => r.SpanId)).sort(),
    );
    expect(repeated(seen)).toEqual([]);
  });

  it('reads the same records again after the handler rejected, and a second group gets them too', async () => {
    const bus = await open(uniqueName('spans'));
    let rejections = 2;
    const first: string[][] = [];
    const other: SpanRow[] = [];
    const reader = bus.readGroup(
      uniqueName('plugin'),
      (rows) => {
        first.push(rows.map((r) => r.SpanId));
        return rejections-- > 0 ? Promise.reject(new Error('not yet')) : Promise.resolve();
      },
      1000,
    );
    const second = bus.readGroup(
      uniqueName('plugin'),
      (rows) => Promise.resolve(void other.push(...rows)),
      1000,
    );
    await Promise.all([reader.joined(), second.joined()]);
    // One trace: one partition, so the three calls carry the same rows.
    const batch = makeBatch('one-trace', 1, 4);
    await bus.publish(batch);
    await until('the third call succeeded', () => first.length >= 3);
    await until('the group committed', async () => (await reader.lag()) === 0);
    const ids = batch.rows.map((r) => r.SpanId).sort();
    expect(first.map((call) => [...call].sort())).toEqual([ids, ids, ids]);
    await until('the other group read the batch', () => other.length >= 4);
    expect(other.map((r) => r.SpanId).sort()).toEqual(ids);
  });
});
