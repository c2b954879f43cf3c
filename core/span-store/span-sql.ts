import { MODEL_CALL_SQL } from '../../schemas/clickhouse/model-call';
import type { QueryParams } from '../clickhouse/executor';
import type { TraceSearchQuery } from '../../schemas/span-query';

/** The columns `StoredSpanRow` parses; every span read selects exactly these. */
const storedSpanColumns = `TraceId, SpanId, ParentSpanId, TraceState, SpanName, SpanKind, ServiceName,
    toUnixTimestamp64Nano(Timestamp) AS StartTimeUnixNano, Duration, StatusCode, StatusMessage,
    SpanAttributes, SpanAttributeTypes, ResourceAttributes, ResourceAttributeTypes, ScopeName, ScopeVersion,
    arrayMap(t -> toUnixTimestamp64Nano(t), Events.Timestamp) AS EventTimes, Events.Name AS EventNames,
    Events.Attributes AS EventAttributes, Events.AttributeTypes AS EventAttributeTypes,
    Links.TraceId AS LinkTraceIds, Links.SpanId AS LinkSpanIds, Links.TraceState AS LinkTraceStates,
    Links.Attributes AS LinkAttributes, Links.AttributeTypes AS LinkAttributeTypes,
    SpanType, LlmProvider, LlmRequestModel, LlmResponseModel, LlmInput, LlmOutput,
    InputTokens, OutputTokens, TotalTokens, CacheReadTokens, CacheWriteTokens, ReasoningTokens,
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

const statusCodes = { ok: 'Ok', error: 'Error', unset: 'Unset' } as const;

export interface SqlWithParams {
  sql: string;
  params: QueryParams;
}

/** The span-level filters of a search; every value is a bound parameter, never SQL text. */
const spanFilter = (workspaceId: string, q: TraceSearchQuery): SqlWithParams => {
  const where = [
    'WorkspaceId = {workspaceId:String}',
    'Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64})',
    'Timestamp < fromUnixTimestamp64Milli({toMs:Int64})',
  ];
  const params: Record<string, QueryParams[string]> = { workspaceId, fromMs: q.from, toMs: q.to };
  if (q.service !== undefined) {
    where.push('ServiceName = {service:String}');
    params.service = q.service;
  }
  if (q.spanName !== undefined) {
    where.push('SpanName = {spanName:String}');
    params.spanName = q.spanName;
  }
  if (q.status !== undefined) {
    where.push('StatusCode = {status:String}');
    params.status = statusCodes[q.status];
  }
  if (q.minDurationMs !== undefined) {
    where.push('Duration >= {minDurationNs:UInt64}');
    params.minDurationNs = Math.ceil(q.minDurationMs * 1e6);
  }
  if (q.maxDurationMs !== undefined) {
    where.push('Duration <= {maxDurationNs:UInt64}');
    params.maxDurationNs = Math.floor(q.maxDurationMs * 1e6);
  }
  (q.attributes ?? []).forEach((a, i) => {
    const k = `{attrKey${i}:String}`;
    const v = `{attrValue${i}:String}`;
    // A missing key reads as '' from a Map, so an empty value must also prove the key is there.
    const has = (map: string): string =>
      a.value === '' ? `(mapContains(${map}, ${k}) AND ${map}[${k}] = ${v})` : `${map}[${k}] = ${v}`;
    where.push(`(${has('SpanAttributes')} OR ${has('ResourceAttributes')})`);
    params[`attrKey${i}`] = a.key;
    params[`attrValue${i}`] = a.value;
  });
  if (q.model !== undefined) {
    where.push('(LlmRequestModel = {model:String} OR LlmResponseModel = {model:String})');
    params.model = q.model;
  }
  if (q.text !== undefined) {
    where.push(
      '(positionCaseInsensitiveUTF8(LlmInput, {text:String}) > 0 OR positionCaseInsensitiveUTF8(LlmOutput, {text:String}) > 0)',
    );
    // Messages are stored as JSON, so the needle is searched in its JSON-escaped form (quotes, newlines).
    params.text = JSON.stringify(q.text).slice(1, -1);
  }
  return { sql: where.join('\n    AND '), params };
};

/**
 * Step 1 of a search: matching traces ordered by their latest matching span, `candidates` of them. A trace's
 * start is never after its latest matching span, which lets the caller prove when a page is settled.
 */
export const candidateTracesSql = (workspaceId: string, q: TraceSearchQuery): SqlWithParams => {
  const filter = spanFilter(workspaceId, q);
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
