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

const MAX_ID = 1024;
const MAX_TRACE_ID = 64;
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

/** What a sessions or users list orders by; `sessions` (the session count) is for users only. */
export const ActivitySort = z.enum([
  'lastSeen',
  'firstSeen',
  'traces',
  'tokens',
  'cost',
  'errors',
  'sessions',
  'id',
]);
export type ActivitySort = z.output<typeof ActivitySort>;
export type ActivityTarget = 'sessions' | 'users';

/** Position after the last row of a sessions or users page: its sort key (text) and id. */
export interface ActivityCursor {
  target: ActivityTarget;
  sort: ActivitySort;
  order: SortOrder;
  key: string;
  id: string;
}

const ACTIVITY_KEY_FORMS: Record<ActivitySort, (v: string) => boolean> = {
  lastSeen: integerUpTo(INT64_MAX),
  firstSeen: integerUpTo(INT64_MAX),
  traces: integerUpTo(UINT64_MAX),
  tokens: integerUpTo(UINT64_MAX),
  errors: integerUpTo(UINT64_MAX),
  sessions: integerUpTo(UINT64_MAX),
  cost: KEY_FORMS.cost,
  id: (v) => v.length <= MAX_ID,
};

interface Tagged {
  target: string;
  sort: string;
  order: string;
}
const tagOf = (c: Tagged): string => `${c.target}:${c.sort}:${c.order}`;

/** Cursors of every list share one wire form: base64url JSON of [key, id, target:sort:order, spanId?]. */
const encodeTuple = (tuple: readonly string[]): string =>
  Buffer.from(JSON.stringify(tuple), 'utf8').toString('base64url');

/** The opaque text of a cursor (base64url JSON). */
export const encodeSearchCursor = (c: SearchCursor): string =>
  encodeTuple(c.spanId === '' ? [c.key, c.traceId, tagOf(c)] : [c.key, c.traceId, tagOf(c), c.spanId]);

export const encodeActivityCursor = (c: ActivityCursor): string => encodeTuple([c.key, c.id, tagOf(c)]);

const Id = z.string().max(MAX_ID);
// Cursors of earlier versions are [unixNano, traceId]: trace search by start time, newest first.
const CursorJson = z.union([
  z
    .tuple([z.string(), Id])
    .transform(([key, traceId]) => [key, traceId, 'traces:startTime:desc', ''] as const),
  z.tuple([z.string(), Id, z.string()]).transform(([key, id, tag]) => [key, id, tag, ''] as const),
  z.tuple([z.string(), Id, z.string(), Id]),
]);

const decodeTuple = (text: string) => {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = CursorJson.safeParse(json);
  if (!parsed.success) return undefined;
  const [key, id, tag, spanId] = parsed.data;
  const [target = '', sort = '', order = ''] = tag.split(':');
  return { key, id, target, sort, order, spanId };
};

/** Decodes a search cursor; undefined for anything that is not one of ours. */
export const decodeSearchCursor = (text: string): SearchCursor | undefined => {
  const t = decodeTuple(text);
  if (t === undefined || (t.target !== 'traces' && t.target !== 'spans')) return undefined;
  const s = SearchSort.safeParse(t.sort);
  const o = SortOrder.safeParse(t.order);
  if (!s.success || !o.success || !KEY_FORMS[s.data](t.key)) return undefined;
  if (t.id.length > MAX_TRACE_ID || t.spanId.length > MAX_TRACE_ID) return undefined;
  if ((t.target === 'spans') !== (t.spanId !== '')) return undefined;
  return { target: t.target, sort: s.data, order: o.data, key: t.key, traceId: t.id, spanId: t.spanId };
};

/** Decodes a sessions or users cursor; undefined for anything that is not one of ours. */
export const decodeActivityCursor = (text: string): ActivityCursor | undefined => {
  const t = decodeTuple(text);
  if (t === undefined || (t.target !== 'sessions' && t.target !== 'users') || t.spanId !== '')
    return undefined;
  const s = ActivitySort.safeParse(t.sort);
  const o = SortOrder.safeParse(t.order);
  if (!s.success || !o.success || !ACTIVITY_KEY_FORMS[s.data](t.key)) return undefined;
  return { target: t.target, sort: s.data, order: o.data, key: t.key, id: t.id };
};

/** `text` decoded as a cursor of the wanted listing, or an issue on `cursor` (it is not ours, or continues another). */
const continuing = <C extends Tagged>(
  text: string | undefined,
  want: Tagged,
  decode: (text: string) => C | undefined,
  ctx: z.RefinementCtx,
): C | undefined => {
  if (text === undefined) return undefined;
  const cursor = decode(text) ?? decodeSearchCursor(text) ?? decodeActivityCursor(text);
  if (cursor === undefined) ctx.addIssue({ code: 'custom', path: ['cursor'], message: 'invalid cursor' });
  else if (tagOf(cursor) !== tagOf(want))
    ctx.addIssue({
      code: 'custom',
      path: ['cursor'],
      message: `the cursor continues ${cursor.target} sorted by ${cursor.sort} ${cursor.order}, not ${want.target} sorted by ${want.sort} ${want.order}; repeat that sort or start without a cursor`,
    });
  else return cursor as C;
  return undefined;
};

/**
 * Decodes `text` as a cursor of this target, sort and order; anything else is an issue on `cursor`: a cursor
 * only continues the listing that produced it.
 */
export const cursorFor = (
  text: string | undefined,
  want: Pick<SearchCursor, 'target' | 'sort' | 'order'>,
  ctx: z.RefinementCtx,
): SearchCursor | undefined => continuing(text, want, decodeSearchCursor, ctx);

/** `cursorFor` of sessions and users lists. */
export const activityCursorFor = (
  text: string | undefined,
  want: Pick<ActivityCursor, 'target' | 'sort' | 'order'>,
  ctx: z.RefinementCtx,
): ActivityCursor | undefined => continuing(text, want, decodeActivityCursor, ctx);
