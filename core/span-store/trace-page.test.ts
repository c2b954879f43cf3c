import { describe, expect, it } from 'vitest';
import { settlePage } from './trace-page';
import type { Candidate, TraceWindow } from './trace-page';

const c = (traceId: string, lastMatch: number): Candidate => ({ traceId, lastMatch: BigInt(lastMatch) });
const windows = (entries: [string, number, number][]) =>
  new Map<string, TraceWindow>(
    entries.map(([id, start, end]) => [id, { start: BigInt(start), end: BigInt(end) }]),
  );

describe('settlePage', () => {
  it('orders by trace start, not by latest match, and breaks ties by trace id', () => {
    const page = settlePage(
      [c('a', 100), c('b', 90), c('c', 80)],
      windows([
        ['a', 10, 100],
        ['b', 85, 90],
        ['c', 85, 80],
      ]),
      true,
      10,
    );
    expect(page?.map((t) => t.traceId)).toEqual(['c', 'b', 'a']);
  });

  it('asks for more candidates while an unfetched trace could still rank higher', () => {
    // 'a' is long: it started at 10, so traces not fetched yet (latest match <= 80) may start after it.
    const cands = [c('a', 100), c('b', 90), c('c', 80)];
    const w = windows([
      ['a', 10, 100],
      ['b', 88, 90],
      ['c', 79, 80],
    ]);
    expect(settlePage(cands, w, false, 2)).toBeUndefined();
    expect(settlePage(cands, w, false, 1)?.map((t) => t.traceId)).toEqual(['b']);
    expect(settlePage(cands, w, true, 2)?.map((t) => t.traceId)).toEqual(['b', 'c']);
  });

  it('leaves unsettled a trace starting on the same nanosecond as the last candidate', () => {
    // An unfetched trace may also start at 80 with a higher id than 'x' and so rank between 'z' and 'x'.
    const cands = [c('x', 100), c('z', 80)];
    const w = windows([
      ['x', 80, 100],
      ['z', 80, 80],
    ]);
    expect(settlePage(cands, w, false, 2)).toBeUndefined();
    const more = [...cands, c('y', 80)];
    expect(
      settlePage(
        more,
        windows([
          ['x', 80, 100],
          ['z', 80, 80],
          ['y', 80, 80],
        ]),
        true,
        2,
      )?.map((t) => t.traceId),
    ).toEqual(['z', 'y']);
  });

  it('skips what the cursor already returned', () => {
    const cands = [c('a', 100), c('b', 90), c('c', 80)];
    const w = windows([
      ['a', 95, 100],
      ['b', 90, 90],
      ['c', 90, 80],
    ]);
    const page = settlePage(cands, w, true, 5, { startTimeUnixNano: '90', traceId: 'c' });
    expect(page?.map((t) => t.traceId)).toEqual(['b']);
  });

  it('ranks a candidate missing from the lookup by its latest match', () => {
    expect(settlePage([c('x', 50)], new Map(), true, 5)).toEqual([{ traceId: 'x', start: 50n, end: 50n }]);
  });
});
