import { describe, expect, it } from 'vitest';
import { retryAfterMs, ProviderError } from './provider-client';
import { createRateLimiter } from './rate-limiter';
import { DEFAULT_RETRY_POLICY, isRetryable, retryDelayMs } from './retry-policy';

describe('rate limiter', () => {
  it('grants a minute’s budget, then one request per 60/rpm seconds, per key', () => {
    const limiter = createRateLimiter();
    const t = 1_000_000;
    for (let i = 0; i < 3; i++) expect(limiter.take('p', 3, t)).toBeUndefined();
    expect(limiter.take('p', 3, t)).toBe(20_000);
    expect(limiter.take('q', 3, t)).toBeUndefined();
    expect(limiter.take('p', 3, t + 19_999)).toBe(1);
    expect(limiter.take('p', 3, t + 20_000)).toBeUndefined();
    expect(limiter.take('p', 3, t + 20_000)).toBe(20_000);
    // A new limit starts a fresh minute.
    expect(limiter.take('p', 60, t + 20_000)).toBeUndefined();
  });
});

describe('retry policy', () => {
  const status = (s: number, after?: number) => new ProviderError('status', 'x', s, after);

  it('retries 408, 409, 429, 5xx, timeouts and connection failures only', () => {
    expect([408, 409, 429, 500, 503, 529].map((s) => isRetryable(status(s)))).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect([400, 401, 403, 404, 422].map((s) => isRetryable(status(s)))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(isRetryable(new ProviderError('timeout', 't'))).toBe(true);
    expect(isRetryable(new ProviderError('connection', 'c'))).toBe(true);
    expect(isRetryable(new ProviderError('aborted', 'a'))).toBe(false);
  });

  it('backs off exponentially with jitter, and honours Retry-After up to the cap', () => {
    const p = { baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };
    expect([1, 2, 3, 4, 5].map((r) => retryDelayMs(status(500), r, p, () => 1))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
    expect([1, 2, 3].map((r) => retryDelayMs(status(500), r, p, () => 0))).toEqual([50, 100, 200]);
    expect(retryDelayMs(status(429, 3000), 1, p)).toBe(3000);
    expect(retryDelayMs(status(429, 6000), 1, p)).toBeUndefined();
    expect(DEFAULT_RETRY_POLICY.maxRetryAfterMs).toBe(60_000);
  });

  it('reads retry-after-ms, seconds and HTTP dates', () => {
    const h = (entries: Record<string, string>) => new Headers(entries);
    expect(retryAfterMs(h({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    expect(retryAfterMs(h({ 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMs(h({ 'retry-after': new Date(10_000).toUTCString() }), 4_000)).toBe(6000);
    expect(retryAfterMs(h({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});
