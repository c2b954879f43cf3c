/** Requests per minute per key (a provider), in this process: a token bucket holding one minute's budget. */
export interface RateLimiter {
  /** Takes one request's token; undefined when granted, else the milliseconds until one is free. */
  take(key: string, perMinute: number, nowMs: number): number | undefined;
}

interface Bucket {
  tokens: number;
  at: number;
  perMinute: number;
}

// Providers are few; the cap only bounds memory if ids churn.
const MAX_BUCKETS = 10_000;

export function createRateLimiter(): RateLimiter {
  const buckets = new Map<string, Bucket>();
  return {
    take(key, perMinute, nowMs) {
      let bucket = buckets.get(key);
      // A changed limit starts a fresh minute.
      if (bucket === undefined || bucket.perMinute !== perMinute) {
        if (buckets.size >= MAX_BUCKETS) buckets.clear();
        bucket = { tokens: perMinute, at: nowMs, perMinute };
        buckets.set(key, bucket);
      }
      const perMs = perMinute / 60_000;
      bucket.tokens = Math.min(perMinute, bucket.tokens + Math.max(0, nowMs - bucket.at) * perMs);
      bucket.at = nowMs;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return undefined;
      }
      return Math.ceil((1 - bucket.tokens) / perMs);
    },
  };
}
