import type { Admin, Consumer, EachBatchPayload, KafkaMessage, Message } from 'kafkajs';
import type { SpanRow } from '../../schemas/span-row';
import type { Logger } from '../logger';
import { decodeRecord } from './kafka-codec';
import type { BatchHandler } from './types';

/** A contiguous offset range of one partition: the unit of one handler call and of one offset commit. */
interface Range {
  first: number;
  last: number;
}

export interface PartitionWriterOptions {
  consumer: Consumer;
  admin: Admin;
  topic: string;
  groupId: string;
  handler: BatchHandler;
  /** Writes an undecodable record to the dead-letter topic; resolves once Kafka acknowledged it. */
  deadLetter(message: Message): Promise<void>;
  maxBatchSpans: number;
  retryBackoffMs: { initial: number; max: number };
  heartbeatEveryMs: number;
  logger: Logger;
}

export interface PartitionWriter {
  eachBatch(payload: EachBatchPayload): Promise<void>;
  /** The group was (re)joined: partitions may have moved, so committed plans are read again. */
  rejoined(): void;
  stop(): void;
}

/**
 * Offset-commit metadata written at a range's first offset before its handler call. A consumer that takes over
 * (or restarts) rebuilds exactly that range, so the batch id and the store's dedup token are the same again.
 */
const PLAN = 'spanloop-range:';
/** Fetches that may end before a planned range's last offset before the range is re-cut (at-least-once). */
const MAX_SHORT_FETCHES = 5;

const parsePlan = (offset: string, metadata: string | null): Range | undefined => {
  const m = metadata?.startsWith(PLAN) ? /^(\d+)-(\d+)$/.exec(metadata.slice(PLAN.length)) : null;
  if (!m) return undefined;
  const range = { first: Number(m[1]), last: Number(m[2]) };
  return range.first === Number(offset) && range.last >= range.first ? range : undefined;
};

/** The consuming half of the Kafka bus: one handler call per contiguous offset range of one partition. */
export function createPartitionWriter(opts: PartitionWriterOptions): PartitionWriter {
  const { topic, logger } = opts;
  let generation = 0;
  let plans: Promise<Map<number, Range>> | undefined;
  let stopped = false;
  const failures = new Map<number, number>();
  const shortFetches = new Map<number, number>();
  const timers = new Map<number, NodeJS.Timeout>();

  const loadPlans = () =>
    (plans ??= opts.admin.fetchOffsets({ groupId: opts.groupId, topics: [topic] }).then(
      (groups) => {
        const found = new Map<number, Range>();
        for (const p of groups.find((g) => g.topic === topic)?.partitions ?? []) {
          const plan = parsePlan(p.offset, p.metadata);
          if (plan) found.set(p.partition, plan);
        }
        return found;
      },
      (e: unknown) => {
        plans = undefined;
        throw e;
      },
    ));

  function backOff(partition: number, what: string, error: unknown): void {
    const attempt = (failures.get(partition) ?? 0) + 1;
    failures.set(partition, attempt);
    const delay = Math.min(opts.retryBackoffMs.max, opts.retryBackoffMs.initial * 2 ** (attempt - 1));
    logger.warn(`${what} failed; partition paused`, {
      topic,
      partition,
      attempt,
      retryInMs: delay,
      error: error instanceof Error ? error.message : String(error),
    });
    // Pausing (not buffering) is the back-pressure: the records stay in Kafka until the store takes them.
    opts.consumer.pause([{ topic, partitions: [partition] }]);
    clearTimeout(timers.get(partition));
    timers.set(
      partition,
      setTimeout(() => {
        timers.delete(partition);
        if (!stopped) opts.consumer.resume([{ topic, partitions: [partition] }]);
      }, delay),
    );
  }

  async function whileBeating<T>(heartbeat: () => Promise<void>, work: () => Promise<T>): Promise<T> {
    // A long insert must not cost the group membership; a failed heartbeat surfaces at the commit instead.
    const timer = setInterval(() => void heartbeat().catch(() => undefined), opts.heartbeatEveryMs);
    try {
      return await work();
    } finally {
      clearInterval(timer);
    }
  }

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const { partition } = batch;
    const gen = generation;
    const commit = async (offset: number, metadata: string | null) => {
      // After a rejoin kafkajs commits with the new generation; a range read under the old one must not.
      if (gen !== generation) throw new Error('the group rebalanced while the range was written');
      const entry = { partition, offset: String(offset), metadata };
      await payload.commitOffsetsIfNecessary({ topics: [{ topic, partitions: [entry] }] });
    };
    let pending: Map<number, Range>;
    try {
      pending = await loadPlans();
    } catch (e) {
      return backOff(partition, 'reading committed offsets', e);
    }
    let messages: KafkaMessage[] = batch.messages;
    while (
      messages.length > 0 &&
      payload.isRunning() &&
      !payload.isStale() &&
      gen === generation &&
      !stopped
    ) {
      const start = Number((messages[0] as KafkaMessage).offset);
      const fetchedLast = Number((messages[messages.length - 1] as KafkaMessage).offset);
      let plan = pending.get(partition);
      if (plan && plan.first === start && plan.last > fetchedLast) {
        // The planned range is in the log but this fetch ended early: fetch it again rather than re-cut it.
        const waits = (shortFetches.get(partition) ?? 0) + 1;
        shortFetches.set(partition, waits);
        if (waits <= MAX_SHORT_FETCHES) {
          return backOff(partition, `fetching planned range ${plan.first}-${plan.last} whole`, 'short fetch');
        }
      }
      shortFetches.delete(partition);
      if (plan && (plan.first > start || plan.last < start || plan.last > fetchedLast)) {
        // Not rebuildable from this fetch: a fresh range may duplicate rows the old one wrote, never lose them.
        logger.warn('planned range not fetched whole; starting a fresh range', { topic, partition, ...plan });
        pending.delete(partition);
        plan = undefined;
      }
      const rows: SpanRow[] = [];
      const letters: Message[] = [];
      let taken = 0;
      for (const m of messages) {
        const offset = Number(m.offset);
        if (plan && offset > plan.last) break;
        const decoded = decodeRecord(m.value);
        if (!plan && taken > 0 && decoded.ok && rows.length + decoded.value.rows.length > opts.maxBatchSpans)
          break;
        taken++;
        if (decoded.ok) {
          for (const row of decoded.value.rows) rows.push(row);
        } else {
          const source = `${topic}/${partition}/${m.offset}`;
          letters.push({
            key: m.key,
            value: m.value,
            headers: { 'spanloop-error': decoded.error, 'spanloop-source': source },
          });
        }
      }
      const range = plan ?? { first: start, last: Number((messages[taken - 1] as KafkaMessage).offset) };
      const id = `${topic}/${partition}/${range.first}-${range.last}`;
      try {
        if (!plan) {
          await commit(range.first, `${PLAN}${range.first}-${range.last}`);
          if (gen === generation) pending.set(partition, range);
        }
        for (const letter of letters) {
          logger.warn('undecodable record sent to the dead-letter topic', {
            source: letter.headers?.['spanloop-source'],
            reason: letter.headers?.['spanloop-error'],
          });
          await opts.deadLetter(letter);
        }
        if (rows.length > 0)
          await whileBeating(
            () => payload.heartbeat(),
            () => opts.handler([{ id, rows }]),
          );
        await commit(range.last + 1, null);
      } catch (e) {
        return backOff(partition, `writing ${id}`, e);
      }
      if (gen === generation) pending.delete(partition);
      failures.delete(partition);
      payload.resolveOffset(String(range.last));
      messages = messages.slice(taken);
    }
  }

  return {
    async eachBatch(payload) {
      try {
        await eachBatch(payload);
      } catch (e) {
        // Nothing may escape: kafkajs would retry the whole fetch on its own schedule, around the back-pressure.
        backOff(payload.batch.partition, 'processing a fetched batch', e);
      }
    },
    rejoined() {
      generation++;
      plans = undefined;
    },
    stop() {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
    },
  };
}
