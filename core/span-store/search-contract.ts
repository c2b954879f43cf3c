import { describe, expect, beforeAll, it } from 'vitest';
import { TraceSearchQuery } from '../../schemas/span-query';
import type { TraceSearchQueryInput, TraceSummary } from '../../schemas/span-query';
import type { SpanRow } from '../../schemas/span-row';
import { at, BASE_MS, hexId, makeRow, newWorkspace, searchWindow } from './make-row';
import { searchFiltersContract } from './search-filters-contract';
import { searchSortContract } from './search-sort-contract';
import type { SpanStore } from './types';

/** The search part of the span store contract; `current` is the contract's open store. */
export const searchContract = (current: () => SpanStore): void => {
  const search = (workspaceId: string, input: Partial<TraceSearchQueryInput> = {}) =>
    current().searchTraces(workspaceId, TraceSearchQuery.parse({ ...searchWindow, ...input }));
  const traceIds = async (workspaceId: string, input: Partial<TraceSearchQueryInput>): Promise<string[]> =>
    (await search(workspaceId, input)).traces.map((t) => t.traceId).sort();
  // Always the store open right now: the contract reopens it in a later test.
  const store: Pick<SpanStore, 'insert' | 'trace'> = {
    insert: (batch) => current().insert(batch),
    trace: (workspaceId, traceId) => current().trace(workspaceId, traceId),
  };

  describe('search', () => {
    const workspace = newWorkspace();
    const t = { pay: hexId(16), find: hexId(16), cart: hexId(16), old: hexId(16), odd: hexId(16) };
    const trickyKey = `k'ey\\"}{x:String}`;
    const trickyValue = `v'); DROP TABLE spans; --\\'\t`;

    beforeAll(async () => {
      const w = { WorkspaceId: workspace };
      const payRoot = makeRow({
        ...w,
        TraceId: t.pay,
        ServiceName: 'checkout',
        SpanName: 'POST /pay',
        Timestamp: at(0),
        Duration: 2_000_000_000,
      });
      const rows: SpanRow[] = [
        payRoot,
        makeRow({
          ...w,
          TraceId: t.pay,
          ParentSpanId: payRoot.SpanId,
          ServiceName: 'llm-gateway',
          SpanName: 'chat',
          Timestamp: at(1),
          Duration: 900_000_000,
          StatusCode: 'Error',
          SpanAttributes: { 'user.tier': 'gold' },
          SpanType: 'llm',
          LlmRequestModel: 'gpt-4o',
          LlmResponseModel: 'gpt-4o-2024-08-06',
          LlmInput: JSON.stringify([{ role: 'user', content: 'Please REFUND my "order" #12' }]),
          LlmOutput: JSON.stringify([{ role: 'assistant', content: 'Done.' }]),
          InputTokens: 100,
          OutputTokens: 20,
          TotalTokens: 120,
          TotalCost: 0.25,
        }),
        makeRow({
          ...w,
          TraceId: t.find,
          ServiceName: 'search',
          SpanName: 'GET /find',
          Timestamp: at(10),
          Duration: 50_000_000,
          ResourceAttributes: { 'deployment.environment': 'prod' },
        }),
        makeRow({
          ...w,
          TraceId: t.cart,
          ServiceName: 'checkout',
          SpanName: 'POST /cart',
          Timestamp: at(20),
          StatusCode: 'Ok',
          Duration: 300_000_000,
          SpanAttributes: { 'user.tier': 'silver' },
          LlmResponseModel: 'claude-3-5-sonnet',
          LlmOutput: JSON.stringify([{ role: 'assistant', content: 'Cart has 2 items' }]),
        }),
        makeRow({
          ...w,
          TraceId: t.old,
          ServiceName: 'checkout',
          SpanName: 'POST /pay',
          Timestamp: at(-2 * 86_400),
        }),
        makeRow({
          ...w,
          TraceId: t.odd,
          ServiceName: "o'hare\\svc",
          SpanName: 'odd',
          Timestamp: at(30),
          SpanAttributes: { [trickyKey]: trickyValue, empty: '' },
        }),
      ];
      await store.insert({ id: hexId(8), rows });
    });

    it('finds the traces in the window, newest first, with whole-trace totals', async () => {
      const result = await search(workspace);
      expect(result.nextCursor).toBeUndefined();
      expect(result.traces.map((x) => x.traceId)).toEqual([t.odd, t.cart, t.find, t.pay]);
      const pay = result.traces.find((x) => x.traceId === t.pay);
      expect(pay).toEqual<TraceSummary>({
        traceId: t.pay,
        rootSpanName: 'POST /pay',
        rootServiceName: 'checkout',
        startTimeUnixNano: '1700000000000000000',
        durationNs: '2000000000',
        spanCount: 2,
        errorCount: 1,
        inputTokens: 100,
        outputTokens: 20,
        totalTokens: 120,
        totalCost: 0.25,
      });
    });

    it('applies each filter', async () => {
      const sorted = (...ids: string[]) => [...ids].sort();
      expect(await traceIds(workspace, { service: 'checkout' })).toEqual(sorted(t.pay, t.cart));
      expect(await traceIds(workspace, { spanName: 'GET /find' })).toEqual([t.find]);
      expect(await traceIds(workspace, { status: 'error' })).toEqual([t.pay]);
      expect(await traceIds(workspace, { status: 'ok' })).toEqual([t.cart]);
      expect(await traceIds(workspace, { status: 'unset' })).toEqual(sorted(t.pay, t.find, t.odd));
      expect(await traceIds(workspace, { minDurationMs: 500 })).toEqual([t.pay]);
      expect(await traceIds(workspace, { maxDurationMs: 60 })).toEqual(sorted(t.find, t.odd));
      expect(await traceIds(workspace, { minDurationMs: 100, maxDurationMs: 1000 })).toEqual(
        sorted(t.pay, t.cart),
      );
      expect(await traceIds(workspace, { attributes: [{ key: 'user.tier', value: 'gold' }] })).toEqual([
        t.pay,
      ]);
      expect(
        await traceIds(workspace, { attributes: [{ key: 'deployment.environment', value: 'prod' }] }),
      ).toEqual([t.find]);
      expect(await traceIds(workspace, { attributes: [{ key: 'empty', value: '' }] })).toEqual([t.odd]);
      expect(await traceIds(workspace, { model: 'gpt-4o' })).toEqual([t.pay]);
      expect(await traceIds(workspace, { model: 'claude-3-5-sonnet' })).toEqual([t.cart]);
      expect(await traceIds(workspace, { text: 'refund' })).toEqual([t.pay]);
      expect(await traceIds(workspace, { text: 'my "ORDER" #1' })).toEqual([t.pay]);
      expect(await traceIds(workspace, { text: 'cart HAS' })).toEqual([t.cart]);
      expect(await traceIds(workspace, { text: 'nowhere' })).toEqual([]);
      expect(await traceIds(workspace, { from: BASE_MS + 5_000, to: BASE_MS + 25_000 })).toEqual(
        sorted(t.find, t.cart),
      );
      expect(await traceIds(workspace, { from: BASE_MS - 3 * 86_400_000, to: BASE_MS - 86_400_000 })).toEqual(
        [t.old],
      );
    });

    it('combines filters: one span must match all of them', async () => {
      expect(await traceIds(workspace, { service: 'checkout', status: 'ok' })).toEqual([t.cart]);
      // The error span of t.pay is in llm-gateway, its checkout span is not an error.
      expect(await traceIds(workspace, { service: 'checkout', status: 'error' })).toEqual([]);
      expect(
        await traceIds(workspace, {
          service: 'llm-gateway',
          status: 'error',
          model: 'gpt-4o',
          text: 'refund',
          attributes: [{ key: 'user.tier', value: 'gold' }],
        }),
      ).toEqual([t.pay]);
      expect(
        await traceIds(workspace, {
          service: 'checkout',
          attributes: [{ key: 'user.tier', value: 'silver' }],
          minDurationMs: 100,
        }),
      ).toEqual([t.cart]);
    });

    it('binds hostile keys and values as plain data', async () => {
      expect(await traceIds(workspace, { attributes: [{ key: trickyKey, value: trickyValue }] })).toEqual([
        t.odd,
      ]);
      expect(await traceIds(workspace, { attributes: [{ key: trickyKey, value: "v'" }] })).toEqual([]);
      expect(await traceIds(workspace, { service: "o'hare\\svc" })).toEqual([t.odd]);
      expect(await traceIds(workspace, { service: "' OR 1=1 --" })).toEqual([]);
      expect(await traceIds(workspace, { text: "\\'); SELECT 1 --" })).toEqual([]);
      expect(await store.trace(workspace, "' OR TraceId != '")).toEqual([]);
      expect(await search(workspace)).toMatchObject({ traces: { length: 4 } });
    });
  });

  it('walks every trace exactly once through the cursor, ties broken by trace id', async () => {
    const workspace = newWorkspace();
    const rows: SpanRow[] = [];
    for (let i = 0; i < 25; i += 1) {
      const traceId = hexId(16);
      // Groups of three traces share a start time, so the cursor must order by (start, traceId).
      const root = makeRow({ WorkspaceId: workspace, TraceId: traceId, Timestamp: at(Math.floor(i / 3)) });
      rows.push(
        root,
        makeRow({
          WorkspaceId: workspace,
          TraceId: traceId,
          ParentSpanId: root.SpanId,
          Timestamp: at(Math.floor(i / 3), 5),
        }),
      );
    }
    await store.insert({ id: hexId(8), rows: rows.slice(0, 20) });
    await store.insert({ id: hexId(8), rows: rows.slice(20) });

    const seen: TraceSummary[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await search(workspace, { limit: 7, ...(cursor === undefined ? {} : { cursor }) });
      seen.push(...page.traces);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== undefined && pages < 10);

    expect(pages).toBe(4);
    const expected = [...new Set(rows.map((r) => r.TraceId))]
      .map((id) => ({ id, start: (rows.find((r) => r.TraceId === id) as SpanRow).Timestamp }))
      .sort((a, b) => (a.start === b.start ? (a.id < b.id ? 1 : -1) : a.start < b.start ? 1 : -1))
      .map((x) => x.id);
    expect(seen.map((s) => s.traceId)).toEqual(expected);
    expect(seen.every((s) => s.spanCount === 2)).toBe(true);
  });

  it('walks traces starting on the same nanosecond where the first round of candidates ends', async () => {
    const workspace = newWorkspace();
    const w = { WorkspaceId: workspace };
    // Four traces start at 0 s: f, y and x ids in that order of rank. The x traces also have the newest spans,
    // so the first 200 candidates (by latest span) hold both x, the fillers and f, but not y.
    const f = 'f'.repeat(32);
    const y = '8'.repeat(32);
    const x = ['2'.repeat(32), '1'.repeat(32)];
    const fillers = Array.from({ length: 197 }, (_, i) => makeRow({ ...w, Timestamp: at(197 - i) }));
    const rows = [
      ...fillers,
      makeRow({ ...w, TraceId: f, Timestamp: at(0) }),
      makeRow({ ...w, TraceId: y, Timestamp: at(0) }),
      ...x.flatMap((id, i) => [
        makeRow({ ...w, TraceId: id, Timestamp: at(0) }),
        makeRow({ ...w, TraceId: id, Timestamp: at(1000 + i) }),
      ]),
    ];
    await store.insert({ id: hexId(8), rows });

    // A first page of 9, then pages of 10: one page ends on a trace starting at 0 s after the fetched ones.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const limit = seen.length === 0 ? 9 : 10;
      const page = await search(workspace, { limit, ...(cursor === undefined ? {} : { cursor }) });
      seen.push(...page.traces.map((t) => t.traceId));
      cursor = page.nextCursor;
    } while (cursor !== undefined && seen.length < 1000);
    expect(seen).toEqual([...fillers.map((r) => r.TraceId), f, y, ...x]);
  });

  it('ranks a long-running trace by its start across pages of many traces', async () => {
    const workspace = newWorkspace();
    const rows = Array.from({ length: 300 }, (_, i) => makeRow({ WorkspaceId: workspace, Timestamp: at(i) }));
    const longRoot = makeRow({
      WorkspaceId: workspace,
      Timestamp: at(150, 500_000_000),
      ServiceName: 'batch',
    });
    // Its only late span is the newest match of all, yet the trace must rank by its start.
    rows.push(longRoot, makeRow({ WorkspaceId: workspace, TraceId: longRoot.TraceId, Timestamp: at(400) }));
    await store.insert({ id: hexId(8), rows });

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await search(workspace, { limit: 40, ...(cursor === undefined ? {} : { cursor }) });
      seen.push(...page.traces.map((t) => t.traceId));
      cursor = page.nextCursor;
    } while (cursor !== undefined && seen.length < 1000);

    const byStart = [...rows]
      .filter((r) => r.ParentSpanId === '' && r.Timestamp !== at(400))
      .sort((a, b) => (a.Timestamp < b.Timestamp ? 1 : -1))
      .map((r) => r.TraceId);
    expect(seen).toEqual(byStart);
    expect(seen.indexOf(longRoot.TraceId)).toBe(149);
  });

  searchFiltersContract(current);
  searchSortContract(current);
};
