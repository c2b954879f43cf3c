import { describe, expect, it } from 'vitest';
import { encodeSearchCursor } from '../../schemas/search-cursor';
import { SpanSearchQuery, TraceSearchQuery } from '../../schemas/span-query';
import { spanFilterSql } from './search-filter-sql';
import { rankedTracesSql, spanSearchSql } from './sorted-search-sql';

const HOSTILE = [
  `'`,
  `\\`,
  `{`,
  `}`,
  `--`,
  `;`,
  `{workspaceId:String}`,
  `') OR 1=1 --`,
  `\\'; DROP TABLE spans; --`,
];
const window = { from: 1_700_000_000_000, to: 1_700_000_360_000 };

/** A query of every string-bearing filter, each holding `s` (kept valid where a field has a format). */
const everything = (s: string) => ({
  ...window,
  service: `svc${s}`,
  spanName: `name${s}`,
  kind: 'client' as const,
  status: 'error' as const,
  attributes: [{ key: `legacy${s}`, value: `v${s}` }],
  filters: [
    { scope: 'span' as const, key: `k${s}`, op: '=' as const, value: `v${s}` },
    { scope: 'resource' as const, key: `k${s}`, op: '!=' as const, value: `v${s}` },
    { key: `k${s}`, op: '>=' as const, value: `v${s}` },
    { key: `k${s}`, op: '<' as const, value: 5 },
    { key: `k${s}`, op: '=~' as const, value: `^${s}` },
    { key: `k${s}`, op: 'exists' as const },
    { scope: 'span' as const, key: `k${s}`, op: '!exists' as const },
  ],
  model: `m${s}`,
  provider: `p${s}`,
  spanType: 'llm' as const,
  minTokens: 1,
  maxTokens: 2,
  minCost: 0.5,
  maxCost: 1,
  promptKey: `pk${s}`,
  promptVersion: `pv${s}`,
  sessionId: `s${s}`,
  userId: `u${s}`,
  text: `t${s}`,
  rootOnly: true,
});

describe('search SQL', () => {
  it.each(HOSTILE)('is the same text whatever the strings hold: %s', (s) => {
    const plain = spanFilterSql('ws', TraceSearchQuery.parse(everything('x')));
    const hostile = spanFilterSql(`ws${s}`, TraceSearchQuery.parse(everything(s)));
    expect(hostile.sql).toBe(plain.sql);
    expect(Object.values(hostile.params)).toContain(`k${s}`);
    expect(Object.values(hostile.params)).toContain(`^${s}`);
    expect(hostile.sql).not.toContain(`k${s}`);
    for (const sort of ['startTime', 'duration', 'cost', 'tokens'] as const) {
      const cursor = (spanId: string) =>
        encodeSearchCursor({
          target: spanId === '' ? 'traces' : 'spans',
          sort,
          order: 'asc',
          key: '1',
          traceId: `t${s}`,
          spanId,
        });
      const traces = (text: string) =>
        rankedTracesSql(
          'ws',
          TraceSearchQuery.parse({ ...everything(text), sort, order: 'asc', cursor: cursor('') }),
        );
      expect(traces(s).sql).toBe(traces('x').sql);
      const spans = (text: string) =>
        spanSearchSql(
          'ws',
          SpanSearchQuery.parse({
            ...everything(text),
            sort,
            order: 'asc',
            include: ['messages'],
            cursor: cursor(`s${s}`),
          }),
        );
      expect(spans(s).sql).toBe(spans('x').sql);
      expect(spans(s).params).toMatchObject({ cursorTraceId: `t${s}`, cursorSpanId: `s${s}` });
    }
  });

  it('filters promoted LLM fields on their columns, never on the attribute maps', () => {
    const { sql } = spanFilterSql(
      'ws',
      TraceSearchQuery.parse({
        ...window,
        provider: 'openai',
        spanType: 'llm',
        promptKey: 'k',
        promptVersion: '1',
        sessionId: 's',
        userId: 'u',
        minTokens: 1,
        minCost: 0.1,
        kind: 'server',
      }),
    );
    expect(sql).not.toMatch(/Attributes/);
    for (const column of [
      'LlmProvider',
      'SpanType',
      'PromptKey',
      'PromptVersion',
      'SessionId',
      'UserId',
      'TotalTokens',
      'TotalCost',
      'SpanKind',
    ])
      expect(sql).toContain(`${column} `);
    // The range comes first: the workspace and the time prune by the partition and sort keys.
    expect(sql.split('\n')[0]).toBe('WorkspaceId = {workspaceId:String}');
  });

  it('adds the sort-key column for a resource service.name equality', () => {
    const { sql } = spanFilterSql(
      'ws',
      TraceSearchQuery.parse({ ...window, filters: ['resource.service.name=api'] }),
    );
    expect(sql).toMatch(/ServiceName = \{f1:String\} AND/);
  });

  it('bounds a span page by start time as a plain condition, so the cursor prunes parts', () => {
    const cursor = encodeSearchCursor({
      target: 'spans',
      sort: 'startTime',
      order: 'desc',
      key: '1700000001000000000',
      traceId: 't',
      spanId: 's',
    });
    const { sql } = spanSearchSql('ws', SpanSearchQuery.parse({ ...window, cursor }));
    expect(sql).toContain('Timestamp <= fromUnixTimestamp64Nano({cursorKey:Int64})');
    expect(sql).not.toMatch(/LlmInput|SpanAttributes/);
  });
});
