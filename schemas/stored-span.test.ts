import { describe, expect, it } from 'vitest';
import { typedAttributes, typedAttributeValue } from './stored-span';

describe('typedAttributeValue', () => {
  it('gives every stored string back with its OTLP type', () => {
    expect(typedAttributeValue('42', 'int')).toBe(42);
    expect(typedAttributeValue('-9007199254740991', 'int')).toBe(-9007199254740991);
    expect(typedAttributeValue('9007199254740993', 'int')).toBe('9007199254740993');
    expect(typedAttributeValue('0.5', 'double')).toBe(0.5);
    expect(typedAttributeValue('NaN', 'double')).toBe('NaN');
    expect(typedAttributeValue('true', 'bool')).toBe(true);
    expect(typedAttributeValue('false', 'bool')).toBe(false);
    expect(typedAttributeValue('[1,"a",{"b":null}]', 'array')).toEqual([1, 'a', { b: null }]);
    expect(typedAttributeValue('{"k":[true]}', 'kvlist')).toEqual({ k: [true] });
    expect(typedAttributeValue('not json', 'array')).toBe('not json');
    expect(typedAttributeValue('AAEC', 'bytes')).toBe('AAEC');
    expect(typedAttributeValue('42', undefined)).toBe('42');
  });

  it('types a map with its type map', () => {
    expect(typedAttributes({ a: '1', b: '1' }, { a: 'int' })).toEqual({ a: 1, b: '1' });
  });
});
