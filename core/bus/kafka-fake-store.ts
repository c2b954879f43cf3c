import { SPANS_DEDUPLICATION_WINDOW } from '../../schemas/clickhouse/span-migrations';
import type { SpanRow } from '../../schemas/span-row';
import type { SpanBatch, SpanStore } from '../span-store/types';

/**
 * An in-memory SpanStore for the Kafka bus tests: inserts are deduplicated by batch id as
 * insert_deduplication_token does, within the same bounded window as the real tables
 * (non_replicated_deduplication_window), and every attempt is recorded so tests can see replays.
 */
export interface FakeSpanStore extends SpanStore {
  /** Batch ids in the order insert was called, replays included. */
  readonly attempts: string[];
  /** Rows actually stored; a batch replayed after it left the window is stored twice. */
  rows(): SpanRow[];
  /** Stored rows by batch id (the latest copy of a batch stored twice). */
  readonly batches: ReadonlyMap<string, readonly SpanRow[]>;
  /** Makes the next `n` inserts fail (after recording the attempt), as a store pushing back would. */
  failNext(n: number): void;
}

export function createFakeSpanStore(opts: { deduplicationWindow?: number } = {}): FakeSpanStore {
  const window = opts.deduplicationWindow ?? SPANS_DEDUPLICATION_WINDOW;
  const stored: (readonly SpanRow[])[] = [];
  // The ids of the last `window` stored inserts, oldest first (a Set keeps insertion order).
  const remembered = new Set<string>();
  const batches = new Map<string, readonly SpanRow[]>();
  const attempts: string[] = [];
  let failures = 0;
  return {
    attempts,
    batches,
    rows: () => stored.flat(),
    failNext(n) {
      failures = n;
    },
    insert(batch: SpanBatch) {
      attempts.push(batch.id);
      if (failures > 0) {
        failures--;
        return Promise.reject(new Error('store pushes back (fake)'));
      }
      // The real store sends nothing for an empty batch, so it takes no place in the window.
      if (batch.rows.length === 0 || remembered.has(batch.id)) return Promise.resolve();
      stored.push(batch.rows);
      batches.set(batch.id, batch.rows);
      remembered.add(batch.id);
      for (const oldest of remembered) {
        if (remembered.size <= window) break;
        remembered.delete(oldest);
      }
      return Promise.resolve();
    },
    trace: () => Promise.reject(new Error('the bus tests read rows(), not traces')),
    searchTraces: () => Promise.reject(new Error('the bus tests read rows(), not traces')),
    searchSpans: () => Promise.reject(new Error('the bus tests read rows(), not spans')),
    close: () => Promise.resolve(),
  };
}
