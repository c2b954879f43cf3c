import { z } from 'zod';

/** What a search orders by: start time, duration, cost (USD) or total tokens. */
export const SearchSort = z.enum(['startTime', 'duration', 'cost', 'tokens']);
export type SearchSort = z.output<typeof SearchSort>;
export const SortOrder = z.enum(['asc', 'desc']);
export type SortOrder = z.output<typeof SortOrder>;
export type SearchTarget = 'traces' | 'spans';

/** Position after the last row of a page: its sort key (decimal text) and ids, for one target, sort and order. */
export interface SearchCursor {
  target: SearchTarget;
  sort: SearchSort;
  order: SortOrder;
  key: string;
  traceId: string;
  /** '' for trace cursors. */
  spanId: string;
}

const INT64_MAX = 9_223_372_036_854_775_807n;
const UINT64_MAX = 18_446_744_073_709_551_615n;
const integerUpTo =
  (max: bigint) =>
  (v: string): boolean =>
    /^\d{1,20}$/.test(v) && BigInt(v) <= max;
/** The sort key's text as the store writes it: nanoseconds, token counts, or a Decimal128(12) of USD. */
const KEY_FORMS: Record<SearchSort, (v: string) => boolean> = {
  startTime: integerUpTo(INT64_MAX),
  duration: integerUpTo(INT64_MAX),
  tokens: integerUpTo(UINT64_MAX),
  cost: (v) => /^-?\d{1,26}(\.\d{1,12})?$/.test(v),
};

const tagOf = (c: Pick<SearchCursor, 'target' | 'sort' | 'order'>): string =>
  `${c.target}:${c.sort}:${c.order}`;

/** The opaque text of a cursor (base64url JSON). */
export const encodeSearchCursor = (c: SearchCursor): string =>
  Buffer.from(
    JSON.stringify(c.spanId === '' ? [c.key, c.traceId, tagOf(c)] : [c.key, c.traceId, tagOf(c), c.spanId]),
    'utf8',
  ).toString('base64url');

const Id = z.string().max(64);
// Cursors of earlier versions are [unixNano, traceId]: trace search by start time, newest first.
const CursorJson = z.union([
  z
    .tuple([z.string(), Id])
    .transform(([key, traceId]) => [key, traceId, 'traces:startTime:desc', ''] as const),
  z.tuple([z.string(), Id, z.string()]).transform(([key, traceId, tag]) => [key, traceId, tag, ''] as const),
  z.tuple([z.string(), Id, z.string(), Id]),
]);

/** Decodes a cursor; undefined for anything that is not one of ours. */
export const decodeSearchCursor = (text: string): SearchCursor | undefined => {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = CursorJson.safeParse(json);
  if (!parsed.success) return undefined;
  const [key, traceId, tag, spanId] = parsed.data;
  const [target, sort, order] = tag.split(':');
  const s = SearchSort.safeParse(sort);
  const o = SortOrder.safeParse(order);
  if ((target !== 'traces' && target !== 'spans') || !s.success || !o.success) return undefined;
  if (!KEY_FORMS[s.data](key) || (target === 'spans') !== (spanId !== '')) return undefined;
  return { target, sort: s.data, order: o.data, key, traceId, spanId };
};

/**
 * Decodes `text` as a cursor of this target, sort and order; anything else is an issue on `cursor`: a cursor
 * only continues the listing that produced it.
 */
export const cursorFor = (
  text: string | undefined,
  want: Pick<SearchCursor, 'target' | 'sort' | 'order'>,
  ctx: z.RefinementCtx,
): SearchCursor | undefined => {
  if (text === undefined) return undefined;
  const cursor = decodeSearchCursor(text);
  if (cursor === undefined) ctx.addIssue({ code: 'custom', path: ['cursor'], message: 'invalid cursor' });
  else if (tagOf(cursor) !== tagOf(want))
    ctx.addIssue({
      code: 'custom',
      path: ['cursor'],
      message: `the cursor continues ${cursor.target} sorted by ${cursor.sort} ${cursor.order}, not ${want.target} sorted by ${want.sort} ${want.order}; repeat that sort or start without a cursor`,
    });
  else return cursor;
  return undefined;
};
