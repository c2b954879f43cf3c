import { describe, expect, it } from 'vitest';
import { normalizeTraceId } from './trace-id';

describe('normalizeTraceId', () => {
  it.each([
    ['0123456789ABCDEF0123456789abcdef', '0123456789abcdef0123456789abcdef'],
    ['a1b2c3d4e5f60718', '0000000000000000a1b2c3d4e5f60718'],
    ['1', '00000000000000000000000000000001'],
  ])('%s', (id, padded) => {
    expect(normalizeTraceId(id)).toEqual({ ok: true, value: padded });
  });

  it.each(['', 'xyz', '0123456789abcdef0123456789abcdef0', '12 34', "1'"])('refuses %j', (id) => {
    const r = normalizeTraceId(id);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe('invalid_argument');
  });
});
