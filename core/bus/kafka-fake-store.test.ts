import { describe, expect, it } from 'vitest';
import { SPANS_DEDUPLICATION_WINDOW, spanMigrations } from '../../schemas/clickhouse/span-migrations';
import { makeRow } from '../span-store/make-row';
import { createFakeSpanStore } from './kafka-fake-store';

const batch = (id: string) => ({ id, rows: [makeRow()] });

describe('the fake span store of the Kafka suites', () => {
  it('drops a replay inside the deduplication window and stores one from before it again', async () => {
    const store = createFakeSpanStore({ deduplicationWindow: 3 });
    for (const id of ['a', 'b', 'c', 'a', 'b', 'c']) await store.insert(batch(id));
    expect(store.rows()).toHaveLength(3);
    await store.insert(batch('d'));
    await store.insert(batch('c'));
    expect(store.rows()).toHaveLength(4);
    await store.insert(batch('a'));
    expect(store.rows()).toHaveLength(5);
    expect(store.attempts).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'd', 'c', 'a']);
  });

  it("remembers as many inserts as the real tables' setting, no more", async () => {
    const sql = spanMigrations.migrations.map((m) => m.sql).join('\n');
    expect(sql.match(/non_replicated_deduplication_window = (\d+)/g)).toEqual([
      `non_replicated_deduplication_window = ${SPANS_DEDUPLICATION_WINDOW}`,
      `non_replicated_deduplication_window = ${SPANS_DEDUPLICATION_WINDOW}`,
    ]);
    const store = createFakeSpanStore();
    const ids = Array.from({ length: SPANS_DEDUPLICATION_WINDOW + 1 }, (_, i) => `b${i}`);
    for (const id of ids) await store.insert(batch(id));
    await store.insert(batch(`b${SPANS_DEDUPLICATION_WINDOW}`));
    await store.insert(batch('b1'));
    expect(store.rows()).toHaveLength(SPANS_DEDUPLICATION_WINDOW + 1);
    await store.insert(batch('b0'));
    expect(store.rows()).toHaveLength(SPANS_DEDUPLICATION_WINDOW + 2);
  });
});
