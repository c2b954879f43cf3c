import { describe, expect, it } from 'vitest';
import { createFailureLimiter } from './failure-limiter';

describe('failure limiter', () => {
  it('blocks an address after maxFailures in a window and forgets it when the window ends', () => {
    const limiter = createFailureLimiter({ maxFailures: 2, windowMs: 10_000 });
    limiter.fail('a', 0);
    expect(limiter.retryAfter('a', 1)).toBeUndefined();
    limiter.fail('a', 1000);
    expect(limiter.retryAfter('a', 1000)).toBe(9);
    expect(limiter.retryAfter('b', 1000)).toBeUndefined();
    expect(limiter.retryAfter('a', 10_000)).toBeUndefined();
  });

  it('remembers a bounded number of addresses', () => {
    const limiter = createFailureLimiter({ maxFailures: 1, windowMs: 10_000, maxAddresses: 2 });
    for (const a of ['x', 'y', 'z']) limiter.fail(a, 0);
    expect(limiter.retryAfter('x', 1)).toBeUndefined();
    expect(limiter.retryAfter('z', 1)).toBe(10);
  });
});
