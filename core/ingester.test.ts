import { describe, expect, it } from 'vitest';
import { createIngester } from './ingester';
import { makeRow } from './span-store/make-row';
import type { SpanBatch } from './span-store/types';

describe('ingester', () => {
  it('tells the after-insert hook the rows once the insert resolved, and never before', async () => {
    const events: string[] = [];
    let finish: () => void = () => undefined;
    const store = {
      insert: (b: SpanBatch) =>
        new Promise<void>((resolve) => {
          events.push(`insert ${b.rows.length}`);
          finish = () => {
            events.push('durable');
            resolve();
          };
        }),
    };
    const ingest = createIngester(store, undefined, (rows) => events.push(`hook ${rows.length}`));
    const done = ingest([
      { id: 'a', rows: [makeRow(), makeRow()] },
      { id: 'b', rows: [makeRow()] },
    ]);
    await new Promise((r) => setTimeout(r, 5));
    expect(events).toEqual(['insert 3']);
    finish();
    await done;
    expect(events).toEqual(['insert 3', 'durable', 'hook 3']);
  });

  it('does not call the hook for a failed insert', async () => {
    const hooked: number[] = [];
    const ingest = createIngester(
      { insert: () => Promise.reject(new Error('store down')) },
      undefined,
      (rows) => hooked.push(rows.length),
    );
    await expect(ingest([{ id: 'a', rows: [makeRow()] }])).rejects.toThrow('store down');
    expect(hooked).toEqual([]);
  });
});
