import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import { AppError } from '../core/app-error';
import { readJsonBody } from '../core/json-request';
import { parseRequest } from './error-response';

/** Reads a JSON body and parses it; failures throw the AppError the API answers 400 with. */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const json = await readJsonBody(c);
  const parsed = parseRequest(schema, json);
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

/** Refuses bodies over `maxBytes` before they are read (413). */
export const maxBody = (maxBytes: number, readable: string): MiddlewareHandler =>
  bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError('too_large', `the body is larger than ${readable}`);
    },
  });
