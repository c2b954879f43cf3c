import { ProviderError, retryAfterMs } from './provider-client';

type ErrorClass<T extends Error = Error> = abstract new (...args: never[]) => T;

/** The error classes both official SDKs export under the same names and shapes (each its own classes). */
export interface SdkErrorClasses {
  APIUserAbortError: ErrorClass;
  APIConnectionTimeoutError: ErrorClass;
  APIConnectionError: ErrorClass;
  APIError: ErrorClass<
    Error & { readonly status: number | undefined; readonly headers: Headers | undefined }
  >;
}

/**
 * Maps one SDK's errors to ProviderErrors; the HTTP status and Retry-After survive.
 * @example const fromOpenAiError = sdkErrorMapper(OpenAI);
 */
export const sdkErrorMapper =
  (sdk: SdkErrorClasses) =>
  (e: unknown): ProviderError => {
    if (e instanceof ProviderError) return e;
    if (e instanceof sdk.APIUserAbortError) return new ProviderError('aborted', 'the call was aborted');
    // Subclasses first: the abort and connection errors extend APIError, the timeout extends the connection one.
    if (e instanceof sdk.APIConnectionTimeoutError)
      return new ProviderError('timeout', 'the provider did not answer in time');
    if (e instanceof sdk.APIConnectionError)
      return new ProviderError('connection', `cannot reach the provider: ${e.message}`);
    if (e instanceof sdk.APIError) {
      const { status, headers, message } = e;
      if (status === undefined)
        return new ProviderError('protocol', `the provider sent an error: ${message}`);
      return new ProviderError('status', message, status, retryAfterMs(headers));
    }
    if (e instanceof Error && e.name === 'AbortError')
      return new ProviderError('aborted', 'the call was aborted');
    return new ProviderError('protocol', e instanceof Error ? e.message : String(e));
  };
