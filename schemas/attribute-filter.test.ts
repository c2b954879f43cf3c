import { describe, expect, it } from 'vitest';
import { AttributeFilterInput, numericValue, parseFilterText } from './attribute-filter';

const parse = (input: unknown) => {
  const r = AttributeFilterInput.safeParse(input);
  return r.success ? r.data : r.error.issues.map((i) => i.message).join('; ');
};

describe('filter text', () => {
  it.each([
    ['span.http.status_code>=500', { scope: 'span', key: 'http.status_code', op: '>=', value: '500' }],
    [
      'resource.deployment.environment=prod',
      { scope: 'resource', key: 'deployment.environment', op: '=', value: 'prod' },
    ],
    ['span.llm.cached exists', { scope: 'span', key: 'llm.cached', op: 'exists', value: '' }],
    ['user.tier !exists', { scope: 'any', key: 'user.tier', op: '!exists', value: '' }],
    ['user.tier!exists', { scope: 'any', key: 'user.tier', op: '!exists', value: '' }],
    ['a!=b', { scope: 'any', key: 'a', op: '!=', value: 'b' }],
    ['a <= 2.5', { scope: 'any', key: 'a', op: '<=', value: '2.5' }],
    ['a<-1', { scope: 'any', key: 'a', op: '<', value: '-1' }],
    ['a>x', { scope: 'any', key: 'a', op: '>', value: 'x' }],
    ['a=', { scope: 'any', key: 'a', op: '=', value: '' }],
    ['a="=b"', { scope: 'any', key: 'a', op: '=', value: '=b' }],
    [
      'a==b',
      'the value after = starts with =: a mistyped operator? Quote a value that starts with it (="=b")',
    ],
    [
      'a>>=5',
      'the value after > starts with >: a mistyped operator? Quote a value that starts with it (>">=5")',
    ],
    ['a=x=y', { scope: 'any', key: 'a', op: '=', value: 'x=y' }],
    ['a=exists', { scope: 'any', key: 'a', op: '=', value: 'exists' }],
    [
      'span.user.email=~@example\\.com$',
      { scope: 'span', key: 'user.email', op: '=~', value: '@example\\.com$' },
    ],
    ['msg=" padded "', { scope: 'any', key: 'msg', op: '=', value: ' padded ' }],
    ['span."key with = and spaces"=v', { scope: 'span', key: 'key with = and spaces', op: '=', value: 'v' }],
    ['"span.kind"=x', { scope: 'any', key: 'span.kind', op: '=', value: 'x' }],
    ['span.=x', 'expected an attribute key first'],
  ])('%s', (text, expected) => {
    expect(parseFilterText(text)).toEqual(expected);
  });

  it('explains what is missing', () => {
    expect(parse('')).toMatch(/expected an attribute key/);
    expect(parse('key')).toMatch(/expected an operator/);
    expect(parse('key exists now')).toMatch(/expected an operator/);
    expect(parse('key>')).toBe('> needs a value');
    expect(parse('a="x" y')).toBe('unexpected text after the quoted value');
    expect(parse(`k=~${'a'.repeat(1025)}`)).toMatch(/regex is longer than 1024/);
    expect(parse(`${'k'.repeat(257)}=1`)).toMatch(/key is longer than 256/);
  });
});

describe('filter JSON', () => {
  it('defaults the scope, stringifies numbers and booleans, and checks the value against the operator', () => {
    expect(parse({ key: 'http.status_code', op: '>=', value: 500 })).toEqual({
      scope: 'any',
      key: 'http.status_code',
      op: '>=',
      value: '500',
    });
    expect(parse({ scope: 'span', key: 'ok', op: '=', value: true })).toMatchObject({ value: 'true' });
    expect(parse({ key: 'x', op: 'exists' })).toMatchObject({ op: 'exists', value: '' });
    expect(parse({ key: 'x', op: 'exists', value: 'y' })).toBe('exists takes no value');
    expect(parse({ key: 'x', op: '=' })).toBe('= needs a value');
    expect(parse({ key: '', op: '=', value: '' })).toBe('the attribute key is empty');
    expect(parse({ key: 'x', op: 'like', value: 'y' })).toMatch(/^op: Invalid option/);
    expect(parse(42)).toBe('expected a filter text or an object { scope?, key, op, value? }');
    expect(parse({ key: 'x', op: '=', value: 'y', extra: 1 })).toMatch(/Unrecognized key: "extra"/);
  });
});

describe('numericValue', () => {
  it('reads plain decimal and exponent numbers only', () => {
    expect(['500', '-1', '2.5', '.5', '1e3', '+7'].map(numericValue)).toEqual([500, -1, 2.5, 0.5, 1000, 7]);
    expect(['', 'x', '0x10', 'Infinity', 'NaN', '1e999', '1 2'].map(numericValue)).toEqual(
      Array(7).fill(undefined),
    );
  });
});
