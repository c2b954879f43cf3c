import { createHash } from 'node:crypto';
import type { BatchHandler } from './bus/types';
import type { SpanStore } from './span-store/types';

/**
 * The ingester: writes what the bus delivers as one insert. The insert's id is derived from the member batch
 * ids, so a retried delivery of the same batches is deduplicated by the store.
 */
export function createIngester(store: Pick<SpanStore, 'insert'>): BatchHandler {
  return async (batches) => {
    const only = batches.length === 1 ? batches[0] : undefined;
    if (only) return store.insert(only);
    const id = createHash('sha256')
      .update(batches.map((b) => b.id).join(','))
      .digest('hex');
    await store.insert({ id, rows: batches.flatMap((b) => b.rows) });
  };
}
