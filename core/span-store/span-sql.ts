import { MODEL_CALL_SQL } from '../../schemas/clickhouse/model-call';
import type { SearchFilters } from '../../schemas/span-query';
import { spanFilterSql } from './search-filter-sql';
import type { SqlWithParams } from './search-filter-sql';

/** The columns `StoredSpanRow` parses; every span read selects exactly these. */
const storedSpanColumns = `TraceId, SpanId, ParentSpanId, TraceState, SpanName, SpanKind, ServiceName,
    toUnixTimestamp64Nano(Timestamp) AS StartTimeUnixNano, Duration, StatusCode, StatusMessage,
    SpanAttributes, SpanAttributeTypes, ResourceAttributes, ResourceAttributeTypes, ScopeName, ScopeVersion,
    arrayMap(t -> toUnixTimestamp64Nano(t), Events.Timestamp) AS EventTimes, Events.Name AS EventNames,
    Events.Attributes AS EventAttributes, Events.AttributeTypes AS EventAttributeTypes,
    Links.TraceId AS LinkTraceIds, Links.SpanId AS LinkSpanIds, Links.TraceState AS LinkTraceStates,
    Links.Attributes AS LinkAttributes, Links.AttributeTypes AS LinkAttributeTypes,
    SpanType, LlmProvider, LlmRequestModel, LlmResponseModel, LlmInput, LlmOutput,
    InputTokens, OutputTokens, TotalTokens, CacheReadTokens, CacheWriteTokens, ReasoningTokens, TimeToFirstTokenNs,
    InputCost, OutputCost, TotalCost, SessionId, UserId, PromptKey, PromptVersion`;

/** Trace by id: the lookup gives the trace's time window so only those partitions and granules are read. */
export const traceSql = `WITH (
    SELECT (min(Start), max(End)) FROM spans_trace_id_ts
    WHERE WorkspaceId = {workspaceId:String} AND TraceId = {traceId:String}
) AS TraceWindow
SELECT ${storedSpanColumns}
FROM spans
WHERE WorkspaceId = {workspaceId:String}
    AND TraceId = {traceId:String}
    AND Timestamp >= TraceWindow.1
    AND Timestamp <= TraceWindow.2
ORDER BY Timestamp, SpanId
LIMIT 1 BY SpanId
SETTINGS output_format_json_quote_64bit_integers = 1`;

/**
 * Step 1 of a search: matching traces ordered by their latest matching span, `candidates` of them. A trace's
 * start is never after its latest matching span, which lets the caller prove when a page is settled.
 */
export const candidateTracesSql = (workspaceId: string, q: SearchFilters): SqlWithParams => {
  const filter = spanFilterSql(workspaceId, q);
  const sql = `SELECT TraceId, toUnixTimestamp64Nano(max(Timestamp)) AS LastMatch
FROM spans
WHERE ${filter.sql}
GROUP BY TraceId
ORDER BY LastMatch DESC, TraceId DESC
LIMIT {candidates:UInt32}
SETTINGS output_format_json_quote_64bit_integers = 1`;
  return { sql, params: filter.params };
};

/** Step 2: each candidate's whole-trace window from the lookup (several rows per trace until merged). */
export const traceWindowsSql = `SELECT TraceId, toUnixTimestamp64Nano(min(Start)) AS TraceStart, toUnixTimestamp64Nano(max(End)) AS TraceEnd
FROM spans_trace_id_ts
WHERE WorkspaceId = {workspaceId:String} AND TraceId IN {traceIds:Array(String)}
GROUP BY TraceId
SETTINGS output_format_json_quote_64bit_integers = 1`;

/** Whole-trace totals of the given traces inside a time window, each span counted once; tokens of model calls only. */
const traceSummaries = (
  window: { with: string; start: string; end: string },
  orderBy: string,
) => `${window.with}SELECT
    TraceId,
    if(countIf(ParentSpanId = '') > 0, argMinIf(SpanName, Timestamp, ParentSpanId = ''), argMin(SpanName, Timestamp)) AS RootSpanName,
    if(countIf(ParentSpanId = '') > 0, argMinIf(ServiceName, Timestamp, ParentSpanId = ''), argMin(ServiceName, Timestamp)) AS RootServiceName,
    toUnixTimestamp64Nano(min(Timestamp)) AS StartTimeUnixNano,
    toUInt64(max(toUnixTimestamp64Nano(Timestamp) + toInt64(Duration)) - min(toUnixTimestamp64Nano(Timestamp))) AS DurationNs,
    count() AS SpanCount,
    countIf(StatusCode = 'Error') AS ErrorCount,
    sumIf(InputTokens, ${MODEL_CALL_SQL}) AS InputTokens,
    sumIf(OutputTokens, ${MODEL_CALL_SQL}) AS OutputTokens,
    sumIf(TotalTokens, ${MODEL_CALL_SQL}) AS TotalTokens,
    sum(TotalCost) AS TotalCost
FROM
(
    SELECT TraceId, SpanId, ParentSpanId, SpanName, ServiceName, Timestamp, Duration, StatusCode, SpanType,
        InputTokens, OutputTokens, TotalTokens, TotalCost
    FROM spans
    WHERE WorkspaceId = {workspaceId:String}
        AND TraceId IN {traceIds:Array(String)}
        AND Timestamp >= ${window.start}
        AND Timestamp <= ${window.end}
    LIMIT 1 BY TraceId, SpanId
)
GROUP BY TraceId${orderBy}
SETTINGS output_format_json_quote_64bit_integers = 1`;

/** Step 3: totals over every span of the page's traces, in the window the page step read. */
export const traceSummariesSql = traceSummaries(
  {
    with: '',
    start: 'fromUnixTimestamp64Nano({windowStart:Int64})',
    end: 'fromUnixTimestamp64Nano({windowEnd:Int64})',
  },
  '\nORDER BY StartTimeUnixNano DESC, TraceId DESC',
);

/** The same totals when the caller has no window: the statement reads it from the lookup table first. */
export const traceSummariesInLookupWindowSql = traceSummaries(
  {
    with: `WITH (
    SELECT (min(Start), max(End)) FROM spans_trace_id_ts
    WHERE WorkspaceId = {workspaceId:String} AND TraceId IN {traceIds:Array(String)}
) AS TraceWindow
`,
    start: 'TraceWindow.1',
    end: 'TraceWindow.2',
  },
  '',
);
