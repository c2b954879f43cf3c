import { z } from 'zod';
import type { ClickHouseExecutor } from '../clickhouse/executor';
import { spanTables } from '../../schemas/clickhouse/span-migrations';
import { encodeTraceCursor, TraceSummaryRow } from '../../schemas/span-query';
import type { TraceSearchQuery, TraceSearchResult } from '../../schemas/span-query';
import { StoredSpanRow, UInt64Text } from '../../schemas/stored-span';
import type { StoredSpan } from '../../schemas/stored-span';
import { tracePageSql, traceSql, traceSummariesSql } from './span-sql';
import type { SpanBatch, SpanStore } from './types';

const PageRow = z.object({ TraceId: z.string(), TraceStart: UInt64Text, TraceEnd: UInt64Text });

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
    const page = tracePageSql(workspaceId, query);
    const pageRows = (await executor.query(page.sql, page.params)).map((row) => PageRow.parse(row));
    const traces = pageRows.slice(0, query.limit);
    const last = traces[traces.length - 1];
    if (last === undefined) return { traces: [] };

    let windowStart = BigInt(last.TraceStart);
    let windowEnd = windowStart;
    for (const t of traces) {
      const start = BigInt(t.TraceStart);
      const end = BigInt(t.TraceEnd);
      if (start < windowStart) windowStart = start;
      if (end > windowEnd) windowEnd = end;
    }
    const summaries = (
      await executor.query(traceSummariesSql, {
        workspaceId,
        traceIds: traces.map((t) => t.TraceId),
        windowStart: windowStart.toString(),
        windowEnd: windowEnd.toString(),
      })
    ).map((row) => TraceSummaryRow.parse(row));

    const result: TraceSearchResult = { traces: summaries };
    if (pageRows.length > query.limit)
      result.nextCursor = encodeTraceCursor({ startTimeUnixNano: last.TraceStart, traceId: last.TraceId });
    return result;
  },

  close: () => executor.close(),
});
