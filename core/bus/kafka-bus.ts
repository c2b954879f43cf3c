import { Kafka, logLevel } from 'kafkajs';
import type { Consumer, logCreator } from 'kafkajs';
import { AppError } from '../app-error';
import type { Logger } from '../logger';
import { createPartitionWriter } from './kafka-consumer';
import { startGroupReader } from './kafka-group-reader';
import type { GroupReader, RowsHandler } from './kafka-group-reader';
import type { PartitionWriter } from './kafka-consumer';
import { createPublisher } from './kafka-publisher';
import { consumerLag, ensureTopics } from './kafka-topics';
import type { PartitionLag, TopicLayout } from './kafka-topics';
import type { SpanBus } from './types';

export interface KafkaBusOptions {
  /** `host:port` of one or more brokers. */
  brokers: readonly string[];
  clientId: string;
  /** The spans topic; created with `partitions` partitions when missing. */
  topic: string;
  /** Consumer group of `consume` (the ingesters); plugins use their own groups. */
  groupId: string;
  /** Where undecodable records go, with the reason in a header; default `<topic>.dlq`. */
  dlqTopic?: string;
  /** Partitions of a topic created here (default 6): the most ingesters that can share the work. */
  partitions?: number;
  /** Replication factor of topics created here (default: the broker's `default.replication.factor`). */
  replicationFactor?: number;
  /** `max.message.bytes` of topics created here (default 1 MiB); an existing topic's own value wins. */
  maxMessageBytes?: number;
  compression?: 'gzip' | 'none';
  /** Longest wait for Kafka's acknowledgement of a publish (default 5000 ms), then 'unavailable'. */
  publishTimeoutMs?: number;
  /** Retry-After given with 'unavailable' (default 5 s). */
  retryAfterSeconds?: number;
  /** Most spans handed to the handler at once (default 20000). */
  maxBatchSpans?: number;
  /** Bytes fetched per partition and request (default 4 MiB): bounds memory per partition. */
  fetchMaxBytesPerPartition?: number;
  /** Partitions whose batches are written concurrently (default 2). */
  concurrency?: number;
  /** Back-off of a paused partition after a failed write (default 500 ms doubling to 30 s). */
  retryBackoffMs?: { initial: number; max: number };
  logger: Logger;
}

/** The scaled bus: publish answers after acks=all; consume runs one member of the consumer group. */
export interface KafkaBus extends SpanBus {
  readonly topic: string;
  readonly dlqTopic: string;
  /** Partitions of the spans topic as it exists on the broker. */
  readonly partitions: number;
  /** The group's lag per partition (committed position vs. end of the log). */
  lag(): Promise<PartitionLag[]>;
  /** Resolves once `consume` has joined the group for the first time. */
  joined(): Promise<void>;
  /** Partitions this member owns now. */
  assignment(): readonly number[];
  /**
   * Joins another consumer group on the spans topic (plugin consumers): at least once, committed after `handler`
   * resolves, starting at the end of the log the first time the group runs. Closed with the bus.
   */
  readGroup(groupId: string, handler: RowsHandler, maxBatchSpans: number): GroupReader;
}

/** kafkajs repeats these in every entry; our logger has its own. */
const DROPPED_LOG_FIELDS = new Set(['message', 'timestamp', 'logger']);

const kafkaLogs =
  (logger: Logger): logCreator =>
  () =>
  ({ level, namespace, log }) => {
    const { message } = log;
    const entry: Record<string, unknown> = { namespace };
    for (const [key, value] of Object.entries(log)) if (!DROPPED_LOG_FIELDS.has(key)) entry[key] = value;
    if (level === logLevel.ERROR) logger.error(message, entry);
    else if (level === logLevel.WARN) logger.warn(message, entry);
    else logger.debug(message, entry);
  };

/**
 * Connects to Kafka, creates the spans and dead-letter topics when missing and returns the bus.
 *
 * @example
 * const bus = await createKafkaBus({ brokers: ['127.0.0.1:9092'], clientId: 'spanloop', topic: 'spans',
 *   groupId: 'spanloop-ingester', logger });
 * bus.consume(createIngester(store));
 */
export async function createKafkaBus(opts: KafkaBusOptions): Promise<KafkaBus> {
  const logger = opts.logger;
  const dlqTopic = opts.dlqTopic ?? `${opts.topic}.dlq`;
  const retryAfterSeconds = opts.retryAfterSeconds ?? 5;
  const fetchBytes = opts.fetchMaxBytesPerPartition ?? 4 * 1024 * 1024;
  const kafka = new Kafka({
    clientId: opts.clientId,
    brokers: [...opts.brokers],
    connectionTimeout: 3000,
    retry: { initialRetryTime: 100, maxRetryTime: 2000, retries: 5 },
    logLevel: logLevel.INFO,
    logCreator: kafkaLogs(logger.child('kafkajs')),
  });
  const admin = kafka.admin();
  await admin.connect();
  let layout: TopicLayout;
  try {
    layout = await ensureTopics(admin, {
      topic: opts.topic,
      dlqTopic,
      partitions: opts.partitions ?? 6,
      maxMessageBytes: opts.maxMessageBytes ?? 1024 * 1024,
      ...(opts.replicationFactor === undefined ? {} : { replicationFactor: opts.replicationFactor }),
    });
  } catch (e) {
    await admin.disconnect();
    throw e;
  }
  const publisher = createPublisher({
    kafka,
    topic: opts.topic,
    layout,
    compression: opts.compression ?? 'gzip',
    timeoutMs: opts.publishTimeoutMs ?? 5000,
    retryAfterSeconds,
    logger,
  });

  let closing = false;
  const readers: GroupReader[] = [];
  let consumer: Consumer | undefined;
  let writer: PartitionWriter | undefined;
  let assignment: readonly number[] = [];
  let markJoined: () => void = () => undefined;
  const firstJoin = new Promise<void>((resolve) => (markJoined = resolve));

  async function run(c: Consumer, w: PartitionWriter): Promise<void> {
    for (let attempt = 1; !closing; attempt++) {
      try {
        await c.connect();
        await c.subscribe({ topics: [opts.topic], fromBeginning: true });
        await c.run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          partitionsConsumedConcurrently: opts.concurrency ?? 2,
          eachBatch: (payload) => w.eachBatch(payload),
        });
        return;
      } catch (e) {
        logger.error('Kafka consumer could not start; retrying', { attempt, error: String(e) });
        await new Promise((r) => setTimeout(r, Math.min(30_000, 500 * 2 ** attempt)).unref());
      }
    }
  }

  return {
    topic: opts.topic,
    dlqTopic,
    partitions: layout.partitions,
    publish(batch) {
      if (closing) return Promise.reject(new AppError('unavailable', 'shutting down', retryAfterSeconds));
      return publisher.publish(batch);
    },
    consume(handler) {
      if (consumer) throw new Error('the Kafka bus has one consumer');
      const c = kafka.consumer({
        groupId: opts.groupId,
        allowAutoTopicCreation: false,
        maxBytesPerPartition: fetchBytes,
        maxBytes: fetchBytes * Math.max(layout.partitions, 1),
        maxWaitTimeInMs: 1000,
      });
      const w = createPartitionWriter({
        consumer: c,
        admin,
        topic: opts.topic,
        groupId: opts.groupId,
        handler,
        deadLetter: (message) => publisher.send(dlqTopic, message),
        maxBatchSpans: opts.maxBatchSpans ?? 20_000,
        retryBackoffMs: opts.retryBackoffMs ?? { initial: 500, max: 30_000 },
        heartbeatEveryMs: 3000,
        logger,
      });
      c.on(c.events.GROUP_JOIN, ({ payload }) => {
        assignment = [...(payload.memberAssignment[opts.topic] ?? [])].sort((a, b) => a - b);
        w.rejoined();
        logger.info('joined the consumer group', { groupId: opts.groupId, partitions: assignment });
        markJoined();
      });
      c.on(c.events.CRASH, ({ payload }) => {
        logger.error('Kafka consumer crashed', { error: payload.error.message, restart: payload.restart });
        // kafkajs restarts only after retriable errors; an ingester that stays down helps nobody.
        if (!payload.restart && !closing) setTimeout(() => void run(c, w), 5000).unref();
      });
      consumer = c;
      writer = w;
      void run(c, w);
    },
    depth: () => publisher.inFlightSpans(),
    lag: () => consumerLag(admin, opts.topic, opts.groupId),
    joined: () => firstJoin,
    assignment: () => assignment,
    readGroup(groupId, handler, maxBatchSpans) {
      if (closing) throw new Error('the Kafka bus is closed');
      const reader = startGroupReader({
        kafka,
        admin,
        topic: opts.topic,
        groupId,
        handler,
        maxBatchSpans,
        fetchMaxBytesPerPartition: fetchBytes,
        partitions: layout.partitions,
        retryBackoffMs: opts.retryBackoffMs ?? { initial: 500, max: 30_000 },
        logger,
      });
      readers.push(reader);
      return reader;
    },
    async close() {
      if (closing) return;
      closing = true;
      await Promise.all(readers.splice(0).map((r) => r.close()));
      writer?.stop();
      // Waits for the batch being written, then leaves the group so its partitions move at once.
      await consumer?.disconnect();
      assignment = [];
      await publisher.close();
      await admin.disconnect();
    },
  };
}
