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

// Text is turned into bytes every ~1 MiB: a large batch never becomes one string (V8 caps string length).
const CHUNK_CHARS = 1024 * 1024;

/** Serialises rows as JSONEachRow in chunks of about 1 MiB: the engine parses them, no row objects cross. */
export const jsonEachRowChunks = (rows: readonly object[]): Buffer[] => {
  const chunks: Buffer[] = [];
  let lines: string[] = [];
  let chars = 0;
  for (const row of rows) {
    const line = `${JSON.stringify(row)}\n`;
    lines.push(line);
    chars += line.length;
    if (chars >= CHUNK_CHARS) {
      chunks.push(Buffer.from(lines.join(''), 'utf8'));
      lines = [];
      chars = 0;
    }
  }
  if (lines.length > 0) chunks.push(Buffer.from(lines.join(''), 'utf8'));
  return chunks;
};

/** The same body as one Buffer. */
export const jsonEachRowBody = (rows: readonly object[]): Buffer => Buffer.concat(jsonEachRowChunks(rows));

/** The span store over any ClickHouse executor: the same SQL runs on chdb and on a ClickHouse server. */
export const createClickHouseSpanStore = (executor: ClickHouseExecutor): SpanStore => ({
  async insert(batch: SpanBatch): Promise<void> {
    if (batch.rows.length === 0) return;
    await executor.insert({
      table: spanTables.spans,
      body: jsonEachRowChunks(batch.rows),
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
