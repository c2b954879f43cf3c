import { encodeSearchCursor } from '../../schemas/search-cursor';
import type { SpanSearchQuery } from '../../schemas/span-query';
import { SpanSummaryRow } from '../../schemas/span-summary';
import type { SpanSearchResult } from '../../schemas/span-summary';
import type { ClickHouseExecutor } from '../clickhouse/executor';
import { checkRegexes } from './regex-check';
import { spanSearchSql } from './sorted-search-sql';

/** One page of spans matching every filter, in the query's order, each span once. */
export const searchSpans = async (
  executor: ClickHouseExecutor,
  workspaceId: string,
  query: SpanSearchQuery,
): Promise<SpanSearchResult> => {
  await checkRegexes(executor, query.filters);
  const statement = spanSearchSql(workspaceId, query);
  // Room for stored duplicates; a page they shorten still ends with a cursor, so nothing is skipped.
  const take = 2 * query.limit + 1;
  const rows = (await executor.query(statement.sql, { ...statement.params, take })).map((row) =>
    SpanSummaryRow.parse(row),
  );
  const unique = rows.filter((r, i) => {
    const before = rows[i - 1]?.span;
    return before === undefined || before.traceId !== r.span.traceId || before.spanId !== r.span.spanId;
  });
  const page = unique.slice(0, query.limit);
  const result: SpanSearchResult = { spans: page.map((r) => r.span) };
  const last = page[page.length - 1];
  if ((unique.length > query.limit || rows.length === take) && last !== undefined)
    result.nextCursor = encodeSearchCursor({
      target: 'spans',
      sort: query.sort,
      order: query.order,
      key: last.sortKey,
      traceId: last.span.traceId,
      spanId: last.span.spanId,
    });
  return result;
};
