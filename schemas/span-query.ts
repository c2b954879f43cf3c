import { z } from 'zod';
import { AttributeFilterInput } from './attribute-filter';
import type { AttributeFilter } from './attribute-filter';
import { SpanType } from './llm-fields';
import { cursorFor, SearchSort, SortOrder } from './search-cursor';
import type { SearchCursor, SearchTarget } from './search-cursor';
import { UnixNanoText } from './span-view';
import { Count, Money, UInt64Text } from './stored-span';

const DAY_MS = 86_400_000;
/** Longest window one search may cover; wider scans belong to exports, not to interactive search. */
export const MAX_SEARCH_RANGE_MS = 31 * DAY_MS;
/** 2200-01-01: later instants overflow the nanosecond DateTime64 the span table keeps. */
const MAX_INSTANT_MS = 7_258_118_400_000;

/** Epoch milliseconds or an ISO 8601 date-time, normalized to epoch milliseconds. */
const Instant = z
  .union([
    z.number().int().nonnegative(),
    z.iso.datetime({ offset: true }).transform((iso) => Date.parse(iso)),
  ])
  .pipe(z.number().max(MAX_INSTANT_MS, 'instants after 2200-01-01 are not supported'));

const Text = (max: number) => z.string().min(1).max(max);
const Amount = z.number().nonnegative();
const Tokens = z.number().int().nonnegative();

/** OTLP span kinds, lower case as in TraceQL; stored capitalized (`Server`). */
export const SpanKindName = z.enum(['unspecified', 'internal', 'server', 'client', 'producer', 'consumer']);
export type SpanKindName = z.output<typeof SpanKindName>;
/** Each kind as the store spells it (the SpanKind column). */
export const STORED_SPAN_KIND = {
  unspecified: 'Unspecified',
  internal: 'Internal',
  server: 'Server',
  client: 'Client',
  producer: 'Producer',
  consumer: 'Consumer',
} as const satisfies Record<SpanKindName, string>;

/** Span statuses, lower case as in TraceQL. */
export const SpanStatusName = z.enum(['ok', 'error', 'unset']);
export type SpanStatusName = z.output<typeof SpanStatusName>;
/** Each status as the store spells it (the StatusCode column). */
export const STORED_STATUS_CODE = { ok: 'Ok', error: 'Error', unset: 'Unset' } as const satisfies Record<
  SpanStatusName,
  string
>;

const LegacyAttribute = z.strictObject({ key: z.string().min(1).max(256), value: z.string().max(4096) });

/** The filters, sort and page of a search; the span search adds `include`. */
const searchFields = {
  from: Instant,
  to: Instant,
  service: Text(256).optional().describe('`service.name` of a matching span'),
  spanName: Text(1024).optional().describe('name of a matching span'),
  kind: SpanKindName.optional().describe('kind of a matching span'),
  status: SpanStatusName.optional().describe('status of a matching span'),
  minDurationMs: Amount.optional(),
  maxDurationMs: Amount.optional(),
  /** Equality on SpanAttributes or ResourceAttributes (either map may hold the key); `filters` can say more. */
  attributes: z.array(LegacyAttribute).max(20).optional(),
  filters: z
    .array(AttributeFilterInput)
    .max(20)
    .optional()
    .describe(
      'attribute conditions, all required: `{ scope?, key, op, value? }` or text such as `span.x>=5`',
    ),
  /** Request or response model. */
  model: Text(256).optional(),
  provider: Text(256).optional(),
  spanType: SpanType.optional(),
  minTokens: Tokens.optional().describe("lowest total tokens of a matching span's own usage"),
  maxTokens: Tokens.optional(),
  minCost: Amount.optional().describe('lowest cost of a matching span, USD'),
  maxCost: Amount.optional(),
  promptKey: Text(256).optional(),
  promptVersion: Text(256).optional(),
  sessionId: Text(1024).optional(),
  userId: Text(1024).optional(),
  /** Case-insensitive substring of the LLM input or output. */
  text: Text(1024).optional(),
  rootOnly: z.boolean().optional().describe('only root spans match (spans without a parent)'),
  sort: SearchSort.default('startTime'),
  order: SortOrder.default('desc'),
  limit: z.number().int().min(1).max(1000).default(50),
  cursor: z.string().max(1024).optional().describe('`nextCursor` of the previous page of the same sort'),
};

type SearchFieldsOutput = z.output<z.ZodObject<typeof searchFields>>;

/** The span-level conditions of a search as the store receives them. */
export type SearchFilters = Omit<SearchFieldsOutput, 'attributes' | 'filters' | 'rootOnly' | 'cursor'> & {
  /** Every attribute condition, the legacy `attributes` equalities included. */
  filters: AttributeFilter[];
  rootOnly: boolean;
  cursor?: SearchCursor;
};

const checkBounds = (q: SearchFieldsOutput, ctx: z.RefinementCtx): void => {
  if (q.to <= q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from' });
  if (q.to - q.from > MAX_SEARCH_RANGE_MS)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'the range may cover at most 31 days' });
  const pairs = [
    ['minDurationMs', 'maxDurationMs'],
    ['minTokens', 'maxTokens'],
    ['minCost', 'maxCost'],
  ] as const;
  for (const [min, max] of pairs) {
    const low = q[min];
    const high = q[max];
    if (low !== undefined && high !== undefined && low > high)
      ctx.addIssue({ code: 'custom', path: [max], message: `${max} is below ${min}` });
  }
};

/** The normalized filters: legacy equalities join `filters`, the cursor is decoded for this target and sort. */
const normalize = <T extends SearchFieldsOutput>(q: T, target: SearchTarget, ctx: z.RefinementCtx) => {
  const { attributes, filters, rootOnly, cursor, ...rest } = q;
  const legacy = (attributes ?? []).map((a): AttributeFilter => ({
    scope: 'any',
    key: a.key,
    op: '=',
    value: a.value,
  }));
  const decoded = cursorFor(cursor, { target, sort: q.sort, order: q.order }, ctx);
  return {
    ...rest,
    filters: [...legacy, ...(filters ?? [])],
    rootOnly: rootOnly ?? false,
    ...(decoded === undefined ? {} : { cursor: decoded }),
  };
};

/**
 * Trace search: a trace matches when one of its spans in [from, to) matches every given filter. Sorting by
 * duration, cost or tokens ranks traces by their whole-trace totals (the values `TraceSummary` shows).
 */
export const TraceSearchQuery = z
  .strictObject(searchFields)
  .superRefine(checkBounds)
  .transform((q, ctx): SearchFilters => normalize(q, 'traces', ctx));
export type TraceSearchQuery = z.output<typeof TraceSearchQuery>;
export type TraceSearchQueryInput = z.input<typeof TraceSearchQuery>;

/** What a span search returns besides the summary columns. */
export const SpanInclude = z.enum(['attributes', 'messages']);
export type SpanInclude = z.output<typeof SpanInclude>;

/** Span search: the spans in [from, to) that match every filter, one row per span. */
export const SpanSearchQuery = z
  .strictObject({
    ...searchFields,
    include: z
      .array(SpanInclude)
      .max(2)
      .optional()
      .describe('also return span and resource attributes, LLM input and output messages'),
  })
  .superRefine(checkBounds)
  .transform(({ include, ...q }, ctx) => ({
    ...normalize(q, 'spans', ctx),
    include: [...new Set(include ?? [])],
  }));
export type SpanSearchQuery = z.output<typeof SpanSearchQuery>;
export type SpanSearchQueryInput = z.input<typeof SpanSearchQuery>;

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
  nextCursor: z
    .string()
    .describe('present when more traces match; pass it back as `cursor` with the same sort and order')
    .exactOptional(),
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
