import { z } from 'zod';
import { AppError } from '../../core/app-error';
import { err, ok, type Result } from '../../core/result';
import { MAX_SEARCH_RANGE_MS } from '../../schemas/span-query';
import { parseRequest } from '../error-response';

/** Without start/end, Tempo searches recent data only; Spanloop takes the last hour. */
export const DEFAULT_WINDOW_S = 3600;
export const DEFAULT_LIMIT = 20;
export const DEFAULT_SPANS_PER_SPANSET = 3;
const MAX_LIMIT = 1000;
const MAX_SPANS_PER_SPANSET = 1000;

const Seconds = z
  .string()
  .regex(/^\d{1,12}$/, 'expected unix seconds')
  .transform(Number);
const Count = (max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().max(max, `at most ${max}`));

/** The query string of `/api/search` and of the tag endpoints (extra parameters are ignored, as Tempo does). */
export const TempoSearchParams = z.object({
  q: z.string().optional(),
  tags: z.string().optional(),
  minDuration: z.string().optional(),
  maxDuration: z.string().optional(),
  limit: Count(MAX_LIMIT).optional(),
  spss: Count(MAX_SPANS_PER_SPANSET).optional(),
  start: Seconds.optional(),
  end: Seconds.optional(),
  scope: z.string().optional(),
});
export type TempoSearchParams = z.output<typeof TempoSearchParams>;

/** Spans starting in [startNs, endNs); nanoseconds as decimal strings, exact beyond 2^53. */
export interface NanoRange {
  startNs: string;
  endNs: string;
}

/** Conditions every Tempo query puts on `spans`: the workspace and the searched range (bound parameters). */
export const SEARCH_SCOPE_SQL =
  'WorkspaceId = {workspaceId:String} AND Timestamp >= fromUnixTimestamp64Nano({startNs:Int64}) AND Timestamp < fromUnixTimestamp64Nano({endNs:Int64})';

export const parseSearchParams = (url: string): Result<TempoSearchParams> =>
  parseRequest(TempoSearchParams, Object.fromEntries(new URL(url).searchParams));

/** The searched range: start/end are whole seconds, so the end second is included. 0 means "not given". */
export function resolveRange(params: TempoSearchParams, nowMs: number): Result<NanoRange> {
  const end = params.end !== undefined && params.end > 0 ? params.end : Math.ceil(nowMs / 1000);
  const start = params.start !== undefined && params.start > 0 ? params.start : end - DEFAULT_WINDOW_S;
  if (start > end) return err(new AppError('invalid_argument', 'start must not be after end'));
  if ((end - start) * 1000 > MAX_SEARCH_RANGE_MS)
    return err(new AppError('invalid_argument', 'the range may cover at most 31 days'));
  const ns = (s: number): string => (BigInt(s) * 1_000_000_000n).toString();
  return ok({ startNs: ns(start), endNs: ns(end + 1) });
}
