import type { ClickHouseExecutor } from '../clickhouse/executor';
import { migrate } from '../clickhouse/migrate';
import { spanMigrations, spanTables } from '../../schemas/clickhouse/span-migrations';
import type { SpanSearchQuery, TraceSearchQuery } from '../../schemas/span-query';
import { StoredSpanRow } from '../../schemas/stored-span';
import type { StoredSpan } from '../../schemas/stored-span';
import { searchSpans } from './span-search';
import { traceSql } from './span-sql';
import { searchTraces } from './trace-search';
import type { SpanBatch, SpanStore } from './types';

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

  searchTraces: (workspaceId: string, query: TraceSearchQuery) => searchTraces(executor, workspaceId, query),

  searchSpans: (workspaceId: string, query: SpanSearchQuery) => searchSpans(executor, workspaceId, query),

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
