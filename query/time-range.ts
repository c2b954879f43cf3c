import { z } from 'zod';

const DAY_MS = 86_400_000;
/** Longest window one aggregate may cover; wider scans belong to exports, not to interactive queries. */
export const MAX_RANGE_MS = 31 * DAY_MS;

/** 2200-01-01: later instants overflow the nanosecond DateTime64 the span table keeps. */
export const MAX_INSTANT_MS = 7_258_118_400_000;

/** A URL parameter holding epoch milliseconds or an ISO 8601 date-time, normalized to epoch milliseconds. */
export const InstantParam = z
  .union([
    z
      .string()
      .regex(/^\d{1,15}$/, 'expected epoch milliseconds or an ISO 8601 date-time')
      .transform(Number),
    z.iso.datetime({ offset: true }).transform((iso) => Date.parse(iso)),
  ])
  .pipe(z.number().max(MAX_INSTANT_MS, 'instants after 2200-01-01 are not supported'));

/** Adds an issue when [from, to) is empty or longer than MAX_RANGE_MS. */
export const checkRange = (q: { from: number; to: number }, ctx: z.RefinementCtx): void => {
  if (q.to <= q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
  else if (q.to - q.from > MAX_RANGE_MS)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'the range may cover at most 31 days' });
};

/** A positive integer URL parameter with bounds. */
export const IntParam = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'expected an integer')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
