import { describe, expect, it } from 'vitest';
import { decodeSearchCursor, encodeSearchCursor } from './search-cursor';
import type { SearchCursor } from './search-cursor';
import { SpanSearchQuery, TraceSearchQuery } from './span-query';

const from = Date.UTC(2025, 0, 1);
const to = from + 3_600_000;
const issues = (
  input: unknown,
  schema: typeof TraceSearchQuery | typeof SpanSearchQuery = TraceSearchQuery,
) => {
  const r = schema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};
const traceCursor = (over: Partial<SearchCursor> = {}): string =>
  encodeSearchCursor({
    target: 'traces',
    sort: 'startTime',
    order: 'desc',
    key: '1735689600123456789',
    traceId: 'ab'.repeat(16),
    spanId: '',
    ...over,
  });

describe('TraceSearchQuery', () => {
  it('normalizes ISO instants to epoch milliseconds and applies the defaults', () => {
    const q = TraceSearchQuery.parse({ from: '2025-01-01T00:00:00Z', to: '2025-01-01T02:00:00+01:00' });
    expect(q).toEqual({
      from,
      to,
      limit: 50,
      sort: 'startTime',
      order: 'desc',
      filters: [],
      rootOnly: false,
    });
  });

  it('refuses empty, reversed, over-long and far-future ranges', () => {
    expect(TraceSearchQuery.safeParse({ from, to: from }).success).toBe(false);
    expect(TraceSearchQuery.safeParse({ from: to, to: from }).success).toBe(false);
    expect(TraceSearchQuery.safeParse({ from, to: from + 32 * 86_400_000 }).success).toBe(false);
    expect(TraceSearchQuery.safeParse({ from, to: from + 31 * 86_400_000 }).success).toBe(true);
    expect(TraceSearchQuery.safeParse({ to }).success).toBe(false);
    expect(issues({ from: 9e15, to: 9e15 + 1 })[0]).toMatch(/2200/);
  });

  it('bounds the limit and every min/max pair', () => {
    expect(TraceSearchQuery.safeParse({ from, to, limit: 0 }).success).toBe(false);
    expect(TraceSearchQuery.safeParse({ from, to, limit: 1001 }).success).toBe(false);
    expect(issues({ from, to, minDurationMs: 10, maxDurationMs: 5 })).toEqual([
      'maxDurationMs: maxDurationMs is below minDurationMs',
    ]);
    expect(issues({ from, to, minTokens: 10, maxTokens: 5 })).toEqual([
      'maxTokens: maxTokens is below minTokens',
    ]);
    expect(issues({ from, to, minCost: 0.5, maxCost: 0.1 })).toEqual(['maxCost: maxCost is below minCost']);
    expect(TraceSearchQuery.safeParse({ from, to, status: 'failed' }).success).toBe(false);
    expect(TraceSearchQuery.safeParse({ from, to, kind: 'Server' }).success).toBe(false);
    expect(TraceSearchQuery.safeParse({ from, to, minTokens: 1.5 }).success).toBe(false);
  });

  it('names unknown fields instead of ignoring them', () => {
    expect(issues({ from, to, serivce: 'x' })).toEqual([': Unrecognized key: "serivce"']);
    expect(issues({ from, to, include: ['attributes'] })).toEqual([': Unrecognized key: "include"']);
  });

  it('turns legacy attribute equalities into filters on either map, before the given filters', () => {
    const q = TraceSearchQuery.parse({
      from,
      to,
      attributes: [{ key: 'a', value: '1' }],
      filters: ['span.b>=2', { key: 'c', op: 'exists' }],
    });
    expect(q.filters).toEqual([
      { scope: 'any', key: 'a', op: '=', value: '1' },
      { scope: 'span', key: 'b', op: '>=', value: '2' },
      { scope: 'any', key: 'c', op: 'exists', value: '' },
    ]);
  });

  it('decodes its own cursors, and cursors of the earlier [unixNano, traceId] form', () => {
    expect(TraceSearchQuery.parse({ from, to, cursor: traceCursor() }).cursor).toEqual({
      target: 'traces',
      sort: 'startTime',
      order: 'desc',
      key: '1735689600123456789',
      traceId: 'ab'.repeat(16),
      spanId: '',
    });
    const legacy = Buffer.from(JSON.stringify(['1735689600123456789', 'cd'.repeat(16)])).toString(
      'base64url',
    );
    expect(TraceSearchQuery.parse({ from, to, cursor: legacy }).cursor).toMatchObject({
      sort: 'startTime',
      order: 'desc',
      traceId: 'cd'.repeat(16),
    });
    for (const bad of [
      'x',
      Buffer.from('[1,2]').toString('base64url'),
      Buffer.from('["-1","a"]').toString('base64url'),
      Buffer.from('["9223372036854775808","a"]').toString('base64url'),
      Buffer.from('["1","a","traces:color:desc"]').toString('base64url'),
    ])
      expect(issues({ from, to, cursor: bad })).toEqual(['cursor: invalid cursor']);
  });

  it('refuses a cursor of another sort, order or target', () => {
    const costCursor = traceCursor({ sort: 'cost', key: '0.25' });
    expect(TraceSearchQuery.safeParse({ from, to, sort: 'cost', cursor: costCursor }).success).toBe(true);
    expect(issues({ from, to, cursor: costCursor })[0]).toMatch(
      /^cursor: the cursor continues traces sorted by cost desc, not traces sorted by startTime desc/,
    );
    expect(issues({ from, to, sort: 'cost', order: 'asc', cursor: costCursor })[0]).toMatch(/^cursor: /);
    const spanCursor = encodeSearchCursor({
      target: 'spans',
      sort: 'startTime',
      order: 'desc',
      key: '1',
      traceId: 'ab'.repeat(16),
      spanId: 'cd'.repeat(8),
    });
    expect(issues({ from, to, cursor: spanCursor })[0]).toMatch(/continues spans/);
    expect(SpanSearchQuery.parse({ from, to, cursor: spanCursor }).cursor?.spanId).toBe('cd'.repeat(8));
    expect(issues({ from, to, cursor: traceCursor() }, SpanSearchQuery)[0]).toMatch(/continues traces/);
  });

  it('round-trips every sort key form and refuses keys of the wrong form', () => {
    for (const [sort, key] of [
      ['startTime', '0'],
      ['duration', '9223372036854775807'],
      ['tokens', '18446744073709551615'],
      ['cost', '12345.000000000001'],
      ['cost', '0'],
    ] as const) {
      const c: SearchCursor = { target: 'traces', sort, order: 'asc', key, traceId: 't', spanId: '' };
      expect(decodeSearchCursor(encodeSearchCursor(c))).toEqual(c);
    }
    for (const [sort, key] of [
      ['duration', '9223372036854775808'],
      ['tokens', '-1'],
      ['cost', '1e5'],
      ['startTime', '1.5'],
    ] as const)
      expect(
        decodeSearchCursor(
          encodeSearchCursor({ target: 'traces', sort, order: 'asc', key, traceId: 't', spanId: '' }),
        ),
      ).toBeUndefined();
  });
});

describe('SpanSearchQuery', () => {
  it('takes the same filters plus include, de-duplicated', () => {
    const q = SpanSearchQuery.parse({
      from,
      to,
      rootOnly: true,
      include: ['messages', 'messages'],
      sort: 'cost',
    });
    expect(q).toMatchObject({ rootOnly: true, include: ['messages'], sort: 'cost', order: 'desc' });
    expect(SpanSearchQuery.safeParse({ from, to, include: ['events'] }).success).toBe(false);
  });
});
