import type { QueryParams, QueryParamValue } from '../../core/clickhouse/executor';
import type { JaegerSearch, TagFilter } from './jaeger-params';

export interface SqlWithParams {
  sql: string;
  params: QueryParams;
}

export const servicesSql = `SELECT ServiceName
FROM spans
WHERE WorkspaceId = {workspaceId:String}
GROUP BY ServiceName
ORDER BY ServiceName`;

/** Distinct (name, kind) of a service; `kind` is optional and bound, never spliced. */
export const operationsSql = (withKind: boolean): string => `SELECT SpanName, SpanKind
FROM spans
WHERE WorkspaceId = {workspaceId:String}
    AND ServiceName = {service:String}${withKind ? '\n    AND SpanKind = {spanKind:String}' : ''}
GROUP BY SpanName, SpanKind
ORDER BY SpanName, SpanKind
LIMIT 10000`;

/*
 * Tags Jaeger derives from span fields rather than attributes: the key picks a fixed expression from this map
 * (a Map, so keys like "constructor" find nothing); the value is always a bound parameter.
 */
const derivedTags = new Map<string, string>([
  ['error', "if(StatusCode = 'Error', 'true', 'false')"],
  ['span.kind', 'lower(SpanKind)'],
  ['otel.status_code', 'upper(StatusCode)'],
  ['otel.status_description', 'StatusMessage'],
  ['otel.scope.name', 'ScopeName'],
  ['otel.scope.version', 'ScopeVersion'],
  ['w3c.tracestate', 'TraceState'],
]);

/** One tag matches a span attribute, a process (resource) attribute, a log field or a derived tag. */
const tagCondition = (tag: TagFilter, i: number): string => {
  const k = `{tagKey${i}:String}`;
  const v = `{tagValue${i}:String}`;
  // A missing key reads as '' from a Map, so an empty value must also prove the key is there.
  const has = (map: string): string =>
    tag.value === '' ? `(mapContains(${map}, ${k}) AND ${map}[${k}] = ${v})` : `${map}[${k}] = ${v}`;
  const options = [
    has('SpanAttributes'),
    has('ResourceAttributes'),
    `arrayExists(a -> ${has('a')}, Events.Attributes)`,
  ];
  const derived = derivedTags.get(tag.key);
  if (derived !== undefined) options.push(`${derived} = ${v}`);
  if (tag.key === 'event') options.push(`has(Events.Name, ${v})`);
  return `(${options.join(' OR ')})`;
};

/** Traces with a span matching every filter, by their latest matching span, newest first. */
export const searchTracesSql = (workspaceId: string, q: JaegerSearch): SqlWithParams => {
  const where = [
    'WorkspaceId = {workspaceId:String}',
    'Timestamp >= fromUnixTimestamp64Micro({startUs:Int64})',
    'Timestamp <= fromUnixTimestamp64Micro({endUs:Int64})',
  ];
  const params: Record<string, QueryParamValue> = {
    workspaceId,
    startUs: q.startUs,
    endUs: q.endUs,
    limit: q.limit,
  };
  if (q.service !== undefined) {
    where.push('ServiceName = {service:String}');
    params.service = q.service;
  }
  if (q.operation !== undefined) {
    where.push('SpanName = {operation:String}');
    params.operation = q.operation;
  }
  if (q.minDurationNs !== undefined) {
    where.push('Duration >= {minDurationNs:UInt64}');
    params.minDurationNs = q.minDurationNs;
  }
  if (q.maxDurationNs !== undefined) {
    where.push('Duration <= {maxDurationNs:UInt64}');
    params.maxDurationNs = q.maxDurationNs;
  }
  q.tags.forEach((tag, i) => {
    where.push(tagCondition(tag, i));
    params[`tagKey${i}`] = tag.key;
    params[`tagValue${i}`] = tag.value;
  });
  const sql = `SELECT TraceId, max(Timestamp) AS LastMatch
FROM spans
WHERE ${where.join('\n    AND ')}
GROUP BY TraceId
ORDER BY LastMatch DESC, TraceId DESC
LIMIT {limit:UInt32}`;
  return { sql, params };
};

/** Every span of the given traces once; the lookup table narrows the scan to the traces' time window. */
export const traceSpansSql = `WITH (
    SELECT (min(Start), max(End)) FROM spans_trace_id_ts
    WHERE WorkspaceId = {workspaceId:String} AND TraceId IN {traceIds:Array(String)}
) AS TraceWindow
SELECT TraceId, SpanId, ParentSpanId, TraceState, SpanName, SpanKind, ServiceName,
    toUnixTimestamp64Nano(Timestamp) AS StartTimeUnixNano, Duration, StatusCode, StatusMessage,
    SpanAttributes, SpanAttributeTypes, ResourceAttributes, ResourceAttributeTypes, ScopeName, ScopeVersion,
    arrayMap(t -> toUnixTimestamp64Nano(t), Events.Timestamp) AS EventTimes, Events.Name AS EventNames,
    Events.Attributes AS EventAttributes, Events.AttributeTypes AS EventAttributeTypes,
    Links.TraceId AS LinkTraceIds, Links.SpanId AS LinkSpanIds
FROM spans
WHERE WorkspaceId = {workspaceId:String}
    AND TraceId IN {traceIds:Array(String)}
    AND Timestamp >= TraceWindow.1
    AND Timestamp <= TraceWindow.2
ORDER BY TraceId, Timestamp, SpanId
LIMIT 1 BY TraceId, SpanId
SETTINGS output_format_json_quote_64bit_integers = 1`;

/** Calls between services: a child span whose parent span belongs to another service, in the window. */
export const dependenciesSql = `SELECT p.ServiceName AS Parent, c.ServiceName AS Child, count() AS CallCount
FROM
(
    SELECT TraceId, ParentSpanId, ServiceName FROM spans
    WHERE WorkspaceId = {workspaceId:String}
        AND Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64})
        AND Timestamp <= fromUnixTimestamp64Milli({toMs:Int64})
        AND ParentSpanId != ''
) AS c
INNER JOIN
(
    SELECT TraceId, SpanId, ServiceName FROM spans
    WHERE WorkspaceId = {workspaceId:String}
        AND Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64})
        AND Timestamp <= fromUnixTimestamp64Milli({toMs:Int64})
) AS p
ON c.TraceId = p.TraceId AND c.ParentSpanId = p.SpanId
WHERE p.ServiceName != c.ServiceName
GROUP BY Parent, Child
ORDER BY Parent, Child
SETTINGS output_format_json_quote_64bit_integers = 1`;
