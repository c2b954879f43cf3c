/** The TraceQL subset as a tree; `at` is the 0-based offset in the query text, for error messages. */

export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | '=~' | '!~';

export type StatusValue = 'error' | 'ok' | 'unset';
export type KindValue = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/** Intrinsics by meaning; several spellings (`name`, `span:name`) parse to one. */
export type IntrinsicName =
  | 'name'
  | 'status'
  | 'statusMessage'
  | 'kind'
  | 'duration'
  | 'spanId'
  | 'parentId'
  | 'traceId'
  | 'rootName'
  | 'rootServiceName'
  | 'traceDuration'
  | 'eventName'
  | 'scopeName'
  | 'scopeVersion';

/** `unscoped` is `.x`: the span attribute or the resource attribute. */
export type AttributeScope = 'span' | 'resource' | 'unscoped' | 'event' | 'link' | 'instrumentation';

export type Field =
  | { type: 'intrinsic'; name: IntrinsicName; at: number }
  | { type: 'attribute'; scope: AttributeScope; key: string; at: number };

export type Literal =
  | { type: 'string'; value: string; at: number }
  | { type: 'number'; value: number; at: number }
  | { type: 'duration'; nanos: number; at: number }
  | { type: 'bool'; value: boolean; at: number }
  | { type: 'nil'; at: number }
  | { type: 'status'; value: StatusValue; at: number }
  | { type: 'kind'; value: KindValue; at: number };

export interface Comparison {
  type: 'compare';
  field: Field;
  op: ComparisonOp;
  opAt: number;
  value: Literal;
}

export type Expr = Comparison | { type: 'and' | 'or'; left: Expr; right: Expr };

/** One spanset `{ … }`; `filter` is undefined for `{}` (every span). */
export interface Spanset {
  filter: Expr | undefined;
}
