import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TraceSearchQuery } from '../../schemas/span-query';
import type { TraceSearchQueryInput, TraceSummary } from '../../schemas/span-query';
import type { SpanRow } from '../../schemas/span-row';
import { hexId, makeRow } from './make-row';
import type { SpanStore } from './types';

const BASE_S = 1_700_000_000;
const BASE_MS = BASE_S * 1000;
const HOUR_MS = 3_600_000;
/** 'seconds.nanoseconds' at BASE + offset. */
const at = (offsetS: number, nanos = 0): string => `${BASE_S + offsetS}.${String(nanos).padStart(9, '0')}`;
const ws = (): string => `ws-${hexId(4)}`;
const window = { from: BASE_MS - HOUR_MS, to: BASE_MS + HOUR_MS };

/** One contract, run against every SpanStore implementation; `open` reopens the same storage each time. */
export const spanStoreContract = (name: string, open: () => Promise<SpanStore>): void => {
  describe(`SpanStore on ${name}`, () => {
    let store: SpanStore;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store.close();
    });

    const search = (workspaceId: string, input: Partial<TraceSearchQueryInput> = {}) =>
      store.searchTraces(workspaceId, TraceSearchQuery.parse({ ...window, ...input }));
    const traceIds = async (workspaceId: string, input: Partial<TraceSearchQueryInput>): Promise<string[]> =>
      (await search(workspaceId, input)).traces.map((t) => t.traceId).sort();

    it('reads back every column exactly', async () => {
      const workspace = ws();
      const row = makeRow({
        WorkspaceId: workspace,
        Timestamp: '1700000123.987654321',
        ParentSpanId: hexId(8),
        TraceState: 'vendor=a,other=b',
        SpanName: 'chat gpt-4o',
        SpanKind: 'Client',
        ServiceName: 'agent',
        ResourceAttributes: { 'service.name': 'agent', 'host.cpus': '8', 'deploy.canary': 'false' },
        ResourceAttributeTypes: { 'host.cpus': 'int', 'deploy.canary': 'bool' },
        ScopeName: 'openinference',
        ScopeVersion: '2.1.0',
        SpanAttributes: {
          text: 'plain',
          count: '42',
          huge: '18446744073709551615',
          negative: '-7',
          ratio: '0.25',
          ok: 'true',
          list: '[1,"two",false]',
          map: '{"a":{"b":[1]}}',
          blob: 'AAEC',
        },
        SpanAttributeTypes: {
          count: 'int',
          huge: 'int',
          negative: 'int',
          ratio: 'double',
          ok: 'bool',
          list: 'array',
          map: 'kvlist',
          blob: 'bytes',
        },
        Duration: 1_234_567_891,
        StatusCode: 'Error',
        StatusMessage: 'it\'s "broken"\n',
        'Events.Timestamp': ['1700000123.987654322', '0.000000001'],
        'Events.Name': ['gen_ai.evaluation.result', 'exception'],
        'Events.Attributes': [{ 'gen_ai.evaluation.score.value': '0.9' }, {}],
        'Events.AttributeTypes': [{ 'gen_ai.evaluation.score.value': 'double' }, {}],
        'Links.TraceId': [hexId(16)],
        'Links.SpanId': [hexId(8)],
        'Links.TraceState': ['k=v'],
        'Links.Attributes': [{ 'link.n': '3' }],
        'Links.AttributeTypes': [{ 'link.n': 'int' }],
        SpanType: 'llm',
        LlmProvider: 'openai',
        LlmRequestModel: 'gpt-4o',
        LlmResponseModel: 'gpt-4o-2024-08-06',
        LlmInput: JSON.stringify([
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Wetter in Zürich? 🌦' },
        ]),
        LlmOutput: JSON.stringify([
          {
            role: 'assistant',
            content: '',
            toolCalls: [{ id: 'c1', name: 'weather', arguments: '{"city":"Zürich"}' }],
          },
        ]),
        InputTokens: 120,
        OutputTokens: 30,
        TotalTokens: 150,
        CacheReadTokens: 100,
        CacheWriteTokens: 5,
        ReasoningTokens: 12,
        InputCost: 0.0003,
        OutputCost: 0.0009,
        TotalCost: 0.0012,
        SessionId: 'session-1',
        UserId: 'user-1',
        PromptKey: 'weather-agent',
        PromptVersion: '7',
      });
      await store.insert({ id: hexId(8), rows: [row] });

      const [span, ...rest] = await store.trace(workspace, row.TraceId);
      expect(rest).toEqual([]);
      expect(span).toEqual({
        traceId: row.TraceId,
        spanId: row.SpanId,
        parentSpanId: row.ParentSpanId,
        traceState: 'vendor=a,other=b',
        name: 'chat gpt-4o',
        kind: 'Client',
        serviceName: 'agent',
        startTimeUnixNano: '1700000123987654321',
        endTimeUnixNano: '1700000125222222212',
        durationNs: '1234567891',
        statusCode: 'Error',
        statusMessage: 'it\'s "broken"\n',
        attributes: {
          text: 'plain',
          count: 42,
          huge: '18446744073709551615',
          negative: -7,
          ratio: 0.25,
          ok: true,
          list: [1, 'two', false],
          map: { a: { b: [1] } },
          blob: 'AAEC',
        },
        resourceAttributes: { 'service.name': 'agent', 'host.cpus': 8, 'deploy.canary': false },
        scopeName: 'openinference',
        scopeVersion: '2.1.0',
        events: [
          {
            timeUnixNano: '1700000123987654322',
            name: 'gen_ai.evaluation.result',
            attributes: { 'gen_ai.evaluation.score.value': 0.9 },
          },
          { timeUnixNano: '1', name: 'exception', attributes: {} },
        ],
        links: [
          {
            traceId: row['Links.TraceId'][0],
            spanId: row['Links.SpanId'][0],
            traceState: 'k=v',
            attributes: { 'link.n': 3 },
          },
        ],
        llm: {
          spanType: 'llm',
          provider: 'openai',
          requestModel: 'gpt-4o',
          responseModel: 'gpt-4o-2024-08-06',
          input: [
            { role: 'system', content: 'Be brief.' },
            { role: 'user', content: 'Wetter in Zürich? 🌦' },
          ],
          output: [
            {
              role: 'assistant',
              content: '',
              toolCalls: [{ id: 'c1', name: 'weather', arguments: '{"city":"Zürich"}' }],
            },
          ],
          inputTokens: 120,
          outputTokens: 30,
          totalTokens: 150,
          cacheReadTokens: 100,
          cacheWriteTokens: 5,
          reasoningTokens: 12,
          inputCost: 0.0003,
          outputCost: 0.0009,
          totalCost: 0.0012,
          sessionId: 'session-1',
          userId: 'user-1',
          promptKey: 'weather-agent',
          promptVersion: '7',
        },
      });
    });

    it('returns the spans of a trace ordered by start, and nothing for unknown traces or other workspaces', async () => {
      const workspace = ws();
      const traceId = hexId(16);
      const rows = [3, 1, 2].map((s) =>
        makeRow({ WorkspaceId: workspace, TraceId: traceId, Timestamp: at(s) }),
      );
      await store.insert({ id: hexId(8), rows });
      const spans = await store.trace(workspace, traceId);
      expect(spans.map((s) => s.startTimeUnixNano)).toEqual(
        ['1700000001', '1700000002', '1700000003'].map((s) => `${s}000000000`),
      );
      expect(await store.trace(workspace, hexId(16))).toEqual([]);
      expect(await store.trace(ws(), traceId)).toEqual([]);
    });

    it('stores a batch inserted twice once', async () => {
      const workspace = ws();
      const traceId = hexId(16);
      const rows = [0, 1, 2].map((s) =>
        makeRow({ WorkspaceId: workspace, TraceId: traceId, Timestamp: at(s), InputTokens: 10 }),
      );
      const batch = { id: `batch-${hexId(8)}`, rows };
      await store.insert(batch);
      await store.insert(batch);
      expect((await store.trace(workspace, traceId)).map((s) => s.spanId).sort()).toEqual(
        rows.map((r) => r.SpanId).sort(),
      );
      const [summary] = (await search(workspace)).traces;
      expect(summary).toMatchObject({ traceId, spanCount: 3, inputTokens: 30 });
    });

    it('returns each span once when the same rows arrive under another batch id', async () => {
      const workspace = ws();
      const traceId = hexId(16);
      const rows = [0, 1].map((s) =>
        makeRow({ WorkspaceId: workspace, TraceId: traceId, Timestamp: at(s), TotalCost: 0.5 }),
      );
      await store.insert({ id: hexId(8), rows });
      await store.insert({ id: hexId(8), rows });
      await store.insert({ id: hexId(8), rows: [rows[1] as SpanRow] });
      expect(await store.trace(workspace, traceId)).toHaveLength(2);
      const [summary] = (await search(workspace)).traces;
      expect(summary).toMatchObject({ traceId, spanCount: 2, totalCost: 1 });
    });

    it('ignores an empty batch', async () => {
      await expect(store.insert({ id: hexId(8), rows: [] })).resolves.toBeUndefined();
    });

    describe('search', () => {
      const workspace = ws();
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
        expect(
          await traceIds(workspace, { from: BASE_MS - 3 * 86_400_000, to: BASE_MS - 86_400_000 }),
        ).toEqual([t.old]);
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
      const workspace = ws();
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

    it('ranks a long-running trace by its start across pages of many traces', async () => {
      const workspace = ws();
      const rows = Array.from({ length: 300 }, (_, i) =>
        makeRow({ WorkspaceId: workspace, Timestamp: at(i) }),
      );
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

    it('serves reads while an insert runs', async () => {
      const workspace = ws();
      const known = makeRow({ WorkspaceId: workspace, Timestamp: at(0) });
      await store.insert({ id: hexId(8), rows: [known] });
      const bulk = Array.from({ length: 20_000 }, (_, i) =>
        makeRow({
          WorkspaceId: workspace,
          Timestamp: at(i % 3000),
          LlmInput: JSON.stringify([{ role: 'user', content: 'x'.repeat(1000) }]),
        }),
      );
      const insert = store.insert({ id: hexId(8), rows: bulk });
      const reads = await Promise.all(Array.from({ length: 6 }, () => store.trace(workspace, known.TraceId)));
      await insert;
      expect(reads.every((r) => r.length === 1 && r[0]?.spanId === known.SpanId)).toBe(true);
      expect((await store.trace(workspace, bulk[7]?.TraceId ?? '')).length).toBe(1);
    });

    it('keeps the data after close and reopen', async () => {
      const workspace = ws();
      const row = makeRow({ WorkspaceId: workspace });
      await store.insert({ id: hexId(8), rows: [row] });
      await store.close();
      store = await open();
      expect((await store.trace(workspace, row.TraceId)).map((s) => s.spanId)).toEqual([row.SpanId]);
    });
  });
};
