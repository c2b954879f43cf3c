import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpanSearchQuery, TraceSearchQuery } from '../../schemas/span-query';
import type { TraceSearchQueryInput } from '../../schemas/span-query';
import type { SpanRow } from '../../schemas/span-row';
import { at, hexId, makeRow, newWorkspace, searchWindow } from './make-row';
import { searchContract } from './search-contract';
import type { SpanStore } from './types';

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
      store.searchTraces(workspaceId, TraceSearchQuery.parse({ ...searchWindow, ...input }));

    it('reads back every column exactly', async () => {
      const workspace = newWorkspace();
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
        TimeToFirstTokenNs: 350_000_000,
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
          timeToFirstTokenNs: 350_000_000,
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
      const workspace = newWorkspace();
      const other = newWorkspace();
      const traceId = hexId(16);
      const rows = [3, 1, 2].map((s) =>
        makeRow({ WorkspaceId: workspace, TraceId: traceId, Timestamp: at(s), TotalCost: 1 }),
      );
      // The other workspace holds the same trace id over the same seconds: no read may mix the two.
      const otherRows = [-5, 2, 3, 9].map((s) =>
        makeRow({
          WorkspaceId: other,
          TraceId: traceId,
          Timestamp: at(s),
          TotalCost: 10,
          ServiceName: 'other',
        }),
      );
      // Ranks after the shared trace by start (unless its window were read across workspaces, from -5 s) and
      // before it by cost (unless the other workspace's cost were added to it).
      const earlier = makeRow({ WorkspaceId: workspace, Timestamp: at(0), TotalCost: 5 });
      await store.insert({ id: hexId(8), rows: [...rows, earlier] });
      await store.insert({ id: hexId(8), rows: otherRows });
      const spans = await store.trace(workspace, traceId);
      expect(spans.map((s) => s.startTimeUnixNano)).toEqual(
        ['1700000001', '1700000002', '1700000003'].map((s) => `${s}000000000`),
      );
      expect(spans.map((s) => s.spanId).sort()).toEqual(rows.map((r) => r.SpanId).sort());
      expect((await store.trace(other, traceId)).map((s) => s.spanId).sort()).toEqual(
        otherRows.map((r) => r.SpanId).sort(),
      );
      expect(await store.trace(workspace, hexId(16))).toEqual([]);
      expect(await store.trace(newWorkspace(), traceId)).toEqual([]);

      const own = { traceId, spanCount: 3, totalCost: 3, rootServiceName: 'api', durationNs: '2001000000' };
      const later = { traceId: earlier.TraceId, spanCount: 1, totalCost: 5 };
      expect((await search(workspace)).traces).toEqual([
        expect.objectContaining(own),
        expect.objectContaining(later),
      ]);
      expect((await search(workspace, { limit: 1 })).traces).toEqual([expect.objectContaining(own)]);
      expect((await search(workspace, { sort: 'cost', order: 'desc' })).traces).toEqual([
        expect.objectContaining(later),
        expect.objectContaining(own),
      ]);
      expect((await search(workspace, { service: 'other' })).traces).toEqual([]);
      const ownSpans = await store.searchSpans(workspace, SpanSearchQuery.parse(searchWindow));
      expect(ownSpans.spans.map((s) => s.spanId).sort()).toEqual(
        [...rows, earlier].map((r) => r.SpanId).sort(),
      );
    });

    it('stores a batch inserted twice once', async () => {
      const workspace = newWorkspace();
      const traceId = hexId(16);
      const rows = [0, 1, 2].map((s) =>
        makeRow({
          WorkspaceId: workspace,
          TraceId: traceId,
          Timestamp: at(s),
          InputTokens: 10,
          SpanType: 'llm',
        }),
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

    it('counts the tokens of model calls only, not of the wrappers that repeat them', async () => {
      const workspace = newWorkspace();
      const traceId = hexId(16);
      const row = (s: number, SpanType: string) =>
        makeRow({ WorkspaceId: workspace, TraceId: traceId, Timestamp: at(s), InputTokens: 40, SpanType });
      await store.insert({
        id: `batch-${hexId(8)}`,
        rows: [row(0, 'agent'), row(1, 'chain'), row(2, 'llm')],
      });
      const [summary] = (await search(workspace)).traces;
      expect(summary).toMatchObject({ traceId, spanCount: 3, inputTokens: 40 });
    });

    it('returns each span once when the same rows arrive under another batch id', async () => {
      const workspace = newWorkspace();
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

    searchContract(() => store);

    it('serves reads while an insert runs', async () => {
      const workspace = newWorkspace();
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
      const workspace = newWorkspace();
      const row = makeRow({ WorkspaceId: workspace });
      await store.insert({ id: hexId(8), rows: [row] });
      await store.close();
      store = await open();
      expect((await store.trace(workspace, row.TraceId)).map((s) => s.spanId)).toEqual([row.SpanId]);
    });
  });
};
