import { numericValue } from '../../schemas/attribute-filter';
import type { AttributeFilter } from '../../schemas/attribute-filter';
import { STORED_SPAN_KIND, STORED_STATUS_CODE } from '../../schemas/span-query';
import type { SearchFilters } from '../../schemas/span-query';
import type { QueryParamValue } from '../clickhouse/executor';

export interface SqlWithParams {
  sql: string;
  params: Record<string, QueryParamValue>;
}

const MAPS = {
  span: ['SpanAttributes'],
  resource: ['ResourceAttributes'],
  any: ['SpanAttributes', 'ResourceAttributes'],
} as const;

/** Adds `{fN:Type}` parameters; the SQL text depends only on which filters are present, never on values. */
const binder = (params: Record<string, QueryParamValue>) => {
  let n = 0;
  return (value: QueryParamValue, type: string): string => {
    const name = `f${n}`;
    n += 1;
    params[name] = value;
    return `{${name}:${type}}`;
  };
};

type Bind = ReturnType<typeof binder>;

/** One attribute condition over its map(s); keys, values and regexes are all parameters. */
const attributeCondition = (f: AttributeFilter, bind: Bind): string => {
  const maps = MAPS[f.scope];
  const k = bind(f.key, 'String');
  const present = (m: string) => `mapContains(${m}, ${k})`;
  if (f.op === 'exists') return `(${maps.map(present).join(' OR ')})`;
  if (f.op === '!exists') return `(${maps.map((m) => `NOT ${present(m)}`).join(' AND ')})`;
  const numeric = ['<', '>', '<=', '>='].includes(f.op) ? numericValue(f.value) : undefined;
  const v = numeric === undefined ? bind(f.value, 'String') : bind(numeric, 'Float64');
  const one = (m: string): string => {
    // A missing key reads as '' from a Map, so conditions an empty string could meet also prove the key is there.
    if (numeric !== undefined) return `toFloat64OrNull(${m}[${k}]) ${f.op} ${v}`;
    if (f.op === '=~') return `(${present(m)} AND match(${m}[${k}], ${v}))`;
    if (f.op === '=' && f.value !== '') return `${m}[${k}] = ${v}`;
    return `(${present(m)} AND ${m}[${k}] ${f.op} ${v})`;
  };
  const condition = `(${maps.map(one).join(' OR ')})`;
  // service.name is in the sorting key as ServiceName: the extra equality lets ClickHouse skip granules.
  if (f.scope === 'resource' && f.key === 'service.name' && f.op === '=')
    return `(ServiceName = ${v} AND ${condition})`;
  return condition;
};

/**
 * The span-level conditions of a search over `spans`: workspace and time range first (they prune by the sort
 * and partition keys), promoted columns as columns, attributes through their maps.
 */
export const spanFilterSql = (workspaceId: string, q: SearchFilters): SqlWithParams => {
  const where = [
    'WorkspaceId = {workspaceId:String}',
    'Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64})',
    'Timestamp < fromUnixTimestamp64Milli({toMs:Int64})',
  ];
  const params: Record<string, QueryParamValue> = { workspaceId, fromMs: q.from, toMs: q.to };
  const bind = binder(params);
  const equal = (column: string, value: string | undefined) => {
    if (value !== undefined) where.push(`${column} = ${bind(value, 'String')}`);
  };
  const range = (column: string, min: number | undefined, max: number | undefined, type: string) => {
    if (min !== undefined) where.push(`${column} >= ${bind(min, type)}`);
    if (max !== undefined) where.push(`${column} <= ${bind(max, type)}`);
  };
  equal('ServiceName', q.service);
  equal('SpanName', q.spanName);
  equal('SpanKind', q.kind === undefined ? undefined : STORED_SPAN_KIND[q.kind]);
  equal('StatusCode', q.status === undefined ? undefined : STORED_STATUS_CODE[q.status]);
  if (q.rootOnly) where.push("ParentSpanId = ''");
  range(
    'Duration',
    q.minDurationMs === undefined ? undefined : Math.ceil(q.minDurationMs * 1e6),
    q.maxDurationMs === undefined ? undefined : Math.floor(q.maxDurationMs * 1e6),
    'UInt64',
  );
  for (const f of q.filters) where.push(attributeCondition(f, bind));
  if (q.model !== undefined) {
    const m = bind(q.model, 'String');
    where.push(`(LlmRequestModel = ${m} OR LlmResponseModel = ${m})`);
  }
  equal('LlmProvider', q.provider);
  equal('SpanType', q.spanType);
  range('TotalTokens', q.minTokens, q.maxTokens, 'UInt64');
  range('TotalCost', q.minCost, q.maxCost, 'Float64');
  equal('PromptKey', q.promptKey);
  equal('PromptVersion', q.promptVersion);
  equal('SessionId', q.sessionId);
  equal('UserId', q.userId);
  if (q.text !== undefined) {
    // Messages are stored as JSON, so the needle is searched in its JSON-escaped form (quotes, newlines).
    const t = bind(JSON.stringify(q.text).slice(1, -1), 'String');
    where.push(
      `(positionCaseInsensitiveUTF8(LlmInput, ${t}) > 0 OR positionCaseInsensitiveUTF8(LlmOutput, ${t}) > 0)`,
    );
  }
  return { sql: where.join('\n    AND '), params };
};
