import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { AppError, type AppErrorKind } from '../core/app-error';
import { diskFull, isDiskFull } from '../core/storage-failure';
import { statusOf } from '../core/app-error-status';
import type { Logger } from '../core/logger';
import type { ErrorBody } from '../schemas/error-body';
import { err, ok, type Result } from '../core/result';
import { issuesText } from '../core/zod-issues';

const UNREAD_BODY = new Set<AppErrorKind>(['too_large', 'unsupported_media_type']);

/** The API's error body: `{ error: { code, message } }` with the status from app-error-status. */
export const errorHandler = (logger: Logger) => (e: Error, c: Context) => {
  const appError =
    e instanceof AppError ? e : isDiskFull(e) ? diskFull() : new AppError('internal', 'internal error');
  if (!(e instanceof AppError)) logger.error('request failed', { path: c.req.path, error: String(e) });
  // The body may still be arriving: the client must not send its next request on this connection.
  if (UNREAD_BODY.has(appError.kind)) c.header('connection', 'close');
  if (appError.retryAfterSeconds !== undefined) c.header('retry-after', String(appError.retryAfterSeconds));
  return c.json(
    { error: { code: appError.kind, message: appError.message } } satisfies ErrorBody,
    statusOf[appError.kind].http as ContentfulStatusCode,
  );
};

/** Parses a request value; a failure becomes an invalid_argument naming the fields. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown): Result<z.output<S>> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return ok(parsed.data);
  return err(new AppError('invalid_argument', issuesText(parsed.error)));
}
