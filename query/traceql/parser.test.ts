import { describe, expect, it } from 'vitest';
import { parseGoDuration } from './lexer';
import { parseTraceQL } from './parser';

const parsed = (q: string) => {
  const r = parseTraceQL(q);
  if (!r.ok) throw new Error(`${q}: ${r.error.message}`);
  return r.value;
};

describe('parseTraceQL', () => {
  it.each([
    '{}',
    '{ }',
    '{ name = "GET /" }',
    '{name="GET /"&&status=error}',
    '{ span.http.method = "GET" && (kind = server || kind = client) }',
    '{ resource.service.name =~ "check.*" && span.http.status_code >= 200 }',
    '{ .deployment.environment != nil }',
    '{ span."foo bar" = `raw \\ string` }',
    '{ duration > 1.5s && traceDuration < 1h30m && span:duration <= 100ms }',
    '{ span:name = "x" && span:status = ok && span:kind = internal && span:id = "ab" && span:parentID = nil }',
    '{ trace:rootName = "a" && trace:rootService = "b" && trace:duration > 1s && trace:id = "c" }',
    '{ event:name = "e" && event.attempt = 2 && link.k = "v" && instrumentation:name = "i" }',
    '{ span.ratio < -0.5 && span.big = 1e3 && span.ok = true && span.no = false }',
    '{ statusMessage !~ "rate.*" && rootName = "r" && rootServiceName = "s" }',
  ])('accepts %s', (q) => {
    expect(parseTraceQL(q).ok).toBe(true);
  });

  it('builds the tree with && binding tighter than ||', () => {
    const { filter } = parsed('{ .a = 1 || .b = 2 && .c = 3 }');
    expect(filter).toMatchObject({
      type: 'or',
      left: { type: 'compare', field: { scope: 'unscoped', key: 'a' } },
      right: { type: 'and', left: { field: { key: 'b' } }, right: { field: { key: 'c' } } },
    });
  });

  it('reads scopes, quoted names, escapes, durations and enums', () => {
    const { filter } = parsed(
      '{ resource.service.name = "a\\"b\\\\c" && span."x y" = 1 && duration > 1m30s }',
    );
    expect(filter).toMatchObject({
      left: {
        left: {
          field: { scope: 'resource', key: 'service.name' },
          value: { type: 'string', value: 'a"b\\c' },
        },
        right: { field: { scope: 'span', key: 'x y' }, value: { type: 'number', value: 1 } },
      },
      right: { field: { type: 'intrinsic', name: 'duration' }, op: '>', value: { nanos: 90e9 } },
    });
    expect(parsed('{ status = error && kind = server }').filter).toMatchObject({
      left: { value: { type: 'status', value: 'error' } },
      right: { value: { type: 'kind', value: 'server' } },
    });
  });

  it.each([
    ['name = "x"', 'at column 1: expected "{", found "name"'],
    ['{ name = }', 'at column 10: expected a value, found "}"'],
    ['{ name = "x" ', 'at column 14: expected "&&", "||" or "}", found the end of the query'],
    ['{ span.foo = "x" && }', 'at column 21: expected an attribute or intrinsic, found "}"'],
    ['{ name "x" }', 'at column 8: expected a comparison operator, found string "x"'],
    ['{ foo = 1 }', 'at column 3: unknown intrinsic "foo"'],
    ['{ span:bogus = 1 }', 'at column 3: unknown intrinsic "span:bogus"'],
    ['{ parent.x = 1 }', 'at column 3: unknown attribute scope "parent"'],
    ['{ status = "error" }', 'at column 12: expected a status (error, ok, unset)'],
    ['{ kind > server }', 'at column 8: kind compares only with = or !='],
    ['{ duration > 100 }', 'at column 14: expected a duration such as 100ms'],
    ['{ duration > 10xs }', 'at column 16: unknown duration unit'],
    ['{ .a = "unterminated }', 'at column 8: unterminated string'],
    ['{ .a = "bad \\q escape" }', 'at column 13: unknown escape sequence in string'],
    ['{ .a =~ "(" }', 'at column 9: invalid regular expression'],
    ['{ .a =~ 1 }', 'at column 9: expected a string (regular expression) after =~'],
    ['{ .a > nil }', 'at column 6: nil compares only with = or !='],
    ['{ .a = error }', 'at column 8: expected a string, number, bool or nil, found error'],
    ['{ .a = "x" # }', 'at column 12: unexpected character "#"'],
    ['{ span. = 1 }', 'at column 8: expected an attribute name'],
    ['{ (.a = 1 }', 'at column 11: expected "&&", "||" or ")", found "}"'],
    ['{ .a = 1 } | count() > 2', 'at column 12: spanset operations and pipelines are not supported'],
    ['{ .a = 1 } && { .b = 2 }', 'at column 12: spanset operations and pipelines are not supported'],
    ['{ .a = 1 } }', 'at column 12: expected the end of the query, found "}"'],
    ['{ .a = 1 &&\n  .b = }', 'at line 2, column 8: expected a value, found "}"'],
  ])('refuses %j with the position', (q, message) => {
    const r = parseTraceQL(q);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.kind).toBe('invalid_argument');
      expect(r.error.message).toBe(message);
    }
  });

  it('refuses runaway nesting and length without deep recursion', () => {
    const deep = `{ ${'('.repeat(3_000)}.a = 1${')'.repeat(3_000)} }`;
    const r = parseTraceQL(deep);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/^at column 67: too deeply nested$/);
    const long = parseTraceQL(`{ name = "${'x'.repeat(20_000)}" }`);
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.error.message).toMatch(/longer than/);
  });

  it.each([
    ['{ duration > 99999999999999999999999h }', /^at column 14: duration out of range/],
    ['{ traceDuration < 2562048h }', /^at column 19: duration out of range/],
    ['{ span.n > 1e309 }', /^at column 12: number out of range/],
  ])('refuses %s with the position of the value', (q, message) => {
    const r = parseTraceQL(q);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(message);
  });
});

describe('parseGoDuration', () => {
  it.each([
    ['100ms', 100e6],
    ['1.5s', 1.5e9],
    ['1h30m', 5400e9],
    ['250us', 250e3],
    ['7ns', 7],
  ])('%s', (text, nanos) => {
    expect(parseGoDuration(text)).toBe(nanos);
  });
  it.each(['', '10', '1x', 's', '1s trailing'])('refuses %j', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
});
