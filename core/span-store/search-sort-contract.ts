import { beforeAll, describe, expect, it } from 'vitest';
import { SpanSearchQuery, TraceSearchQuery } from '../../schemas/span-query';
import type { SpanSearchQueryInput, TraceSearchQueryInput } from '../../schemas/span-query';
import type { SpanRow } from '../../schemas/span-row';
import { at, hexId, makeRow, newWorkspace, searchWindow } from './make-row';
import { seed } from './search-filters-contract';
import type { SpanStore } from './types';

/** Sorting and cursor pagination of trace and span search; `current` is the contract's open store. */
export const searchSortContract = (current: () => SpanStore): void => {
  const traces = (workspaceId: string, input: Partial<TraceSearchQueryInput>) =>
    current().searchTraces(workspaceId, TraceSearchQuery.parse({ ...searchWindow, ...input }));
  const spans = (workspaceId: string, input: Partial<SpanSearchQueryInput>) =>
    current().searchSpans(workspaceId, SpanSearchQuery.parse({ ...searchWindow, ...input }));

  describe('sorting and cursors', () => {
    const workspace = newWorkspace();
    const data = seed(workspace);
    beforeAll(async () => {
      await current().insert({ id: hexId(8), rows: data.rows });
    });
    const ns = (r: SpanRow) => BigInt(r.Timestamp.replace('.', ''));
    const spanKey = {
      startTime: ns,
      duration: (r: SpanRow) => r.Duration,
      tokens: (r: SpanRow) => r.TotalTokens,
      cost: (r: SpanRow) => r.TotalCost,
    };
    const cmp = (a: bigint | number | string, b: bigint | number | string) => (a < b ? -1 : a > b ? 1 : 0);

    it.each(['startTime', 'duration', 'tokens', 'cost'] as const)(
      'pages through every span once by %s, both ways, ties broken by ids',
      async (sort) => {
        for (const order of ['asc', 'desc'] as const) {
          const seen: string[] = [];
          let cursor: string | undefined;
          let pages = 0;
          do {
            const page = await spans(workspace, {
              sort,
              order,
              limit: 3,
              ...(cursor === undefined ? {} : { cursor }),
            });
            seen.push(...page.spans.map((s) => s.name));
            cursor = page.nextCursor;
            pages += 1;
          } while (cursor !== undefined && pages < 10);
          const expected = [...data.rows]
            .sort(
              (a, b) =>
                cmp(spanKey[sort](a), spanKey[sort](b)) ||
                cmp(a.TraceId, b.TraceId) ||
                cmp(a.SpanId, b.SpanId),
            )
            .map((r) => r.SpanName);
          expect(seen, order).toEqual(order === 'asc' ? expected : expected.reverse());
        }
      },
    );

    it.each([
      ['duration', 'desc', ['c', 'a', 'b']],
      ['duration', 'asc', ['b', 'a', 'c']],
      ['cost', 'desc', ['c', 'a', 'b']],
      ['tokens', 'desc', ['b', 'a', 'c']],
      ['tokens', 'asc', ['c', 'a', 'b']],
      ['startTime', 'asc', ['a', 'b', 'c']],
      ['startTime', 'desc', ['c', 'b', 'a']],
    ] as const)('ranks traces by whole-trace %s %s, one per page', async (sort, order, expected) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await traces(workspace, {
          sort,
          order,
          limit: 1,
          ...(cursor === undefined ? {} : { cursor }),
        });
        seen.push(...page.traces.map((t) => t.traceId));
        cursor = page.nextCursor;
      } while (cursor !== undefined && seen.length < 10);
      expect(seen).toEqual(expected.map((k) => data.trace[k]));
    });

    it('ranks by the totals the summaries show, spans outside the range included', async () => {
      const ws = newWorkspace();
      const long = hexId(16);
      const longRoot = makeRow({ WorkspaceId: ws, TraceId: long, Timestamp: at(-7_200), Duration: 1e9 });
      const rows = [
        longRoot,
        makeRow({
          WorkspaceId: ws,
          TraceId: long,
          ParentSpanId: longRoot.SpanId,
          Timestamp: at(0),
          Duration: 1e9,
          SpanAttributes: { marker: '1' },
        }),
        makeRow({ WorkspaceId: ws, Timestamp: at(5), Duration: 100e9, SpanAttributes: { marker: '2' } }),
      ];
      await current().insert({ id: hexId(8), rows });
      const page = await traces(ws, { sort: 'duration', filters: ['marker exists'] });
      expect(page.traces.map((t) => [t.traceId, t.durationNs])).toEqual([
        [long, '7201000000000'],
        [rows[2]?.TraceId, '100000000000'],
      ]);
      expect(page.traces[0]?.spanCount).toBe(2);
    });

    it('lists a span stored twice once, across pages, and ranks its trace once', async () => {
      const ws = newWorkspace();
      const rows = Array.from({ length: 6 }, (_, i) =>
        makeRow({ WorkspaceId: ws, Timestamp: at(i), TotalCost: i % 2, TotalTokens: 7 }),
      );
      // Two batch ids: the store cannot tell the second insert is a replay.
      await current().insert({ id: hexId(8), rows });
      await current().insert({ id: hexId(8), rows });
      for (const sort of ['startTime', 'cost'] as const) {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await spans(ws, { sort, limit: 2, ...(cursor === undefined ? {} : { cursor }) });
          seen.push(...page.spans.map((s) => s.spanId));
          cursor = page.nextCursor;
        } while (cursor !== undefined && seen.length < 20);
        expect(seen.sort(), sort).toEqual(rows.map((r) => r.SpanId).sort());
      }
      const ranked = await traces(ws, { sort: 'cost', limit: 100 });
      expect(ranked.traces.map((t) => t.totalCost).sort()).toEqual([0, 0, 0, 1, 1, 1]);
    });
  });
};
