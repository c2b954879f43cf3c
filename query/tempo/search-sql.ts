import { SEARCH_SCOPE_SQL } from './search-params';

/** Only the attributes the query names (and service.name) travel back with the matched spans. */
const keep = (keys: string, map: string) => `mapFilter((k, v) -> has({${keys}:Array(String)}, k), ${map})`;

/**
 * Step 1: traces with matching spans in the range, newest latest match first, each with its match count and up
 * to `spss` of its matching spans. `filter` is compiled TraceQL: SQL text with bound parameters only.
 */
export const matchingTracesSql = (filter: string): string => `SELECT
    TraceId,
    toUnixTimestamp64Nano(max(Timestamp)) AS LastMatch,
    count() AS Matched,
    groupArray({spss:UInt32})(tuple(SpanId, SpanName, toUnixTimestamp64Nano(Timestamp), Duration,
        SpanAttrs, SpanTypes, ResourceAttrs, ResourceTypes)) AS Spans
FROM
(
    SELECT TraceId, SpanId, SpanName, Timestamp, Duration,
        ${keep('spanKeys', 'SpanAttributes')} AS SpanAttrs,
        ${keep('spanKeys', 'SpanAttributeTypes')} AS SpanTypes,
        ${keep('resourceKeys', 'ResourceAttributes')} AS ResourceAttrs,
        ${keep('resourceKeys', 'ResourceAttributeTypes')} AS ResourceTypes
    FROM spans
    WHERE ${SEARCH_SCOPE_SQL}
        AND (${filter})
    LIMIT 1 BY TraceId, SpanId
)
GROUP BY TraceId
ORDER BY LastMatch DESC, TraceId DESC
LIMIT {limit:UInt32}
SETTINGS output_format_json_quote_64bit_integers = 1`;

/**
 * Step 2: per trace and service, over each whole trace (its window comes from the trace-id lookup): span and
 * error counts, extent, and the root span's name. The caller folds the services into one summary per trace.
 */
export const traceServicesSql = `WITH (
    SELECT (min(Start), max(End)) FROM spans_trace_id_ts
    WHERE WorkspaceId = {workspaceId:String} AND TraceId IN {traceIds:Array(String)}
) AS TraceWindow
SELECT
    TraceId,
    ServiceName,
    count() AS SpanCount,
    countIf(StatusCode = 'Error') AS ErrorCount,
    toUnixTimestamp64Nano(min(Timestamp)) AS StartNs,
    max(toUnixTimestamp64Nano(Timestamp) + toInt64(Duration)) AS EndNs,
    countIf(ParentSpanId = '') AS Roots,
    argMinIf(SpanName, Timestamp, ParentSpanId = '') AS RootName,
    toUnixTimestamp64Nano(minIf(Timestamp, ParentSpanId = '')) AS RootStartNs
FROM
(
    SELECT TraceId, SpanId, ParentSpanId, SpanName, ServiceName, Timestamp, Duration, StatusCode
    FROM spans
    WHERE WorkspaceId = {workspaceId:String}
        AND TraceId IN {traceIds:Array(String)}
        AND Timestamp >= TraceWindow.1
        AND Timestamp <= TraceWindow.2
    LIMIT 1 BY TraceId, SpanId
)
GROUP BY TraceId, ServiceName
SETTINGS output_format_json_quote_64bit_integers = 1`;
