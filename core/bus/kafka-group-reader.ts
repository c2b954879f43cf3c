import type { Admin, Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { SpanRow } from '../../schemas/span-row';
import type { Logger } from '../logger';
import { decodeRecord } from './kafka-codec';
import { consumerLag } from './kafka-topics';

/** Called with the rows of consecutive records of one partition; their offsets are committed once it resolves. */
export type RowsHandler = (rows: readonly SpanRow[]) => Promise<void>;

/** One member of an extra consumer group on the spans topic (plugin consumers read the stream this way). */
export interface GroupReader {
  readonly groupId: string;
  /** Records of the topic this group has not committed yet, summed over partitions. */
  lag(): Promise<number>;
  /** Resolves once the member joined the group for the first time. */
  joined(): Promise<void>;
  /** Waits for the handler call in progress, commits nothing more and leaves the group. */
  close(): Promise<void>;
}

export interface GroupReaderOptions {
  kafka: Kafka;
  admin: Admin;
  topic: string;
  groupId: string;
  handler: RowsHandler;
  /** Most rows handed to one handler call (a single record's rows are never split). */
  maxBatchSpans: number;
  fetchMaxBytesPerPartition: number;
  partitions: number;
  retryBackoffMs: { initial: number; max: number };
  logger: Logger;
}

/**
 * A group that never committed starts at the end of the log (the live stream), not at the topic's oldest record:
 * its committed offsets are set before the first member joins. Later starts resume where the group committed.
 */
async function startAtEnd(admin: Admin, topic: string, groupId: string, logger: Logger): Promise<void> {
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const fresh = new Set(
    (committed?.partitions ?? []).filter((p) => Number(p.offset) < 0).map((p) => p.partition),
  );
  if (fresh.size === 0) return;
  const ends = await admin.fetchTopicOffsets(topic);
  const partitions = ends
    .filter((e) => fresh.has(e.partition))
    .map((e) => ({ partition: e.partition, offset: e.high }));
  try {
    await admin.setOffsets({ groupId, topic, partitions });
  } catch (e) {
    // Another member joined first (the group is not empty): it already placed the group, or reads from the start.
    logger.debug('group offsets not placed at the end of the log', { groupId, error: String(e) });
  }
}

/**
 * Runs one member of `groupId` on the topic: decodes each record with the bus codec, hands the rows to the
 * handler and commits only after it resolved (at least once; a crash replays from the last commit). A rejecting
 * handler pauses the partition with back-off and the same records are read again. Undecodable records are
 * skipped here (the ingesters' group sends them to the dead-letter topic).
 */
export function startGroupReader(opts: GroupReaderOptions): GroupReader {
  const { topic, groupId, logger } = opts;
  let closing = false;
  const failures = new Map<number, number>();
  const timers = new Map<number, NodeJS.Timeout>();
  let markJoined: () => void = () => undefined;
  const firstJoin = new Promise<void>((resolve) => (markJoined = resolve));
  const consumer: Consumer = opts.kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    maxBytesPerPartition: opts.fetchMaxBytesPerPartition,
    maxBytes: opts.fetchMaxBytesPerPartition * Math.max(opts.partitions, 1),
    maxWaitTimeInMs: 1000,
  });

  function backOff(partition: number, error: unknown): void {
    const attempt = (failures.get(partition) ?? 0) + 1;
    failures.set(partition, attempt);
    const delay = Math.min(opts.retryBackoffMs.max, opts.retryBackoffMs.initial * 2 ** (attempt - 1));
    logger.warn('group reader failed; partition paused', {
      groupId,
      partition,
      attempt,
      retryInMs: delay,
      error: error instanceof Error ? error.message : String(error),
    });
    consumer.pause([{ topic, partitions: [partition] }]);
    clearTimeout(timers.get(partition));
    timers.set(
      partition,
      setTimeout(() => {
        timers.delete(partition);
        if (!closing) consumer.resume([{ topic, partitions: [partition] }]);
      }, delay),
    );
  }

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { partition, messages } = payload.batch;
    let at = 0;
    while (at < messages.length && payload.isRunning() && !payload.isStale() && !closing) {
      const rows: SpanRow[] = [];
      let last = at;
      for (; last < messages.length; last++) {
        const decoded = decodeRecord((messages[last] as KafkaMessage).value);
        if (!decoded.ok) continue;
        if (rows.length > 0 && rows.length + decoded.value.rows.length > opts.maxBatchSpans) break;
        for (const row of decoded.value.rows) rows.push(row);
      }
      const lastOffset = (messages[last - 1] as KafkaMessage).offset;
      if (rows.length > 0) {
        // A slow handler (or its retries) must not cost the group membership.
        const beat = setInterval(() => void payload.heartbeat().catch(() => undefined), 3000);
        try {
          await opts.handler(rows);
        } finally {
          clearInterval(beat);
        }
      }
      if (closing || payload.isStale()) return;
      const next = String(Number(lastOffset) + 1);
      await payload.commitOffsetsIfNecessary({
        topics: [{ topic, partitions: [{ partition, offset: next }] }],
      });
      payload.resolveOffset(lastOffset);
      failures.delete(partition);
      at = last;
    }
  }

  async function run(): Promise<void> {
    for (let attempt = 1; !closing; attempt++) {
      try {
        await startAtEnd(opts.admin, topic, groupId, logger);
        await consumer.connect();
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        await consumer.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: 2,
          eachBatch: async (payload) => {
            try {
              await eachBatch(payload);
            } catch (e) {
              backOff(payload.batch.partition, e);
            }
          },
        });
        return;
      } catch (e) {
        logger.error('group reader could not start; retrying', { groupId, attempt, error: String(e) });
        await new Promise((r) => setTimeout(r, Math.min(30_000, 500 * 2 ** attempt)).unref());
      }
    }
  }

  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    logger.info('joined the consumer group', { groupId, partitions: payload.memberAssignment[topic] ?? [] });
    markJoined();
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    logger.error('group reader crashed', { groupId, error: payload.error.message, restart: payload.restart });
    if (!payload.restart && !closing) setTimeout(() => void run(), 5000).unref();
  });
  void run();

  return {
    groupId,
    lag: async () => (await consumerLag(opts.admin, topic, groupId)).reduce((sum, p) => sum + p.lag, 0),
    joined: () => firstJoin,
    async close() {
      if (closing) return;
      closing = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      await consumer.disconnect();
    },
  };
}
