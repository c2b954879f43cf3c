import { describe, expect, it } from 'vitest';
import { loadPriceOverrides } from './load-overrides';

const entry = { model: 'acme-1', matchPattern: '^acme-1$', inputPrice: 1e-6, outputPrice: 2e-6 };

describe('loadPriceOverrides', () => {
  it('accepts a list of entries', () => {
    expect(loadPriceOverrides([entry])).toEqual({ ok: true, value: [entry] });
  });

  it('accepts a versioned table', () => {
    expect(loadPriceOverrides({ version: 3, entries: [entry] })).toEqual({ ok: true, value: [entry] });
  });

  it('rejects an invalid regular expression', () => {
    const result = loadPriceOverrides([{ ...entry, matchPattern: '(unclosed' }]);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.kind).toBe('invalid_argument');
      expect(result.error.message).toContain('regular expression');
    }
  });

  it('rejects negative prices and missing fields', () => {
    expect(loadPriceOverrides([{ ...entry, inputPrice: -1 }]).ok).toBe(false);
    expect(loadPriceOverrides([{ model: 'x', matchPattern: 'x' }]).ok).toBe(false);
    expect(loadPriceOverrides('nope').ok).toBe(false);
  });
});
