import { CompressionTypes } from 'kafkajs';
import type { Kafka, Message, Producer } from 'kafkajs';
import { AppError } from '../app-error';
import type { Logger } from '../logger';
import { buildRecords } from './kafka-codec';
import type { OutgoingRecord } from './kafka-codec';
import type { TopicLayout } from './kafka-topics';
import type { SpanBatch } from './types';

export interface PublisherOptions {
  kafka: Kafka;
  topic: string;
  layout: TopicLayout;
  compression: 'gzip' | 'none';
  /** Longest wait for the broker's acknowledgement before the caller is told to retry. */
  timeoutMs: number;
  retryAfterSeconds: number;
  logger: Logger;
}

/** One producer generation: replaced after any failure so a fresh producer id restarts the sequence numbers. */
interface Generation {
  producer: Producer;
  connected: Promise<void>;
  inFlight: number;
  retired: boolean;
}

export interface Publisher {
  /** Resolves once every record of the batch is acknowledged by all in-sync replicas. */
  publish(batch: SpanBatch): Promise<void>;
  /** Writes one record to another topic (the dead-letter topic) with the same guarantees. */
  send(topic: string, message: Message): Promise<void>;
  /** Spans handed to publish and not yet acknowledged or failed. */
  inFlightSpans(): number;
  close(): Promise<void>;
}

const TOO_LARGE = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);

const errorType = (e: unknown): string | undefined => {
  const found = e as { type?: unknown; originalError?: { type?: unknown } } | undefined;
  const type = found?.type ?? found?.originalError?.type;
  return typeof type === 'string' ? type : undefined;
};

/**
 * The producing half of the Kafka bus: idempotent, acks=all, bounded in time. Records of one send carry at most
 * one record per partition, so each partition's record batch stays under the topic's size limit.
 */
export function createPublisher(opts: PublisherOptions): Publisher {
  const compression = opts.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
  let current: Generation | undefined;
  let spans = 0;
  let closed = false;
  const pending = new Set<Promise<void>>();

  const open = (): Generation => {
    // Retries are unbounded inside kafkajs (keeps idempotence); the caller's wait is bounded by timeoutMs instead.
    const producer = opts.kafka.producer({ idempotent: true, allowAutoTopicCreation: false });
    const gen: Generation = { producer, connected: producer.connect(), inFlight: 0, retired: false };
    gen.connected.catch(() => undefined);
    return gen;
  };

  const release = (gen: Generation) => {
    if (gen.retired && gen.inFlight === 0) void gen.producer.disconnect().catch(() => undefined);
  };

  const retire = (gen: Generation, error: unknown) => {
    if (gen.retired) return;
    gen.retired = true;
    opts.logger.warn('Kafka publish failed; the next one uses a new producer', {
      error: error instanceof Error ? error.message : String(error),
    });
    if (current === gen) current = undefined;
    release(gen);
  };

  const unavailable = (why: string) => new AppError('unavailable', why, opts.retryAfterSeconds);

  function withProducer(what: string, work: (p: Producer) => Promise<unknown>): Promise<void> {
    if (closed) return Promise.reject(unavailable('shutting down'));
    const done = attempt(what, work);
    const settled = done.catch(() => undefined);
    pending.add(settled);
    void settled.then(() => pending.delete(settled));
    return done;
  }

  async function attempt(what: string, work: (p: Producer) => Promise<unknown>): Promise<void> {
    const gen = (current ??= open());
    gen.inFlight++;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(unavailable(`Kafka did not acknowledge ${what} within ${opts.timeoutMs} ms`)),
        opts.timeoutMs,
      );
    });
    try {
      await Promise.race([gen.connected.then(() => work(gen.producer)), deadline]);
    } catch (e) {
      retire(gen, e);
      if (e instanceof AppError) throw e;
      const type = errorType(e);
      if (type !== undefined && TOO_LARGE.has(type)) {
        throw new AppError('too_large', `a span is larger than the bus accepts (${type})`);
      }
      throw unavailable(`Kafka did not acknowledge ${what}: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      clearTimeout(timer);
      gen.inFlight--;
      release(gen);
    }
  }

  const rounds = (records: OutgoingRecord[]): OutgoingRecord[][] => {
    const out: OutgoingRecord[][] = [];
    const seen = new Map<number, number>();
    for (const r of records) {
      const i = seen.get(r.partition) ?? 0;
      seen.set(r.partition, i + 1);
      (out[i] ??= []).push(r);
    }
    return out;
  };

  return {
    async publish(batch) {
      if (batch.rows.length === 0) return;
      const { partitions, maxMessageBytes } = opts.layout;
      const records = buildRecords(batch.id, batch.rows, partitions, maxMessageBytes);
      spans += batch.rows.length;
      try {
        await withProducer(`batch ${batch.id}`, (producer) =>
          Promise.all(
            rounds(records).map((round) =>
              producer.send({
                topic: opts.topic,
                acks: -1,
                timeout: opts.timeoutMs,
                compression,
                messages: round.map((r) => ({ partition: r.partition, key: r.key, value: r.value })),
              }),
            ),
          ),
        );
      } finally {
        spans -= batch.rows.length;
      }
    },
    send: (topic, message) =>
      withProducer(`a record for ${topic}`, (producer) =>
        producer.send({ topic, acks: -1, timeout: opts.timeoutMs, compression, messages: [message] }),
      ),
    inFlightSpans: () => spans,
    async close() {
      closed = true;
      await Promise.all(pending);
      const gen = current;
      current = undefined;
      if (gen) {
        gen.retired = true;
        await gen.producer.disconnect().catch(() => undefined);
      }
    },
  };
}
