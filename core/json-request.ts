import type { Context } from 'hono';
import { AppError } from './app-error';
import { MAX_JSON_DEPTH, jsonNestingExceeds } from './json-depth';
import { err, ok, type Result } from './result';

/** Whether a Content-Type names JSON: `application/json` or any `…/…+json` type; parameters are ignored. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  const media = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return media === 'application/json' || /^[a-z0-9.+-]+\/[a-z0-9.+-]+\+json$/.test(media);
}

/** Parses JSON text after checking its nesting without recursion; never throws. */
export function parseJsonText(text: string, maxDepth = MAX_JSON_DEPTH): Result<unknown> {
  if (jsonNestingExceeds(text, maxDepth))
    return err(
      new AppError('invalid_argument', `the JSON body is nested too deeply (at most ${maxDepth} levels)`),
    );
  try {
    return ok(JSON.parse(text) as unknown);
  } catch {
    return err(new AppError('invalid_argument', 'the body must be JSON'));
  }
}

/**
 * The one way an HTTP route reads a JSON body: 415 unless the Content-Type is JSON, 400 when it nests too deeply
 * or does not parse. With `empty`, a blank body (no type needed) reads as that value. Body size limits stay the
 * route's own middleware.
 */
export async function jsonBodyOf(c: Context, empty?: unknown): Promise<Result<unknown>> {
  const unsupported = () => err(new AppError('unsupported_media_type', 'the body must be application/json'));
  const isJson = isJsonMediaType(c.req.header('content-type'));
  if (!isJson && empty === undefined) return unsupported();
  let text: string;
  try {
    text = await c.req.text();
  } catch (e) {
    if (e instanceof AppError) return err(e);
    return err(new AppError('invalid_argument', 'the body could not be read'));
  }
  if (empty !== undefined && text.trim() === '') return ok(empty);
  return isJson ? parseJsonText(text) : unsupported();
}

/** {@link jsonBodyOf}, throwing its AppError for the API's error handler. */
export async function readJsonBody(c: Context, empty?: unknown): Promise<unknown> {
  const body = await jsonBodyOf(c, empty);
  if (!body.ok) throw body.error;
  return body.value;
}
