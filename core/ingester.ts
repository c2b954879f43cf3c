import { createHash } from 'node:crypto';
import type { BatchHandler } from './bus/types';
import type { Histogram } from './metrics/registry';
import type { SpanStore } from './span-store/types';
import type { SpanRow } from '../schemas/span-row';

/** How big and how slow inserts are. */
export interface IngesterMetrics {
  batchSpans: Histogram;
  insertSeconds: Histogram;
}

/** Told the rows of each insert once they are durable; must return at once (queue, never wait) and not throw. */
export type AfterInsert = (rows: readonly SpanRow[]) => void;

/**
 * The ingester: writes what the bus delivers as one insert. The insert's id is derived from the member batch
 * ids, so a retried delivery of the same batches is deduplicated by the store.
 */
export function createIngester(
  store: Pick<SpanStore, 'insert'>,
  metrics?: IngesterMetrics,
  afterInsert?: AfterInsert,
): BatchHandler {
  return async (batches) => {
    const only = batches.length === 1 ? batches[0] : undefined;
    const batch = only ?? {
      id: createHash('sha256')
        .update(batches.map((b) => b.id).join(','))
        .digest('hex'),
      rows: batches.flatMap((b) => b.rows),
    };
    const started = performance.now();
    await store.insert(batch);
    metrics?.insertSeconds.observe((performance.now() - started) / 1000);
    metrics?.batchSpans.observe(batch.rows.length);
    afterInsert?.(batch.rows);
  };
}
