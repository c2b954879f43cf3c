import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import type { Principal } from '../../core/access/principal';
import { AppError } from '../../core/app-error';
import { issuesText } from '../../core/zod-issues';
import { readJsonBody } from '../sdk/index';
import { PromptKey } from './api-schemas';

/** Request bodies: a 1 MiB template plus its variables and history fits; the template limit says what is wrong. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

export const limitBody = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new AppError('too_large', `the request body is larger than ${MAX_BODY_BYTES} bytes (4 MiB)`);
  },
});

// Kept under this name for the files of this plugin that import it from here.

/** Parses a request value; `name` prefixes the message for values without field paths (URL parameters). */
export function parse<S extends z.ZodType>(schema: S, value: unknown, name?: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new AppError(
      'invalid_argument',
      `${name === undefined ? '' : `${name}: `}${issuesText(parsed.error)}`,
    );
  return parsed.data;
}

/** The JSON body, validated; a body that is not JSON is a 400. */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  return parse(schema, await readJsonBody(c));
}

export const queryOf = <S extends z.ZodType>(c: Context, schema: S): z.output<S> =>
  parse(schema, c.req.query());

/** Who acts, as stored in authors, label moves and draft owners: `user:<id>`, `key:<id>` or `anonymous`. */
export function actorOf(principal: Principal): string {
  const s = principal.subject;
  if (s.kind === 'user') return `user:${s.userId}`;
  if (s.kind === 'key') return `key:${s.keyId}`;
  return 'anonymous';
}

/** The `:key` URL parameter, validated. */
export const keyParam = (c: Context): string => parse(PromptKey, c.req.param('key'), 'prompt key');
