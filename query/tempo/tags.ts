import { z } from 'zod';
import type { ClickHouseExecutor, QueryParamValue } from '../../core/clickhouse/executor';
import type { Field, IntrinsicName } from '../traceql/ast';
import type { CompiledFilter } from '../traceql/compile';
import { queryWithUserRegex } from './search';
import { SEARCH_SCOPE_SQL, type NanoRange } from './search-params';

/** Attribute scopes whose names the store can list. */
export type TagScope = 'span' | 'resource' | 'event' | 'link';
export const TAG_SCOPES: readonly TagScope[] = ['resource', 'span', 'event', 'link'];
const MAX_TAGS_PER_SCOPE = 1000;
const MAX_VALUES = 1000;

/** The intrinsics Grafana offers in autocomplete (Tempo's `intrinsic` scope). */
export const INTRINSIC_TAGS = [
  'duration',
  'event:name',
  'instrumentation:name',
  'instrumentation:version',
  'kind',
  'name',
  'rootName',
  'rootServiceName',
  'span:duration',
  'span:id',
  'span:kind',
  'span:name',
  'span:parentID',
  'span:status',
  'span:statusMessage',
  'status',
  'statusMessage',
  'trace:duration',
  'trace:id',
  'trace:rootName',
  'trace:rootService',
  'traceDuration',
];

const NAME_SOURCES: Readonly<Record<TagScope, string>> = {
  span: "arrayMap(k -> ('span', toString(k)), mapKeys(SpanAttributes))",
  resource: "arrayMap(k -> ('resource', toString(k)), mapKeys(ResourceAttributes))",
  event: "arrayMap(k -> ('event', toString(k)), arrayFlatten(arrayMap(m -> mapKeys(m), Events.Attributes)))",
  link: "arrayMap(k -> ('link', toString(k)), arrayFlatten(arrayMap(m -> mapKeys(m), Links.Attributes)))",
};

const inMap = (values: string, types: string): string =>
  `if(mapContains(${values}, {key:String}), [(${values}[{key:String}], toString(${types}[{key:String}]))], [])`;
const inMaps = (values: string, types: string): string =>
  `arrayMap((m, t) -> (m[{key:String}], toString(t[{key:String}])), arrayFilter(m -> mapContains(m, {key:String}), ${values}), arrayFilter((t, m) -> mapContains(m, {key:String}), ${types}, ${values}))`;
const column = (expr: string): string => `[(toString(${expr}), '')]`;
const ofRoot = (expr: string): string => `if(ParentSpanId = '', [(toString(${expr}), '')], [])`;

const VALUE_SOURCES: Partial<Record<IntrinsicName, string>> = {
  name: column('SpanName'),
  statusMessage: column('StatusMessage'),
  rootName: ofRoot('SpanName'),
  rootServiceName: ofRoot('ServiceName'),
  eventName: "arrayMap(n -> (toString(n), ''), Events.Name)",
  scopeName: column('ScopeName'),
  scopeVersion: column('ScopeVersion'),
};
const KEYWORDS: Partial<Record<IntrinsicName, string[]>> = {
  status: ['error', 'ok', 'unset'],
  kind: ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'],
};

/** SQL giving (value, stored type) pairs of a field on one span row; undefined when the field has no values. */
function valueSource(field: Field): string | undefined {
  if (field.type === 'intrinsic') return VALUE_SOURCES[field.name];
  const span = inMap('SpanAttributes', 'SpanAttributeTypes');
  const resource = inMap('ResourceAttributes', 'ResourceAttributeTypes');
  switch (field.scope) {
    case 'span':
      return span;
    case 'resource':
      return resource;
    case 'unscoped':
      return `arrayConcat(${span}, ${resource})`;
    case 'event':
      return inMaps('Events.Attributes', 'Events.AttributeTypes');
    case 'link':
      return inMaps('Links.Attributes', 'Links.AttributeTypes');
    default:
      return undefined;
  }
}

export interface TagQuery {
  range: NanoRange;
  /** Compiled from the request's `q`; `{}` when absent or unparseable, as Tempo falls back. */
  filter: CompiledFilter;
}

const params = (workspaceId: string, q: TagQuery, extra: Record<string, QueryParamValue>) => ({
  ...q.filter.params,
  workspaceId,
  startNs: q.range.startNs,
  endNs: q.range.endNs,
  ...extra,
});

const NameRow = z.object({ Scope: z.enum(['span', 'resource', 'event', 'link']), Tag: z.string() });
const ValueRow = z.object({ Value: z.string(), Type: z.string() });

/** Attribute names seen in the range, per scope, sorted. */
export async function tagNames(
  executor: ClickHouseExecutor,
  workspaceId: string,
  scopes: readonly TagScope[],
  q: TagQuery,
): Promise<Record<TagScope, string[]>> {
  const found: Record<TagScope, string[]> = { span: [], resource: [], event: [], link: [] };
  if (scopes.length === 0) return found;
  const sql = `SELECT pair.1 AS Scope, pair.2 AS Tag
FROM spans
ARRAY JOIN arrayConcat(${scopes.map((s) => NAME_SOURCES[s]).join(', ')}) AS pair
WHERE ${SEARCH_SCOPE_SQL} AND (${q.filter.sql})
GROUP BY Scope, Tag
ORDER BY Scope, Tag
LIMIT {maxTags:UInt32} BY Scope`;
  const rows = await queryWithUserRegex(
    executor,
    sql,
    params(workspaceId, q, { maxTags: MAX_TAGS_PER_SCOPE }),
  );
  for (const row of rows) {
    const r = NameRow.parse(row);
    found[r.Scope].push(r.Tag);
  }
  return found;
}

/** Tempo's value types: keyword for enums, int/float/bool from the stored type, string otherwise. */
export interface TagValue {
  type: 'string' | 'int' | 'float' | 'bool' | 'keyword';
  value: string;
}
const TYPE_NAMES: Readonly<Record<string, TagValue['type']>> = { int: 'int', double: 'float', bool: 'bool' };

/** Distinct values of one field in the range, sorted; [] for fields without a value list (ids, durations). */
export async function tagValues(
  executor: ClickHouseExecutor,
  workspaceId: string,
  field: Field,
  q: TagQuery,
): Promise<TagValue[]> {
  if (field.type === 'intrinsic') {
    const keywords = KEYWORDS[field.name];
    if (keywords !== undefined) return keywords.map((value) => ({ type: 'keyword', value }));
  }
  const source = valueSource(field);
  if (source === undefined) return [];
  const sql = `SELECT pair.1 AS Value, pair.2 AS Type
FROM spans
ARRAY JOIN ${source} AS pair
WHERE ${SEARCH_SCOPE_SQL} AND (${q.filter.sql})
GROUP BY Value, Type
HAVING Value != ''
ORDER BY Value, Type
LIMIT {maxValues:UInt32}`;
  const key = field.type === 'attribute' ? field.key : '';
  const rows = await queryWithUserRegex(
    executor,
    sql,
    params(workspaceId, q, { key, maxValues: MAX_VALUES }),
  );
  return rows.map((row) => {
    const r = ValueRow.parse(row);
    return { type: TYPE_NAMES[r.Type] ?? 'string', value: r.Value };
  });
}
