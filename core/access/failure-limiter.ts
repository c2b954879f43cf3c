export interface FailureLimiter {
  /** Seconds until `address` may try again, or undefined when it may try now. */
  retryAfter(address: string, nowMs: number): number | undefined;
  /** Counts one failed authentication from `address`. */
  fail(address: string, nowMs: number): void;
}

export interface FailureLimiterOptions {
  maxFailures: number;
  windowMs: number;
  /** Addresses remembered at once; the oldest is forgotten first so memory stays bounded. */
  maxAddresses?: number;
}

/** Fixed-window counting of failed authentications per client address. */
export function createFailureLimiter(opts: FailureLimiterOptions): FailureLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  const maxAddresses = opts.maxAddresses ?? 10_000;
  const current = (address: string, nowMs: number) => {
    const w = windows.get(address);
    if (w !== undefined && nowMs - w.start >= opts.windowMs) {
      windows.delete(address);
      return undefined;
    }
    return w;
  };
  return {
    retryAfter: (address, nowMs) => {
      const w = current(address, nowMs);
      if (w === undefined || w.count < opts.maxFailures) return undefined;
      return Math.max(1, Math.ceil((w.start + opts.windowMs - nowMs) / 1000));
    },
    fail: (address, nowMs) => {
      const w = current(address, nowMs);
      if (w !== undefined) {
        w.count++;
        return;
      }
      if (windows.size >= maxAddresses) {
        const oldest = windows.keys().next();
        if (oldest.done !== true) windows.delete(oldest.value);
      }
      windows.set(address, { start: nowMs, count: 1 });
    },
  };
}
