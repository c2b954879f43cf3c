import { z } from 'zod';
import { NormalizedMessage } from './llm-fields';
import { StoredLlmFields, TypedAttributes, UnixNanoText } from './span-view';
import {
  Count,
  LlmColumns,
  llmColumnsOf,
  parseMessages,
  SpanHeadColumns,
  spanHeadOf,
  StringMap,
  typedAttributes,
} from './stored-span';

/** The LLM columns of a span summary; the messages only when the search asked for them. */
export const SpanSummaryLlm = StoredLlmFields.pick({
  spanType: true,
  provider: true,
  requestModel: true,
  responseModel: true,
  inputTokens: true,
  outputTokens: true,
  totalTokens: true,
  cacheReadTokens: true,
  cacheWriteTokens: true,
  reasoningTokens: true,
  timeToFirstTokenNs: true,
  inputCost: true,
  outputCost: true,
  totalCost: true,
  sessionId: true,
  userId: true,
  promptKey: true,
  promptVersion: true,
}).extend({
  input: z.array(NormalizedMessage).describe('with `include=messages` only').exactOptional(),
  output: z.array(NormalizedMessage).describe('with `include=messages` only').exactOptional(),
});
export type SpanSummaryLlm = z.output<typeof SpanSummaryLlm>;

/** One span of a span search: ids, name, service, kind, status, times and LLM columns. */
export const SpanSummary = z.object({
  traceId: z.string(),
  spanId: z.string(),
  parentSpanId: z.string().describe("'' for a root span"),
  name: z.string(),
  kind: z.string().describe('Unspecified | Internal | Server | Client | Producer | Consumer'),
  serviceName: z.string(),
  startTimeUnixNano: UnixNanoText,
  endTimeUnixNano: UnixNanoText,
  durationNs: z.string().regex(/^\d+$/).describe('decimal nanoseconds'),
  statusCode: z.string().describe('Unset | Ok | Error'),
  statusMessage: z.string(),
  attributes: TypedAttributes.describe('with `include=attributes` only').exactOptional(),
  resourceAttributes: TypedAttributes.describe('with `include=attributes` only').exactOptional(),
  llm: SpanSummaryLlm,
});
export type SpanSummary = z.output<typeof SpanSummary>;

/** `GET /api/v1/spans` and `POST /api/v1/spans/search`: one page of spans in the requested order. */
export const SpanSearchResult = z.object({
  spans: z.array(SpanSummary),
  nextCursor: z
    .string()
    .describe('present when more spans match; pass it back as `cursor` with the same sort and order')
    .exactOptional(),
});
export type SpanSearchResult = z.output<typeof SpanSearchResult>;

/** One row of the span search (JSONEachRow, 64-bit integers quoted); optional columns follow `include`. */
export const SpanSummaryRow = z
  .object({
    ...SpanHeadColumns.shape,
    ...LlmColumns.shape,
    TimeToFirstTokenNs: Count,
    SpanAttributes: StringMap.optional(),
    SpanAttributeTypes: StringMap.optional(),
    ResourceAttributes: StringMap.optional(),
    ResourceAttributeTypes: StringMap.optional(),
    LlmInput: z.string().optional(),
    LlmOutput: z.string().optional(),
    /** The sort key as text, for the next page's cursor. */
    SortKey: z.string(),
  })
  .transform((r) => {
    const span: SpanSummary = { ...spanHeadOf(r), llm: llmColumnsOf(r) };
    if (r.SpanAttributes !== undefined)
      span.attributes = typedAttributes(r.SpanAttributes, r.SpanAttributeTypes ?? {});
    if (r.ResourceAttributes !== undefined)
      span.resourceAttributes = typedAttributes(r.ResourceAttributes, r.ResourceAttributeTypes ?? {});
    if (r.LlmInput !== undefined) span.llm.input = parseMessages(r.LlmInput);
    if (r.LlmOutput !== undefined) span.llm.output = parseMessages(r.LlmOutput);
    return { span, sortKey: r.SortKey };
  });
