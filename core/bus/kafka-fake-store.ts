import type { SpanRow } from '../../schemas/span-row';
import type { SpanBatch, SpanStore } from '../span-store/types';

/**
 * An in-memory SpanStore for the Kafka bus tests: inserts are deduplicated by batch id exactly as
 * insert_deduplication_token does, and every attempt is recorded so tests can see replays.
 */
export interface FakeSpanStore extends SpanStore {
  /** Batch ids in the order insert was called, replays included. */
  readonly attempts: string[];
  /** Rows actually stored (after deduplication by batch id). */
  rows(): SpanRow[];
  /** Stored rows by batch id. */
  readonly batches: ReadonlyMap<string, readonly SpanRow[]>;
  /** Makes the next `n` inserts fail (after recording the attempt), as a store pushing back would. */
  failNext(n: number): void;
}

export function createFakeSpanStore(): FakeSpanStore {
  const batches = new Map<string, readonly SpanRow[]>();
  const attempts: string[] = [];
  let failures = 0;
  return {
    attempts,
    batches,
    rows: () => [...batches.values()].flat(),
    failNext(n) {
      failures = n;
    },
    insert(batch: SpanBatch) {
      attempts.push(batch.id);
      if (failures > 0) {
        failures--;
        return Promise.reject(new Error('store pushes back (fake)'));
      }
      if (!batches.has(batch.id)) batches.set(batch.id, batch.rows);
      return Promise.resolve();
    },
    trace: () => Promise.reject(new Error('the bus tests read rows(), not traces')),
    searchTraces: () => Promise.reject(new Error('the bus tests read rows(), not traces')),
    searchSpans: () => Promise.reject(new Error('the bus tests read rows(), not spans')),
    close: () => Promise.resolve(),
  };
}
