import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import type { Principal } from '../../core/access/principal';
import { AppError } from '../../core/app-error';
import { issuesText } from '../../core/zod-issues';
import { readJsonBody } from '../sdk/index';

/** JSON bodies of the datasets API: a batch of 100 items of up to 1 MiB each would be larger; say so. */
export const MAX_JSON_BYTES = 32 * 1024 * 1024;

export const limitJson = bodyLimit({
  maxSize: MAX_JSON_BYTES,
  onError: () => {
    throw new AppError('too_large', `the request body is larger than ${MAX_JSON_BYTES} bytes (32 MiB)`);
  },
});

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

export const jsonBody = async <S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> =>
  parse(schema, await readJsonBody(c));

export const queryOf = <S extends z.ZodType>(c: Context, schema: S): z.output<S> =>
  parse(schema, c.req.query());

/** Who acts, as stored in createdBy/updatedBy: `user:<id>`, `key:<id>` or `anonymous`. */
export function actorOf(principal: Principal): string {
  const s = principal.subject;
  if (s.kind === 'user') return `user:${s.userId}`;
  if (s.kind === 'key') return `key:${s.keyId}`;
  return 'anonymous';
}
