import { z } from 'zod';
import { encodeSearchCursor } from '../../schemas/search-cursor';
import { TraceSummaryRow } from '../../schemas/span-query';
import type { TraceSearchQuery, TraceSearchResult, TraceSummary } from '../../schemas/span-query';
import { UInt64Text } from '../../schemas/stored-span';
import type { ClickHouseExecutor } from '../clickhouse/executor';
import { checkRegexes } from './regex-check';
import { rankedTracesSql } from './sorted-search-sql';
import {
  candidateTracesSql,
  traceSummariesInLookupWindowSql,
  traceSummariesSql,
  traceWindowsSql,
} from './span-sql';
import { settlePage } from './trace-page';
import type { RankedTrace, TraceWindow } from './trace-page';

const CandidateRow = z.object({ TraceId: z.string(), LastMatch: UInt64Text });
const WindowRow = z.object({ TraceId: z.string(), TraceStart: UInt64Text, TraceEnd: UInt64Text });
const RankRow = z.object({ TraceId: z.string(), SortKey: z.string() });
/** First round of candidates per page row; each further round asks for four times as many. */
const CANDIDATES_PER_ROW = 4;

/** Newest first by trace start: candidates by latest match, widened until the page is settled. */
const newestTraces = async (
  executor: ClickHouseExecutor,
  workspaceId: string,
  query: TraceSearchQuery,
): Promise<TraceSearchResult> => {
  const take = query.limit + 1;
  const candidatesQuery = candidateTracesSql(workspaceId, query);
  const cursor =
    query.cursor === undefined
      ? undefined
      : { startTimeUnixNano: query.cursor.key, traceId: query.cursor.traceId };
  let wanted = Math.max(200, CANDIDATES_PER_ROW * take);
  let page: RankedTrace[] | undefined;
  while (page === undefined) {
    const candidates = (
      await executor.query(candidatesQuery.sql, { ...candidatesQuery.params, candidates: wanted })
    )
      .map((row) => CandidateRow.parse(row))
      .map((c) => ({ traceId: c.TraceId, lastMatch: BigInt(c.LastMatch) }));
    const windows = new Map<string, TraceWindow>();
    if (candidates.length > 0) {
      const rows = await executor.query(traceWindowsSql, {
        workspaceId,
        traceIds: candidates.map((c) => c.traceId),
      });
      for (const row of rows) {
        const w = WindowRow.parse(row);
        windows.set(w.TraceId, { start: BigInt(w.TraceStart), end: BigInt(w.TraceEnd) });
      }
    }
    page = settlePage(candidates, windows, candidates.length < wanted, take, cursor);
    wanted *= 4;
  }

  const traces = page.slice(0, query.limit);
  const last = traces[traces.length - 1];
  if (last === undefined) return { traces: [] };
  let windowStart = last.start;
  let windowEnd = last.end;
  for (const t of traces) {
    if (t.start < windowStart) windowStart = t.start;
    if (t.end > windowEnd) windowEnd = t.end;
  }
  const summaries = (
    await executor.query(traceSummariesSql, {
      workspaceId,
      traceIds: traces.map((t) => t.traceId),
      windowStart: windowStart.toString(),
      windowEnd: windowEnd.toString(),
    })
  ).map((row) => TraceSummaryRow.parse(row));

  const result: TraceSearchResult = { traces: summaries };
  if (page.length > query.limit)
    result.nextCursor = encodeSearchCursor({
      target: 'traces',
      sort: 'startTime',
      order: 'desc',
      key: last.start.toString(),
      traceId: last.traceId,
      spanId: '',
    });
  return result;
};

/** Any other order: the engine ranks every matching trace by its total, one page past the cursor. */
const rankedTraces = async (
  executor: ClickHouseExecutor,
  workspaceId: string,
  query: TraceSearchQuery,
): Promise<TraceSearchResult> => {
  const statement = rankedTracesSql(workspaceId, query);
  const ranked = (await executor.query(statement.sql, { ...statement.params, take: query.limit + 1 })).map(
    (row) => RankRow.parse(row),
  );
  const page = ranked.slice(0, query.limit);
  const last = page[page.length - 1];
  if (last === undefined) return { traces: [] };
  const byId = new Map<string, TraceSummary>();
  const rows = await executor.query(traceSummariesInLookupWindowSql, {
    workspaceId,
    traceIds: page.map((r) => r.TraceId),
  });
  for (const row of rows) {
    const summary = TraceSummaryRow.parse(row);
    byId.set(summary.traceId, summary);
  }
  const result: TraceSearchResult = {
    traces: page.flatMap((r) => {
      const summary = byId.get(r.TraceId);
      return summary === undefined ? [] : [summary];
    }),
  };
  if (ranked.length > query.limit)
    result.nextCursor = encodeSearchCursor({
      target: 'traces',
      sort: query.sort,
      order: query.order,
      key: last.SortKey,
      traceId: last.TraceId,
      spanId: '',
    });
  return result;
};

/** Traces with a span matching every filter, in the query's order, one page at a time. */
export const searchTraces = async (
  executor: ClickHouseExecutor,
  workspaceId: string,
  query: TraceSearchQuery,
): Promise<TraceSearchResult> => {
  await checkRegexes(executor, query.filters);
  return query.sort === 'startTime' && query.order === 'desc'
    ? newestTraces(executor, workspaceId, query)
    : rankedTraces(executor, workspaceId, query);
};
