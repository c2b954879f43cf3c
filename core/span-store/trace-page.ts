/** Position after the last trace of a page: traces sort by (start, traceId) descending. */
export interface TraceCursor {
  startTimeUnixNano: string;
  traceId: string;
}

/** A trace with a matching span, and the start time of its latest matching span (ns). */
export interface Candidate {
  traceId: string;
  lastMatch: bigint;
}

/** A trace's whole time window from the lookup: first and last span start (ns). */
export interface TraceWindow {
  start: bigint;
  end: bigint;
}

export interface RankedTrace extends TraceWindow {
  traceId: string;
}

const after = (a: RankedTrace, b: RankedTrace): number =>
  a.start === b.start
    ? a.traceId < b.traceId
      ? 1
      : a.traceId > b.traceId
        ? -1
        : 0
    : a.start < b.start
      ? 1
      : -1;

/**
 * Ranks candidates by (trace start, trace id) descending, after the cursor, and returns up to `take` of them —
 * or undefined when traces not fetched yet could still rank among them. Candidates come ordered by latest
 * matching span; an unfetched trace starts no later than the last candidate's latest match, so every trace
 * starting strictly after that is settled.
 */
export const settlePage = (
  candidates: readonly Candidate[],
  windows: ReadonlyMap<string, TraceWindow>,
  exhausted: boolean,
  take: number,
  cursor?: TraceCursor,
): RankedTrace[] | undefined => {
  const cursorStart = cursor === undefined ? undefined : BigInt(cursor.startTimeUnixNano);
  const ranked: RankedTrace[] = [];
  for (const c of candidates) {
    // A candidate missing from the lookup (its view insert failed) still ranks, by its latest match.
    const w = windows.get(c.traceId) ?? { start: c.lastMatch, end: c.lastMatch };
    const passed =
      cursor === undefined ||
      cursorStart === undefined ||
      w.start < cursorStart ||
      (w.start === cursorStart && c.traceId < cursor.traceId);
    if (passed) ranked.push({ traceId: c.traceId, ...w });
  }
  ranked.sort(after);
  const floor = candidates[candidates.length - 1]?.lastMatch;
  const settled = exhausted || floor === undefined ? ranked : ranked.filter((r) => r.start > floor);
  if (settled.length >= take || exhausted) return settled.slice(0, take);
  return undefined;
};
