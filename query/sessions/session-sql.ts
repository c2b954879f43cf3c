import type { QueryParamValue } from '../../core/clickhouse/executor';
import { MODEL_CALL_SQL as MODEL_CALL } from '../../schemas/clickhouse/model-call';
import type { ActivitySort } from '../../schemas/search-cursor';
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

/** Each sort's column of the grouped rows (fixed SQL) and the ClickHouse type a cursor's key binds as. */
const SORT_KEYS: Record<ActivitySort, { expr: string; type: string }> = {
  lastSeen: { expr: 'LastSeen', type: 'Int64' },
  firstSeen: { expr: 'FirstSeen', type: 'Int64' },
  traces: { expr: 'TraceCount', type: 'UInt64' },
  tokens: { expr: 'TotalTokens', type: 'UInt64' },
  errors: { expr: 'ErrorCount', type: 'UInt64' },
  sessions: { expr: 'SessionCount', type: 'UInt64' },
  // A decimal sum does not depend on the order rows arrive in (a Float64 one does): keys compare exactly.
  cost: { expr: 'CostKey', type: 'Decimal128(12)' },
  id: { expr: 'Key', type: 'String' },
};

/**
 * Sessions (or users) active in the range in the query's sort and order, ties broken by id in the same
 * order; `SortKey` is the text of the row's key for the next cursor. A trace belongs to every session and user
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
  const key = SORT_KEYS[q.sort];
  const dir = q.order === 'desc' ? 'DESC' : 'ASC';
  if (q.cursor !== undefined) {
    const op = q.order === 'desc' ? '<' : '>';
    having.push(`(${key.expr}, Key) ${op} ({cursorKey:${key.type}}, {cursorId:String})`);
    params.cursorKey = q.cursor.key;
    params.cursorId = q.cursor.id;
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
    sum(TraceCostKey) AS CostKey,
    ${k.extra},
    toString(${key.expr}) AS SortKey
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
        sum(toDecimal128(if(isFinite(TotalCost), TotalCost, 0), 12)) AS TraceCostKey,
        min(toUnixTimestamp64Nano(Timestamp)) AS First,
        max(toUnixTimestamp64Nano(Timestamp) + toInt64(Duration)) AS Last
    FROM spans
    WHERE ${inRange}
        AND TraceId IN (SELECT TraceId FROM spans WHERE ${inRange} AND ${k.column} != '')
    GROUP BY TraceId
)
ARRAY JOIN ${k.array} AS Key${where.length > 0 ? `\nWHERE ${where.join(' AND ')}` : ''}
GROUP BY Key${having.length > 0 ? `\nHAVING ${having.join(' AND ')}` : ''}
ORDER BY ${key.expr} ${dir}, Key ${dir}
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
