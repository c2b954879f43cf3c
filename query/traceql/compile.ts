import type { QueryParamValue } from '../../core/clickhouse/executor';
import type { Result } from '../../core/result';
import { STORED_SPAN_KIND, STORED_STATUS_CODE } from '../../schemas/span-query';
import type { AttributeScope, Comparison, Expr, Field, IntrinsicName, Literal, Spanset } from './ast';
import { parseTraceQL } from './parser';

export interface CompileOptions {
  /**
   * Conditions (SQL over `spans`, with the caller's own parameters) that bound the subqueries of trace-level
   * intrinsics, e.g. the workspace and the time range of the search.
   */
  traceScope: string;
}

/** An attribute a query names; search results show these on the matched spans. */
export interface AttributeRef {
  scope: AttributeScope;
  key: string;
}

export interface CompiledFilter {
  /** A boolean SQL expression over one row of `spans`; `1` for `{}`. */
  sql: string;
  /** Every literal and attribute key of the query, bound as `{pN:Type}`. */
  params: Record<string, QueryParamValue>;
  attributes: AttributeRef[];
}

const TEXT_COLUMNS: Partial<Record<IntrinsicName, string>> = {
  name: 'SpanName',
  statusMessage: 'StatusMessage',
  spanId: 'SpanId',
  parentId: 'ParentSpanId',
  traceId: 'TraceId',
  scopeName: 'ScopeName',
  scopeVersion: 'ScopeVersion',
};
const MAPS = {
  span: { values: 'SpanAttributes', types: 'SpanAttributeTypes' },
  resource: { values: 'ResourceAttributes', types: 'ResourceAttributeTypes' },
  event: { values: 'Events.Attributes', types: 'Events.AttributeTypes' },
  link: { values: 'Links.Attributes', types: 'Links.AttributeTypes' },
} as const;

/** Compiles a parsed spanset; all user text goes into `params`, the SQL text depends only on its shape. */
export function compileSpanset(spanset: Spanset, options: CompileOptions): CompiledFilter {
  const params: Record<string, QueryParamValue> = {};
  const attributes: AttributeRef[] = [];
  const bind = (value: QueryParamValue, type: 'String' | 'Float64' | 'Int64'): string => {
    const name = `p${Object.keys(params).length}`;
    params[name] = value;
    return `{${name}:${type}}`;
  };

  // A text comparison of `expr` (a column or lambda argument) with a string literal.
  const text = (expr: string, op: Comparison['op'], value: string): string => {
    const p = bind(value, 'String');
    if (op === '=~' || op === '!~') {
      // TraceQL regular expressions are fully anchored (Tempo ≥ 2.7).
      const match = `match(${expr}, concat('^(?:', ${p}, ')$'))`;
      return op === '=~' ? match : `NOT ${match}`;
    }
    return `${expr} ${op} ${p}`;
  };

  const typedValue = (values: string, types: string, key: string, c: Comparison): string => {
    const v = c.value;
    if (v.type === 'string')
      return `(mapContains(${values}, ${key}) AND ${types}[${key}] = '' AND ${text(`${values}[${key}]`, c.op, v.value)})`;
    if (v.type === 'bool')
      return `(${types}[${key}] = 'bool' AND ${values}[${key}] ${c.op} ${bind(String(v.value), 'String')})`;
    const n = v.type === 'duration' ? v.nanos : v.type === 'number' ? v.value : 0;
    return `(${types}[${key}] IN ('int', 'double') AND toFloat64OrZero(${values}[${key}]) ${c.op} ${bind(n, 'Float64')})`;
  };

  const attribute = (field: Extract<Field, { type: 'attribute' }>, c: Comparison): string => {
    if (field.scope === 'instrumentation') return c.value.type === 'nil' && c.op === '=' ? '1' : '0';
    if (field.scope !== 'event' && field.scope !== 'link')
      attributes.push({ scope: field.scope, key: field.key });
    const key = bind(field.key, 'String');
    const isNil = c.value.type === 'nil';
    const present = (values: string) => `mapContains(${values}, ${key})`;
    if (field.scope === 'unscoped') {
      const { span, resource } = MAPS;
      if (isNil)
        return c.op === '='
          ? `(NOT ${present(span.values)} AND NOT ${present(resource.values)})`
          : `(${present(span.values)} OR ${present(resource.values)})`;
      return `(${typedValue(span.values, span.types, key, c)} OR ${typedValue(resource.values, resource.types, key, c)})`;
    }
    const map = MAPS[field.scope];
    if (field.scope === 'span' || field.scope === 'resource') {
      if (isNil) return c.op === '=' ? `NOT ${present(map.values)}` : present(map.values);
      const condition = typedValue(map.values, map.types, key, c);
      // service.name is in the sorting key as ServiceName: the extra equality lets ClickHouse skip granules.
      return field.scope === 'resource' &&
        field.key === 'service.name' &&
        c.op === '=' &&
        c.value.type === 'string'
        ? `(ServiceName = ${bind(c.value.value, 'String')} AND ${condition})`
        : condition;
    }
    // Events and links hold one map per element: some element must match.
    if (isNil) {
      const any = `arrayExists(m -> mapContains(m, ${key}), ${map.values})`;
      return c.op === '=' ? `NOT ${any}` : any;
    }
    return `arrayExists((m, t) -> ${typedValue('m', 't', key, c)}, ${map.values}, ${map.types})`;
  };

  const traceLevel = (condition: string): string =>
    `TraceId IN (SELECT TraceId FROM spans WHERE ${options.traceScope} AND ${condition})`;

  const intrinsic = (name: IntrinsicName, c: Comparison): string => {
    const v: Literal = c.value;
    const column = TEXT_COLUMNS[name];
    if (column !== undefined) {
      // A text intrinsic is nil when empty (a root span has no parent id).
      if (v.type === 'nil') return `${column} ${c.op} ''`;
      return v.type === 'string' ? text(column, c.op, v.value) : '0';
    }
    if (v.type === 'nil') return c.op === '=' ? '0' : '1';
    switch (name) {
      case 'status':
        return v.type === 'status'
          ? `StatusCode ${c.op} ${bind(STORED_STATUS_CODE[v.value], 'String')}`
          : '0';
      case 'kind':
        return v.type === 'kind' ? `SpanKind ${c.op} ${bind(STORED_SPAN_KIND[v.value], 'String')}` : '0';
      case 'duration':
        return v.type === 'duration' ? `Duration ${c.op} ${bind(v.nanos, 'Int64')}` : '0';
      case 'rootName':
      case 'rootServiceName': {
        if (v.type !== 'string') return '0';
        const column = name === 'rootName' ? 'SpanName' : 'ServiceName';
        return traceLevel(`ParentSpanId = '' AND ${text(column, c.op, v.value)}`);
      }
      case 'traceDuration':
        return v.type === 'duration'
          ? traceLevel(
              `1 GROUP BY TraceId HAVING max(toUnixTimestamp64Nano(Timestamp) + toInt64(Duration)) - min(toUnixTimestamp64Nano(Timestamp)) ${c.op} ${bind(v.nanos, 'Int64')}`,
            )
          : '0';
      case 'eventName':
        return v.type === 'string' ? `arrayExists(e -> ${text('e', c.op, v.value)}, Events.Name)` : '0';
      default:
        return '0';
    }
  };

  const expr = (e: Expr): string => {
    if (e.type === 'compare')
      return e.field.type === 'attribute' ? attribute(e.field, e) : intrinsic(e.field.name, e);
    return `(${expr(e.left)} ${e.type === 'and' ? 'AND' : 'OR'} ${expr(e.right)})`;
  };

  const sql = spanset.filter === undefined ? '1' : expr(spanset.filter);
  return { sql, params, attributes };
}

/** Parses and compiles a TraceQL query; a malformed query is an invalid_argument naming the position. */
export function compileTraceQL(text: string, options: CompileOptions): Result<CompiledFilter> {
  const parsed = parseTraceQL(text);
  return parsed.ok ? { ok: true, value: compileSpanset(parsed.value, options) } : parsed;
}
