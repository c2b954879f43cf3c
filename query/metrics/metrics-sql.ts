import type { QueryParamValue } from '../../core/clickhouse/executor';
import { MODEL_CALL_SQL } from '../../schemas/clickhouse/model-call';
import type { GroupField, MetricsQuery } from './metrics-query';
import { MAX_SERIES } from './metrics-query';

export interface SqlWithParams {
  sql: string;
  params: Record<string, QueryParamValue>;
}

/** The expression each group-by field reads; the request picks keys of this map, never SQL text. */
const groupExpressions: Record<GroupField, string> = {
  model: "if(LlmRequestModel != '', LlmRequestModel, LlmResponseModel)",
  provider: 'LlmProvider',
  service: 'ServiceName',
  spanName: 'SpanName',
  promptKey: 'PromptKey',
  promptVersion: 'PromptVersion',
};

/** Equality filters on one column each, bound by name. */
const columnFilters = [
  ['service', 'ServiceName'],
  ['spanName', 'SpanName'],
  ['provider', 'LlmProvider'],
  ['promptKey', 'PromptKey'],
  ['promptVersion', 'PromptVersion'],
] as const;

/**
 * One row per series (at most MAX_SERIES + 1, so the caller can tell when there are too many), each holding its
 * non-empty buckets as tuples (bucket ms, requests, errors, [p50, p90, p99] ns, tokens…, cost, spans with a time to
 * first token, its [p50, p90, p99] ns — NaN when none).
 */
export const metricsSql = (workspaceId: string, q: MetricsQuery): SqlWithParams => {
  const where = [
    'WorkspaceId = {workspaceId:String}',
    'Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64})',
    'Timestamp < fromUnixTimestamp64Milli({toMs:Int64})',
  ];
  const params: Record<string, QueryParamValue> = {
    workspaceId,
    fromMs: q.from,
    toMs: q.to,
    stepMs: q.stepSeconds * 1000,
    maxRows: MAX_SERIES + 1,
  };
  for (const [name, column] of columnFilters) {
    const value = q[name];
    if (value === undefined) continue;
    where.push(`${column} = {${name}:String}`);
    params[name] = value;
  }
  if (q.model !== undefined) {
    where.push('(LlmRequestModel = {model:String} OR LlmResponseModel = {model:String})');
    params.model = q.model;
  }
  if (q.spanType !== undefined && q.spanType.length > 0) {
    where.push('SpanType IN {spanTypes:Array(String)}');
    params.spanTypes = q.spanType;
  }
  const keys = q.groupBy.map((field, i) => ({ expr: groupExpressions[field], alias: `G${i}` }));
  const inner = keys.map((k) => `${k.expr} AS ${k.alias}, `).join('');
  const aliases = keys.map((k) => k.alias);
  const sql = `SELECT ${aliases.map((a) => `${a}, `).join('')}groupArray((Bucket, Requests, Errors, Latency, InTokens, OutTokens,
        CacheRead, CacheWrite, Reasoning, AllTokens, Cost, Streamed, FirstToken)) AS Points, sum(Requests) AS Total
FROM
(
    SELECT ${inner}{fromMs:Int64} + intDiv(toUnixTimestamp64Milli(Timestamp) - {fromMs:Int64}, {stepMs:Int64}) * {stepMs:Int64} AS Bucket,
        count() AS Requests,
        countIf(StatusCode = 'Error') AS Errors,
        quantiles(0.5, 0.9, 0.99)(Duration) AS Latency,
        sumIf(InputTokens, ${MODEL_CALL_SQL}) AS InTokens,
        sumIf(OutputTokens, ${MODEL_CALL_SQL}) AS OutTokens,
        sumIf(CacheReadTokens, ${MODEL_CALL_SQL}) AS CacheRead,
        sumIf(CacheWriteTokens, ${MODEL_CALL_SQL}) AS CacheWrite,
        sumIf(ReasoningTokens, ${MODEL_CALL_SQL}) AS Reasoning,
        sumIf(TotalTokens, ${MODEL_CALL_SQL}) AS AllTokens,
        sum(TotalCost) AS Cost,
        countIf(TimeToFirstTokenNs > 0) AS Streamed,
        quantilesIf(0.5, 0.9, 0.99)(TimeToFirstTokenNs, TimeToFirstTokenNs > 0) AS FirstToken
    FROM spans
    WHERE ${where.join('\n        AND ')}
    GROUP BY ${[...aliases, 'Bucket'].join(', ')}
)${aliases.length > 0 ? `\nGROUP BY ${aliases.join(', ')}` : ''}
ORDER BY Total DESC${aliases.map((a) => `, ${a}`).join('')}
LIMIT {maxRows:UInt32}
SETTINGS output_format_json_quote_64bit_integers = 1`;
  return { sql, params };
};
