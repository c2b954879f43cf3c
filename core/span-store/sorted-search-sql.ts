import { MODEL_CALL_SQL } from '../../schemas/clickhouse/model-call';
import type { SearchSort } from '../../schemas/search-cursor';
import type { SearchFilters, SpanInclude } from '../../schemas/span-query';
import { spanFilterSql } from './search-filter-sql';
import type { SqlWithParams } from './search-filter-sql';

interface SortKey {
  /** SQL over `spans` rows (an aggregate for traces); never user text. */
  expr: string;
  /** The ClickHouse type of a cursor's key for this sort. */
  type: string;
}

// Costs rank as Decimal128(12): a Float64 sum depends on the order the rows arrive in, a decimal sum does not,
// so a cursor's key compares exactly with the next page's keys.
const COST = 'toDecimal128(if(isFinite(TotalCost), TotalCost, 0), 12)';
const START = 'toUnixTimestamp64Nano(Timestamp)';

/** Whole-trace sort keys: the same totals `TraceSummary` shows. */
const TRACE_KEYS: Record<SearchSort, SortKey> = {
  startTime: { expr: `min(${START})`, type: 'Int64' },
  duration: { expr: `max(${START} + toInt64(Duration)) - min(${START})`, type: 'Int64' },
  tokens: { expr: `sumIf(TotalTokens, ${MODEL_CALL_SQL})`, type: 'UInt64' },
  cost: { expr: `sum(${COST})`, type: 'Decimal128(12)' },
};

/** A span's own sort keys. */
const SPAN_KEYS: Record<SearchSort, SortKey> = {
  startTime: { expr: START, type: 'Int64' },
  duration: { expr: 'Duration', type: 'UInt64' },
  tokens: { expr: 'TotalTokens', type: 'UInt64' },
  cost: { expr: COST, type: 'Decimal128(12)' },
};

/** How far beyond [from, to) the spans of a matching trace are read for its totals. */
export const TRACE_SPREAD_MS = 86_400_000;

/** `(key, ids…) < cursor` for descending pages, `>` for ascending; the cursor's values are parameters. */
const afterCursor = (q: SearchFilters, key: SortKey, ids: readonly string[]) => {
  const c = q.cursor;
  if (c === undefined) return { sql: '', params: {} as Record<string, string> };
  const values = [`{cursorKey:${key.type}}`, '{cursorTraceId:String}', '{cursorSpanId:String}'];
  const sql = `(${key.expr}, ${ids.join(', ')}) ${q.order === 'desc' ? '<' : '>'} (${values.slice(0, ids.length + 1).join(', ')})`;
  const params: Record<string, string> = { cursorKey: c.key, cursorTraceId: c.traceId };
  if (ids.length > 1) params.cursorSpanId = c.spanId;
  return { sql, params };
};

/**
 * One page of matching traces ranked by a whole-trace total, `take` of them. A trace matches when one of its
 * spans in [from, to) matches; its totals cover its spans inside its lookup window, read at most
 * TRACE_SPREAD_MS beyond the range.
 */
export const rankedTracesSql = (workspaceId: string, q: SearchFilters): SqlWithParams => {
  const filter = spanFilterSql(workspaceId, q);
  const key = TRACE_KEYS[q.sort];
  const cursor = afterCursor(q, key, ['TraceId']);
  const dir = q.order === 'desc' ? 'DESC' : 'ASC';
  const matching = `TraceId IN (SELECT TraceId FROM spans WHERE ${filter.sql})`;
  const sql = `WITH (
    SELECT (minOrNull(Start), maxOrNull(End)) FROM spans_trace_id_ts
    WHERE WorkspaceId = {workspaceId:String} AND ${matching}
) AS TraceWindow
SELECT TraceId, toString(${key.expr}) AS SortKey
FROM
(
    SELECT TraceId, SpanId, Timestamp, Duration, SpanType, TotalTokens, TotalCost
    FROM spans
    WHERE WorkspaceId = {workspaceId:String}
        AND Timestamp >= greatest(least(ifNull(TraceWindow.1, fromUnixTimestamp64Milli({fromMs:Int64})), fromUnixTimestamp64Milli({fromMs:Int64})), fromUnixTimestamp64Milli({spreadFromMs:Int64}))
        AND Timestamp <= least(greatest(ifNull(TraceWindow.2, fromUnixTimestamp64Milli({toMs:Int64})), fromUnixTimestamp64Milli({toMs:Int64})), fromUnixTimestamp64Milli({spreadToMs:Int64}))
        AND ${matching}
    LIMIT 1 BY TraceId, SpanId
)
GROUP BY TraceId${cursor.sql === '' ? '' : `\nHAVING ${cursor.sql}`}
ORDER BY ${key.expr} ${dir}, TraceId ${dir}
LIMIT {take:UInt32}
SETTINGS output_format_json_quote_64bit_integers = 1`;
  return {
    sql,
    params: {
      ...filter.params,
      ...cursor.params,
      spreadFromMs: Math.max(0, q.from - TRACE_SPREAD_MS),
      spreadToMs: q.to + TRACE_SPREAD_MS,
    },
  };
};

const SUMMARY_COLUMNS = `TraceId, SpanId, ParentSpanId, SpanName, SpanKind, ServiceName,
    toUnixTimestamp64Nano(Timestamp) AS StartTimeUnixNano, Duration, StatusCode, StatusMessage,
    SpanType, LlmProvider, LlmRequestModel, LlmResponseModel,
    InputTokens, OutputTokens, TotalTokens, CacheReadTokens, CacheWriteTokens, ReasoningTokens, TimeToFirstTokenNs,
    InputCost, OutputCost, TotalCost, SessionId, UserId, PromptKey, PromptVersion`;
const INCLUDED: Record<SpanInclude, string> = {
  attributes: 'SpanAttributes, SpanAttributeTypes, ResourceAttributes, ResourceAttributeTypes',
  messages: 'LlmInput, LlmOutput',
};

/**
 * Matching spans in sort order, `take` rows. A stored duplicate of a span comes right after it (same key and
 * ids); the caller drops it. `LIMIT 1 BY` here would turn the top-N read into a sort of every matching row.
 */
export const spanSearchSql = (
  workspaceId: string,
  q: SearchFilters & { include: readonly SpanInclude[] },
): SqlWithParams => {
  const filter = spanFilterSql(workspaceId, q);
  const key = SPAN_KEYS[q.sort];
  const cursor = afterCursor(q, key, ['TraceId', 'SpanId']);
  const dir = q.order === 'desc' ? 'DESC' : 'ASC';
  const where = [filter.sql];
  if (cursor.sql !== '') {
    where.push(cursor.sql);
    // The same bound as a plain time condition, which prunes parts and granules; the tuple alone would not.
    if (q.sort === 'startTime')
      where.push(`Timestamp ${q.order === 'desc' ? '<=' : '>='} fromUnixTimestamp64Nano({cursorKey:Int64})`);
  }
  const columns = [SUMMARY_COLUMNS, ...q.include.map((i) => INCLUDED[i])].join(',\n    ');
  const sql = `SELECT ${columns},
    toString(${key.expr}) AS SortKey
FROM spans
WHERE ${where.join('\n    AND ')}
ORDER BY ${key.expr} ${dir}, TraceId ${dir}, SpanId ${dir}
LIMIT {take:UInt32}
SETTINGS output_format_json_quote_64bit_integers = 1`;
  return { sql, params: { ...filter.params, ...cursor.params } };
};
