import { isRetryableStatus, type ProviderError } from './provider-client';

export interface RetryPolicy {
  /** The first back-off; each retry doubles it, with jitter, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the call fails with it instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/** 408, 409, 429 and 5xx answers, timeouts and connection failures may succeed when tried again. */
export const isRetryable = (e: ProviderError): boolean => {
  if (e.reason === 'timeout' || e.reason === 'connection') return true;
  return e.reason === 'status' && e.status !== undefined && isRetryableStatus(e.status);
};

/**
 * The wait before retry number `retry` (1 for the first): the provider's Retry-After when it sent one, else
 * exponential back-off with equal jitter. Undefined when the provider asks for a longer wait than the policy allows.
 */
export function retryDelayMs(
  e: ProviderError,
  retry: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number | undefined {
  if (e.retryAfterMs !== undefined)
    return e.retryAfterMs <= policy.maxRetryAfterMs ? e.retryAfterMs : undefined;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
