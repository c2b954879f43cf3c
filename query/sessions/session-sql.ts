import type { QueryParamValue } from '../../core/clickhouse/executor';
import { MODEL_CALL_SQL as MODEL_CALL } from '../../schemas/clickhouse/model-call';
import type { ActivityListQuery, SessionTracesQuery } from './session-query';

export interface SqlWithParams {
  sql: string;
  params: Record<string, QueryParamValue>;
}

const inRange = `WorkspaceId = {workspaceId:String}
        AND Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64})
        AND Timestamp < fromUnixTimestamp64Milli({toMs:Int64})`;

/** What a list groups by; each kind names fixed SQL, never request text. */
const kinds = {
  session: {
    column: 'SessionId',
    array: 'Sessions',
    extra: 'arraySort(groupUniqArrayArray(10)(Users)) AS UserIds',
  },
  user: { column: 'UserId', array: 'Users', extra: 'uniqExactArray(Sessions) AS SessionCount' },
} as const;
export type ActivityKind = keyof typeof kinds;

/**
 * Sessions (or users) active in the range, most recently seen first. A trace belongs to every session and user
 * named by one of its spans; its totals cover its spans in the range.
 */
export const activitySql = (kind: ActivityKind, workspaceId: string, q: ActivityListQuery): SqlWithParams => {
  const k = kinds[kind];
  const params: Record<string, QueryParamValue> = {
    workspaceId,
    fromMs: q.from,
    toMs: q.to,
    take: q.limit + 1,
  };
  const where: string[] = [];
  if (q.userId !== undefined) {
    where.push('has(Users, {userId:String})');
    params.userId = q.userId;
  }
  const having: string[] = [];
  if (q.cursor !== undefined) {
    having.push('(LastSeen, Key) < ({cursorNano:Int64}, {cursorKey:String})');
    params.cursorNano = q.cursor.unixNano;
    params.cursorKey = q.cursor.key;
  }
  const sql = `SELECT
    Key,
    count() AS TraceCount,
    sum(Spans) AS SpanCount,
    sum(Errors) AS ErrorCount,
    sum(InTokens) AS InputTokens,
    sum(OutTokens) AS OutputTokens,
    sum(AllTokens) AS TotalTokens,
    sum(Cost) AS TotalCost,
    min(First) AS FirstSeen,
    max(Last) AS LastSeen,
    ${k.extra}
FROM
(
    SELECT
        TraceId,
        groupUniqArrayIf(SessionId, SessionId != '') AS Sessions,
        groupUniqArrayIf(UserId, UserId != '') AS Users,
        count() AS Spans,
        countIf(StatusCode = 'Error') AS Errors,
        sumIf(InputTokens, ${MODEL_CALL}) AS InTokens,
        sumIf(OutputTokens, ${MODEL_CALL}) AS OutTokens,
        sumIf(TotalTokens, ${MODEL_CALL}) AS AllTokens,
        sum(TotalCost) AS Cost,
        min(toUnixTimestamp64Nano(Timestamp)) AS First,
        max(toUnixTimestamp64Nano(Timestamp) + toInt64(Duration)) AS Last
    FROM spans
    WHERE ${inRange}
        AND TraceId IN (SELECT TraceId FROM spans WHERE ${inRange} AND ${k.column} != '')
    GROUP BY TraceId
)
ARRAY JOIN ${k.array} AS Key${where.length > 0 ? `\nWHERE ${where.join(' AND ')}` : ''}
GROUP BY Key${having.length > 0 ? `\nHAVING ${having.join(' AND ')}` : ''}
ORDER BY LastSeen DESC, Key DESC
LIMIT {take:UInt32}
SETTINGS output_format_json_quote_64bit_integers = 1`;
  return { sql, params };
};

/** Step 1 of a session's traces: one page of trace ids by their first span in the session, oldest first. */
export const sessionTraceIdsSql = (workspaceId: string, q: SessionTracesQuery): SqlWithParams => {
  const params: Record<string, QueryParamValue> = {
    workspaceId,
    sessionId: q.sessionId,
    fromMs: q.from,
    toMs: q.to,
    take: q.limit + 1,
  };
  let having = '';
  if (q.cursor !== undefined) {
    having = '\nHAVING (Start, TraceId) > ({cursorNano:Int64}, {cursorKey:String})';
    params.cursorNano = q.cursor.unixNano;
    params.cursorKey = q.cursor.key;
  }
  const sql = `SELECT TraceId, min(toUnixTimestamp64Nano(Timestamp)) AS Start
FROM spans
WHERE ${inRange}
    AND SessionId = {sessionId:String}
GROUP BY TraceId${having}
ORDER BY Start, TraceId
LIMIT {take:UInt32}
SETTINGS output_format_json_quote_64bit_integers = 1`;
  return { sql, params };
};

/** Step 2: whole-trace totals of the page's traces, each span counted once (columns of TraceSummaryRow). */
export const traceSummariesSql = `WITH (
    SELECT (min(Start), max(End)) FROM spans_trace_id_ts
    WHERE WorkspaceId = {workspaceId:String} AND TraceId IN {traceIds:Array(String)}
) AS TraceWindow
SELECT
    TraceId,
    if(countIf(ParentSpanId = '') > 0, argMinIf(SpanName, Timestamp, ParentSpanId = ''), argMin(SpanName, Timestamp)) AS RootSpanName,
    if(countIf(ParentSpanId = '') > 0, argMinIf(ServiceName, Timestamp, ParentSpanId = ''), argMin(ServiceName, Timestamp)) AS RootServiceName,
    toUnixTimestamp64Nano(min(Timestamp)) AS StartTimeUnixNano,
    toUInt64(max(toUnixTimestamp64Nano(Timestamp) + toInt64(Duration)) - min(toUnixTimestamp64Nano(Timestamp))) AS DurationNs,
    count() AS SpanCount,
    countIf(StatusCode = 'Error') AS ErrorCount,
    sumIf(InputTokens, ${MODEL_CALL}) AS InputTokens,
    sumIf(OutputTokens, ${MODEL_CALL}) AS OutputTokens,
    sumIf(TotalTokens, ${MODEL_CALL}) AS TotalTokens,
    sum(TotalCost) AS TotalCost
FROM
(
    SELECT TraceId, SpanId, ParentSpanId, SpanName, ServiceName, Timestamp, Duration, StatusCode, SpanType,
        InputTokens, OutputTokens, TotalTokens, TotalCost
    FROM spans
    WHERE WorkspaceId = {workspaceId:String}
        AND TraceId IN {traceIds:Array(String)}
        AND Timestamp >= TraceWindow.1
        AND Timestamp <= TraceWindow.2
    LIMIT 1 BY TraceId, SpanId
)
GROUP BY TraceId
SETTINGS output_format_json_quote_64bit_integers = 1`;
