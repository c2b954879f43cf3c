import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, type AppErrorKind } from '../../core/app-error';
import { statusOf } from '../../core/app-error-status';
import type { Logger } from '../../core/logger';
import { diskFull, isDiskFull } from '../../core/storage-failure';

/**
 * Spanloop's non-zero business codes on the Cozeloop routes: 600500 followed by the HTTP status the error would
 * have on our own API, so a code reads at a glance (600500404 = not found).
 */
export const cozeloopCode = (kind: AppErrorKind): number => 600_500_000 + statusOf[kind].http;

/** Failures of the credential itself keep their HTTP status (SDKs read `{code, msg}` on any status). */
const TRANSPORT_KINDS: ReadonlySet<AppErrorKind> = new Set([
  'unauthenticated',
  'permission_denied',
  'rate_limited',
]);

export const asAppError = (e: unknown, logger: Logger): AppError => {
  if (e instanceof AppError) return e;
  if (isDiskFull(e)) return diskFull();
  logger.error('cozeloop prompt request failed', { error: String(e) });
  return new AppError('internal', 'internal error');
};

/** The error envelope: business errors are HTTP 200 `{code, msg}`, as Cozeloop answers them. */
export function cozeloopError(c: Context, error: AppError) {
  if (error.retryAfterSeconds !== undefined) c.header('retry-after', String(error.retryAfterSeconds));
  const status = TRANSPORT_KINDS.has(error.kind) ? statusOf[error.kind].http : 200;
  return c.json({ code: cozeloopCode(error.kind), msg: error.message }, status as ContentfulStatusCode);
}

/** True when the error belongs in an HTTP status (before a stream starts) rather than in the body. */
export const isTransportError = (error: AppError): boolean => TRANSPORT_KINDS.has(error.kind);

/** The success envelope. */
export const cozeloopOk = <T>(c: Context, data: T) => c.json({ code: 0, msg: '', data });

/** `event: error` frame data on execute_streaming. */
export const errorFrame = (error: AppError) =>
  JSON.stringify({ code: cozeloopCode(error.kind), msg: error.message, biz_extra: { kind: error.kind } });
