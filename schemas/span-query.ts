import { z } from 'zod';
import { encodePageCursor, PageCursorText } from './page-cursor';
import { UnixNanoText } from './span-view';
import { Count, Money, UInt64Text } from './stored-span';

const DAY_MS = 86_400_000;
/** Longest window one search may cover; wider scans belong to exports, not to interactive search. */
export const MAX_SEARCH_RANGE_MS = 31 * DAY_MS;

/** Epoch milliseconds or an ISO 8601 date-time, normalized to epoch milliseconds. */
const Instant = z.union([
  z.number().int().nonnegative(),
  z.iso.datetime({ offset: true }).transform((iso) => Date.parse(iso)),
]);

/** Position after the last trace of a page: traces sort by (start, traceId) descending. */
export interface TraceCursor {
  startTimeUnixNano: string;
  traceId: string;
}

export const encodeTraceCursor = (c: TraceCursor): string =>
  encodePageCursor({ unixNano: c.startTimeUnixNano, key: c.traceId });

const Cursor = PageCursorText(64).transform((c): TraceCursor => ({
  startTimeUnixNano: c.unixNano,
  traceId: c.key,
}));

const AttributeFilter = z.object({ key: z.string().min(1).max(256), value: z.string().max(4096) });

/** Trace search: a trace matches when one of its spans in [from, to) matches every given filter. */
export const TraceSearchQuery = z
  .object({
    from: Instant,
    to: Instant,
    service: z.string().min(1).max(256).optional(),
    spanName: z.string().min(1).max(1024).optional(),
    status: z.enum(['ok', 'error', 'unset']).optional(),
    minDurationMs: z.number().nonnegative().optional(),
    maxDurationMs: z.number().nonnegative().optional(),
    /** Equality on SpanAttributes or ResourceAttributes (either map may hold the key). */
    attributes: z.array(AttributeFilter).max(20).optional(),
    /** Request or response model. */
    model: z.string().min(1).max(256).optional(),
    /** Case-insensitive substring of the LLM input or output. */
    text: z.string().min(1).max(1024).optional(),
    limit: z.number().int().min(1).max(1000).default(50),
    cursor: Cursor.optional(),
  })
  .superRefine((q, ctx) => {
    if (q.to <= q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
    if (q.to - q.from > MAX_SEARCH_RANGE_MS)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'the range may cover at most 31 days' });
    if (q.minDurationMs !== undefined && q.maxDurationMs !== undefined && q.minDurationMs > q.maxDurationMs)
      ctx.addIssue({
        code: 'custom',
        path: ['maxDurationMs'],
        message: 'maxDurationMs is below minDurationMs',
      });
  });
export type TraceSearchQuery = z.output<typeof TraceSearchQuery>;
export type TraceSearchQueryInput = z.input<typeof TraceSearchQuery>;

/** One trace in a search result; counts and totals cover the whole trace, each span counted once. */
export const TraceSummary = z.object({
  traceId: z.string(),
  rootSpanName: z.string(),
  rootServiceName: z.string(),
  startTimeUnixNano: UnixNanoText,
  durationNs: z.string().regex(/^\d+$/).describe('decimal nanoseconds'),
  spanCount: z.number().int().nonnegative(),
  errorCount: z.number().int().nonnegative(),
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  totalTokens: z.number().int().nonnegative(),
  totalCost: z.number().describe('USD'),
});
export type TraceSummary = z.output<typeof TraceSummary>;

export const TraceSearchResult = z.object({
  traces: z.array(TraceSummary),
  nextCursor: z.string().describe('present when more traces match; pass it back as `cursor`').exactOptional(),
});
export type TraceSearchResult = z.output<typeof TraceSearchResult>;

/** One row of the search query's final aggregate (JSONEachRow, 64-bit integers quoted). */
export const TraceSummaryRow = z
  .object({
    TraceId: z.string(),
    RootSpanName: z.string(),
    RootServiceName: z.string(),
    StartTimeUnixNano: UInt64Text,
    DurationNs: UInt64Text,
    SpanCount: Count,
    ErrorCount: Count,
    InputTokens: Count,
    OutputTokens: Count,
    TotalTokens: Count,
    TotalCost: Money,
  })
  .transform((r): TraceSummary => ({
    traceId: r.TraceId,
    rootSpanName: r.RootSpanName,
    rootServiceName: r.RootServiceName,
    startTimeUnixNano: r.StartTimeUnixNano,
    durationNs: r.DurationNs,
    spanCount: r.SpanCount,
    errorCount: r.ErrorCount,
    inputTokens: r.InputTokens,
    outputTokens: r.OutputTokens,
    totalTokens: r.TotalTokens,
    totalCost: r.TotalCost,
  }));
