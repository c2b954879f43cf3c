import { AppError } from '../../core/app-error';
import { err, ok, type Result } from '../../core/result';
import type { Expr, Field, IntrinsicName, KindValue, Literal, Spanset, StatusValue } from './ast';
import { tokenize, TraceQLSyntaxError, type Token } from './lexer';
import { checkComparison } from './type-check';

/** Queries longer than this are refused before parsing; Grafana's builder stays far below. */
export const MAX_QUERY_LENGTH = 16_384;
/** Nesting of parentheses beyond this is refused (stack safety). */
const MAX_DEPTH = 64;

const BARE_INTRINSICS: Readonly<Record<string, IntrinsicName>> = {
  name: 'name',
  status: 'status',
  statusMessage: 'statusMessage',
  kind: 'kind',
  duration: 'duration',
  rootName: 'rootName',
  rootServiceName: 'rootServiceName',
  traceDuration: 'traceDuration',
};
const COLON_INTRINSICS: Readonly<Record<string, IntrinsicName>> = {
  'span:name': 'name',
  'span:status': 'status',
  'span:statusMessage': 'statusMessage',
  'span:kind': 'kind',
  'span:duration': 'duration',
  'span:id': 'spanId',
  'span:parentID': 'parentId',
  'trace:id': 'traceId',
  'trace:rootName': 'rootName',
  'trace:rootService': 'rootServiceName',
  'trace:duration': 'traceDuration',
  'event:name': 'eventName',
  'instrumentation:name': 'scopeName',
  'instrumentation:version': 'scopeVersion',
};
/** The intrinsic a spelling names (`name`, `span:name`, `trace:rootService`…); undefined when none. */
export const lookupIntrinsic = (text: string): IntrinsicName | undefined =>
  Object.hasOwn(BARE_INTRINSICS, text)
    ? BARE_INTRINSICS[text]
    : Object.hasOwn(COLON_INTRINSICS, text)
      ? COLON_INTRINSICS[text]
      : undefined;

const STATUSES: readonly string[] = ['error', 'ok', 'unset'] satisfies StatusValue[];
const KINDS: readonly string[] = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
] satisfies KindValue[];

/** "at column 12" for one-line queries, "at line 2, column 3" otherwise (1-based). */
export function describePosition(text: string, at: number): string {
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - (before.lastIndexOf('\n') + 1) + 1;
  return text.includes('\n') ? `at line ${line}, column ${column}` : `at column ${column}`;
}

const describe = (token: Token): string => {
  switch (token.t) {
    case 'eof':
      return 'the end of the query';
    case 'string':
      return `string ${JSON.stringify(token.v)}`;
    case 'attribute':
      return `attribute "${token.v}"`;
    case 'colon':
      return `"${token.scope}:${token.v}"`;
    default:
      return `"${String(token.v)}"`;
  }
};

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.pos] ?? { t: 'eof', at: 0 };
  }
  private next(): Token {
    const token = this.peek();
    if (token.t !== 'eof') this.pos += 1;
    return token;
  }
  private fail(token: Token, expected: string): never {
    throw new TraceQLSyntaxError(token.at, `expected ${expected}, found ${describe(token)}`);
  }
  private isPunct(v: string): boolean {
    const token = this.peek();
    return token.t === 'punct' && token.v === v;
  }
  private expectPunct(v: string, expected: string): void {
    if (!this.isPunct(v)) this.fail(this.peek(), expected);
    this.pos += 1;
  }

  spanset(): Spanset {
    this.expectPunct('{', '"{"');
    const filter = this.isPunct('}') ? undefined : this.or(0);
    this.expectPunct('}', '"&&", "||" or "}"');
    const rest = this.peek();
    if (rest.t === 'punct' && (rest.v === '&&' || rest.v === '||' || rest.v === '|'))
      throw new TraceQLSyntaxError(rest.at, 'spanset operations and pipelines are not supported');
    if (rest.t !== 'eof') this.fail(rest, 'the end of the query');
    return { filter };
  }

  private or(depth: number): Expr {
    let left = this.and(depth);
    while (this.isPunct('||')) {
      this.pos += 1;
      left = { type: 'or', left, right: this.and(depth) };
    }
    return left;
  }

  private and(depth: number): Expr {
    let left = this.primary(depth);
    while (this.isPunct('&&')) {
      this.pos += 1;
      left = { type: 'and', left, right: this.primary(depth) };
    }
    return left;
  }

  private primary(depth: number): Expr {
    if (this.isPunct('(')) {
      if (depth >= MAX_DEPTH) throw new TraceQLSyntaxError(this.peek().at, 'too deeply nested');
      this.pos += 1;
      const inner = this.or(depth + 1);
      this.expectPunct(')', '"&&", "||" or ")"');
      return inner;
    }
    const field = this.field();
    const opToken = this.next();
    if (opToken.t !== 'op') this.fail(opToken, 'a comparison operator');
    const value = this.literal();
    const comparison = { type: 'compare' as const, field, op: opToken.v, opAt: opToken.at, value };
    checkComparison(comparison);
    return comparison;
  }

  private field(): Field {
    const token = this.next();
    if (token.t === 'attribute') return { type: 'attribute', scope: token.scope, key: token.v, at: token.at };
    if (token.t === 'ident') {
      const name = lookupIntrinsic(token.v);
      if (name !== undefined) return { type: 'intrinsic', name, at: token.at };
      throw new TraceQLSyntaxError(token.at, `unknown intrinsic "${token.v}"`);
    }
    if (token.t === 'colon') {
      const name = lookupIntrinsic(`${token.scope}:${token.v}`);
      if (name !== undefined) return { type: 'intrinsic', name, at: token.at };
      throw new TraceQLSyntaxError(token.at, `unknown intrinsic "${token.scope}:${token.v}"`);
    }
    return this.fail(token, 'an attribute or intrinsic');
  }

  private literal(): Literal {
    const token = this.next();
    switch (token.t) {
      case 'string':
        return { type: 'string', value: token.v, at: token.at };
      case 'number':
        return { type: 'number', value: token.v, at: token.at };
      case 'duration':
        return { type: 'duration', nanos: token.v, at: token.at };
      case 'ident':
        if (token.v === 'true' || token.v === 'false')
          return { type: 'bool', value: token.v === 'true', at: token.at };
        if (token.v === 'nil') return { type: 'nil', at: token.at };
        if (STATUSES.includes(token.v))
          return { type: 'status', value: token.v as StatusValue, at: token.at };
        if (KINDS.includes(token.v)) return { type: 'kind', value: token.v as KindValue, at: token.at };
        break;
      default:
        break;
    }
    return this.fail(token, 'a value');
  }
}

const run = <T>(text: string, parse: (p: Parser) => T): Result<T> => {
  if (text.length > MAX_QUERY_LENGTH)
    return err(new AppError('invalid_argument', `query is longer than ${MAX_QUERY_LENGTH} characters`));
  try {
    return ok(parse(new Parser(tokenize(text))));
  } catch (e) {
    if (e instanceof TraceQLSyntaxError)
      return err(new AppError('invalid_argument', `${describePosition(text, e.at)}: ${e.problem}`));
    throw e;
  }
};

/**
 * Parses one TraceQL spanset; a malformed query is an invalid_argument naming the position.
 *
 * @example
 * parseTraceQL('{ span.http.method = "GET" && duration > 100ms }');
 * parseTraceQL('{ name = }'); // err: 'at column 10: expected a value, found "}"'
 */
export const parseTraceQL = (text: string): Result<Spanset> => run(text, (p) => p.spanset());
