/** The kinds of expected failure; each maps to one HTTP and one gRPC status in app-error-status.ts. */
export type AppErrorKind =
  | 'invalid_argument'
  | 'not_found'
  | 'conflict'
  | 'unsupported_media_type'
  | 'too_large'
  | 'insufficient_storage'
  | 'unavailable'
  | 'unauthenticated'
  | 'permission_denied'
  | 'rate_limited'
  | 'unimplemented'
  | 'internal';

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly kind: AppErrorKind,
    message: string,
    /** Seconds a client should wait before retrying (overload and rate limits). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}
