import { AppError } from '../../core/app-error';
import { err, ok, type Result } from '../../core/result';
import type { Comparison, Expr, Field, Literal } from '../traceql/ast';
import { parseGoDuration } from '../traceql/lexer';

/** Parses logfmt (`a=b c="d e"`); a bare key has the value undefined. */
export function parseLogfmt(text: string): Result<[string, string | undefined][]> {
  const pairs: [string, string | undefined][] = [];
  let i = 0;
  const readValue = (): string => {
    if (text[i] !== '"') {
      const start = i;
      while (i < text.length && !/\s/.test(text[i] as string)) i += 1;
      return text.slice(start, i);
    }
    let value = '';
    for (i += 1; i < text.length; i += 1) {
      const c = text[i] as string;
      if (c === '"') {
        i += 1;
        return value;
      }
      if (c === '\\' && i + 1 < text.length) i += 1;
      value += text[i] as string;
    }
    throw new AppError('invalid_argument', 'tags: unterminated quoted value');
  };
  try {
    while (i < text.length) {
      if (/\s/.test(text[i] as string)) {
        i += 1;
        continue;
      }
      const start = i;
      while (i < text.length && text[i] !== '=' && !/\s/.test(text[i] as string)) i += 1;
      const key = text.slice(start, i);
      if (text[i] !== '=') {
        pairs.push([key, undefined]);
        continue;
      }
      i += 1;
      pairs.push([key, readValue()]);
    }
  } catch (e) {
    if (e instanceof AppError) return err(e);
    throw e;
  }
  return ok(pairs);
}

const compare = (field: Field, op: Comparison['op'], value: Literal): Expr => ({
  type: 'compare',
  field,
  op,
  opAt: 0,
  value,
});
const either = (left: Expr, right: Expr): Expr => ({ type: 'or', left, right });
/** Joins conditions with &&; undefined when there are none. */
export const allOf = (exprs: readonly Expr[]): Expr | undefined =>
  exprs.reduce<Expr | undefined>(
    (acc, e) => (acc === undefined ? e : { type: 'and', left: acc, right: e }),
    undefined,
  );

const intrinsic = (name: 'name' | 'rootName' | 'rootServiceName'): Field => ({
  type: 'intrinsic',
  name,
  at: 0,
});
const STATUSES = new Set(['error', 'ok', 'unset']);

// Old Tempo search indexed every value as text, so `http.status_code=200` also finds the int attribute 200.
function tagCondition(key: string, value: string | undefined): Result<Expr> {
  const attribute: Field = { type: 'attribute', scope: 'unscoped', key, at: 0 };
  if (value === undefined) return ok(compare(attribute, '!=', { type: 'nil', at: 0 }));
  const text: Literal = { type: 'string', value, at: 0 };
  if (key === 'name') return ok(compare(intrinsic('name'), '=', text));
  if (key === 'root.name') return ok(compare(intrinsic('rootName'), '=', text));
  if (key === 'root.service.name') return ok(compare(intrinsic('rootServiceName'), '=', text));
  if (key === 'status') {
    if (!STATUSES.has(value))
      return err(new AppError('invalid_argument', 'tags: status must be error, ok or unset'));
    return ok(
      compare({ type: 'intrinsic', name: 'status', at: 0 }, '=', {
        type: 'status',
        value: value as 'error' | 'ok' | 'unset',
        at: 0,
      }),
    );
  }
  let condition = compare(attribute, '=', text);
  if (/^-?\d+(\.\d+)?$/.test(value))
    condition = either(condition, compare(attribute, '=', { type: 'number', value: Number(value), at: 0 }));
  if (value === 'true' || value === 'false')
    condition = either(condition, compare(attribute, '=', { type: 'bool', value: value === 'true', at: 0 }));
  return ok(condition);
}

/** The filter of a legacy search (`tags=<logfmt>`): every tag must match on the same span. */
export function legacyTagsFilter(tags: string): Result<Expr[]> {
  const pairs = parseLogfmt(tags);
  if (!pairs.ok) return pairs;
  const exprs: Expr[] = [];
  for (const [key, value] of pairs.value) {
    const condition = tagCondition(key, value);
    if (!condition.ok) return condition;
    exprs.push(condition.value);
  }
  return ok(exprs);
}

/** `minDuration`/`maxDuration` (Go durations) as trace-duration bounds. */
export function durationBounds(min: string | undefined, max: string | undefined): Result<Expr[]> {
  const exprs: Expr[] = [];
  for (const [name, text, op] of [
    ['minDuration', min, '>='],
    ['maxDuration', max, '<='],
  ] as const) {
    if (text === undefined || text === '') continue;
    const nanos = parseGoDuration(text);
    if (nanos === undefined)
      return err(new AppError('invalid_argument', `${name}: expected a duration such as 100ms`));
    exprs.push(
      compare({ type: 'intrinsic', name: 'traceDuration', at: 0 }, op, { type: 'duration', nanos, at: 0 }),
    );
  }
  return ok(exprs);
}
