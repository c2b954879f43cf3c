import { AppError } from '../app-error';
import { ProviderError, retryAfterMs } from './provider-client';

type ErrorClass<T extends Error = Error> = abstract new (...args: never[]) => T;

/** The error classes both official SDKs export under the same names and shapes (each its own classes). */
export interface SdkErrorClasses {
  APIUserAbortError: ErrorClass;
  APIConnectionTimeoutError: ErrorClass;
  APIConnectionError: ErrorClass;
  APIError: ErrorClass<
    Error & {
      readonly status: number | undefined;
      readonly headers: Headers | undefined;
      readonly error: unknown;
    }
  >;
}

/** The most of a provider's own error message that reaches a caller. */
export const MAX_RELAYED_CHARS = 300;

const field = (v: unknown, key: string): unknown =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined;

/**
 * The message of a provider's parsed JSON error body (`{error: {message}}`, `{message}`), without control
 * characters and truncated; never a raw body, which could be any server's page.
 */
export function relayedMessage(parsed: unknown): string | undefined {
  const found = [
    field(parsed, 'message'),
    field(field(parsed, 'error'), 'message'),
    field(parsed, 'error'),
  ].find((m): m is string => typeof m === 'string' && m.trim() !== '');
  if (found === undefined) return undefined;
  // eslint-disable-next-line no-control-regex
  const clean = found.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean.length > MAX_RELAYED_CHARS ? `${clean.slice(0, MAX_RELAYED_CHARS)}…` : clean;
}

/** An egress failure (refused destination, unreachable, too large) as the attempt's failure. */
function fromEgress(e: AppError): ProviderError {
  if (e.kind === 'invalid_argument') return new ProviderError('refused', e.message);
  if (e.kind === 'too_large') return new ProviderError('protocol', e.message);
  return new ProviderError('connection', `cannot reach the provider: ${e.message}`);
}

/**
 * Maps one SDK's errors to ProviderErrors; the HTTP status and Retry-After survive, the provider's message only
 * as relayedMessage allows.
 * @example const fromOpenAiError = sdkErrorMapper(OpenAI);
 */
export const sdkErrorMapper =
  (sdk: SdkErrorClasses) =>
  (e: unknown): ProviderError => {
    if (e instanceof ProviderError) return e;
    if (e instanceof AppError) return fromEgress(e);
    if (e instanceof sdk.APIUserAbortError) return new ProviderError('aborted', 'the call was aborted');
    // Subclasses first: the abort and connection errors extend APIError, the timeout extends the connection one.
    if (e instanceof sdk.APIConnectionTimeoutError)
      return new ProviderError('timeout', 'the provider did not answer in time');
    if (e instanceof sdk.APIConnectionError) {
      if (e.cause instanceof AppError) return fromEgress(e.cause);
      return new ProviderError('connection', `cannot reach the provider: ${e.message}`);
    }
    if (e instanceof sdk.APIError) {
      const { status, headers } = e;
      const relayed = relayedMessage(e.error);
      if (status === undefined)
        return new ProviderError('protocol', `the provider sent an error${relayed ? `: ${relayed}` : ''}`);
      return new ProviderError(
        'status',
        `${status} ${relayed ?? '(no error message)'}`,
        status,
        retryAfterMs(headers),
      );
    }
    if (e instanceof Error && e.name === 'AbortError')
      return new ProviderError('aborted', 'the call was aborted');
    if (e instanceof SyntaxError) return new ProviderError('protocol', 'the provider sent invalid JSON');
    const text = e instanceof Error ? e.message : String(e);
    return new ProviderError('protocol', text.slice(0, MAX_RELAYED_CHARS));
  };
