export type {
  AttributeScope,
  Comparison,
  ComparisonOp,
  Expr,
  Field,
  IntrinsicName,
  KindValue,
  Literal,
  Spanset,
  StatusValue,
} from './ast';
export { compileSpanset, compileTraceQL } from './compile';
export type { AttributeRef, CompiledFilter, CompileOptions } from './compile';
export { parseGoDuration } from './lexer';
export { MAX_QUERY_LENGTH, describePosition, lookupIntrinsic, parseTraceQL } from './parser';
export { parseTagName } from './tag-name';
