import { z } from 'zod';
import type { ClickHouseExecutor } from '../clickhouse/executor';
import { migrate } from '../clickhouse/migrate';
import { spanMigrations, spanTables } from '../../schemas/clickhouse/span-migrations';
import { encodeTraceCursor, TraceSummaryRow } from '../../schemas/span-query';
import type { TraceSearchQuery, TraceSearchResult } from '../../schemas/span-query';
import { StoredSpanRow, UInt64Text } from '../../schemas/stored-span';
import type { StoredSpan } from '../../schemas/stored-span';
import { candidateTracesSql, traceSql, traceSummariesSql, traceWindowsSql } from './span-sql';
import { settlePage } from './trace-page';
import type { RankedTrace, TraceWindow } from './trace-page';
import type { SpanBatch, SpanStore } from './types';

const CandidateRow = z.object({ TraceId: z.string(), LastMatch: UInt64Text });
const WindowRow = z.object({ TraceId: z.string(), TraceStart: UInt64Text, TraceEnd: UInt64Text });
/** First round of candidates per page row; each further round asks for four times as many. */
const CANDIDATES_PER_ROW = 4;

/** Serialises rows as one JSONEachRow body: the engine parses it, no per-row objects cross the client. */
export const jsonEachRowBody = (rows: readonly object[]): Buffer => {
  let text = '';
  for (const row of rows) text += `${JSON.stringify(row)}\n`;
  return Buffer.from(text, 'utf8');
};

/** The span store over any ClickHouse executor: the same SQL runs on chdb and on a ClickHouse server. */
export const createClickHouseSpanStore = (executor: ClickHouseExecutor): SpanStore => ({
  async insert(batch: SpanBatch): Promise<void> {
    if (batch.rows.length === 0) return;
    await executor.insert({
      table: spanTables.spans,
      body: jsonEachRowBody(batch.rows),
      settings: {
        insert_deduplication_token: batch.id,
        // The lookup table must drop a replayed block too, or NumSpans would count it twice.
        deduplicate_blocks_in_dependent_materialized_views: 1,
        // 'seconds.nanoseconds' with a short integer part is misread as a date by best_effort (chdb's default).
        date_time_input_format: 'basic',
      },
    });
  },

  async trace(workspaceId: string, traceId: string): Promise<StoredSpan[]> {
    const rows = await executor.query(traceSql, { workspaceId, traceId });
    return rows.map((row) => StoredSpanRow.parse(row));
  },

  async searchTraces(workspaceId: string, query: TraceSearchQuery): Promise<TraceSearchResult> {
    const take = query.limit + 1;
    const candidatesQuery = candidateTracesSql(workspaceId, query);
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
      page = settlePage(candidates, windows, candidates.length < wanted, take, query.cursor);
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
      result.nextCursor = encodeTraceCursor({
        startTimeUnixNano: last.start.toString(),
        traceId: last.traceId,
      });
    return result;
  },

  close: () => executor.close(),
});

/** Brings the span schema up to date on any executor (closing it if that fails) and opens the store on it. */
export const openClickHouseSpanStore = async (
  executor: ClickHouseExecutor,
): Promise<{ executor: ClickHouseExecutor; store: SpanStore }> => {
  try {
    await migrate(executor, spanMigrations);
  } catch (error) {
    await executor.close();
    throw error;
  }
  return { executor, store: createClickHouseSpanStore(executor) };
};
