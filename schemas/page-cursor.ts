import { z } from 'zod';

/** Position after the last row of a page: a nanosecond time and the row's key, both as text. */
export interface PageCursor {
  unixNano: string;
  key: string;
}

export const encodePageCursor = (c: PageCursor): string =>
  Buffer.from(JSON.stringify([c.unixNano, c.key]), 'utf8').toString('base64url');

const INT64_MAX = 9_223_372_036_854_775_807n;
// One check: zod runs a refinement even after a failed regex, and BigInt throws on non-digits.
const UnixNano = z.string().refine((v) => /^\d{1,19}$/.test(v) && BigInt(v) <= INT64_MAX);

/** The opaque cursor string, decoded; anything that is not one of ours (or a longer key) is an invalid argument. */
export const PageCursorText = (maxKeyLength: number) => {
  const CursorTuple = z.tuple([UnixNano, z.string().max(maxKeyLength)]);
  return z.string().transform((text, ctx): PageCursor => {
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    } catch {
      json = undefined;
    }
    const parsed = CursorTuple.safeParse(json);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: 'invalid cursor' });
      return z.NEVER;
    }
    return { unixNano: parsed.data[0], key: parsed.data[1] };
  });
};
