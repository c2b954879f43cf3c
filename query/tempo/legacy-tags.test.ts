import { describe, expect, it } from 'vitest';
import { durationBounds, legacyTagsFilter, parseLogfmt } from './legacy-tags';

describe('parseLogfmt', () => {
  it('reads bare, quoted and escaped values', () => {
    expect(parseLogfmt('service.name=api  name="GET /x" q="a\\"b" flag')).toEqual({
      ok: true,
      value: [
        ['service.name', 'api'],
        ['name', 'GET /x'],
        ['q', 'a"b'],
        ['flag', undefined],
      ],
    });
  });
  it('refuses an unterminated quote', () => {
    expect(parseLogfmt('a="b').ok).toBe(false);
  });
});

describe('legacyTagsFilter', () => {
  it('maps name and status to intrinsics and numbers to text or number', () => {
    const r = legacyTagsFilter('name=root status=error http.status_code=200');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject([
      { field: { type: 'intrinsic', name: 'name' }, value: { type: 'string', value: 'root' } },
      { field: { type: 'intrinsic', name: 'status' }, value: { type: 'status', value: 'error' } },
      {
        type: 'or',
        left: {
          field: { scope: 'unscoped', key: 'http.status_code' },
          value: { type: 'string', value: '200' },
        },
        right: { value: { type: 'number', value: 200 } },
      },
    ]);
  });
  it('refuses an unknown status', () => {
    expect(legacyTagsFilter('status=broken').ok).toBe(false);
  });
});

describe('durationBounds', () => {
  it('bounds the trace duration', () => {
    expect(durationBounds('100ms', '2s')).toMatchObject({
      ok: true,
      value: [
        { field: { name: 'traceDuration' }, op: '>=', value: { nanos: 100e6 } },
        { field: { name: 'traceDuration' }, op: '<=', value: { nanos: 2e9 } },
      ],
    });
    expect(durationBounds('fast', undefined).ok).toBe(false);
  });
});
