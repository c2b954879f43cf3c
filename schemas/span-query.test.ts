import { describe, expect, it } from 'vitest';
import { encodeTraceCursor, TraceSearchQuery } from './span-query';

const from = Date.UTC(2025, 0, 1);
const to = from + 3_600_000;

describe('TraceSearchQuery', () => {
  it('normalizes ISO instants to epoch milliseconds and applies the default limit', () => {
    const q = TraceSearchQuery.parse({ from: '2025-01-01T00:00:00Z', to: '2025-01-01T02:00:00+01:00' });
    expect(q).toEqual({ from, to, limit: 50 });
  });

  it('refuses empty, reversed and over-long ranges', () => {
    expect(TraceSearchQuery.safeParse({ from, to: from }).success).toBe(false);
    expect(TraceSearchQuery.safeParse({ from: to, to: from }).success).toBe(false);
    expect(TraceSearchQuery.safeParse({ from, to: from + 32 * 86_400_000 }).success).toBe(false);
    expect(TraceSearchQuery.safeParse({ from, to: from + 31 * 86_400_000 }).success).toBe(true);
    expect(TraceSearchQuery.safeParse({ to }).success).toBe(false);
  });

  it('bounds the limit and the duration filters', () => {
    expect(TraceSearchQuery.safeParse({ from, to, limit: 0 }).success).toBe(false);
    expect(TraceSearchQuery.safeParse({ from, to, limit: 1001 }).success).toBe(false);
    expect(TraceSearchQuery.safeParse({ from, to, minDurationMs: 10, maxDurationMs: 5 }).success).toBe(false);
    expect(TraceSearchQuery.safeParse({ from, to, status: 'failed' }).success).toBe(false);
  });

  it('decodes its own cursors and refuses anything else', () => {
    const cursor = encodeTraceCursor({ startTimeUnixNano: '1735689600123456789', traceId: 'ab'.repeat(16) });
    expect(TraceSearchQuery.parse({ from, to, cursor }).cursor).toEqual({
      startTimeUnixNano: '1735689600123456789',
      traceId: 'ab'.repeat(16),
    });
    for (const bad of [
      'x',
      Buffer.from('[1,2]').toString('base64url'),
      Buffer.from('["-1","a"]').toString('base64url'),
    ])
      expect(TraceSearchQuery.safeParse({ from, to, cursor: bad }).success).toBe(false);
  });
});
