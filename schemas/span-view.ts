import { z } from 'zod';
import { NormalizedMessage, SpanType } from './llm-fields';

/** An attribute value given back with its OTLP type: JSON-shaped, never a bare string for typed values. */
export const AttributeValue = z.json();
export type AttributeValue = z.output<typeof AttributeValue>;

/** Attributes keyed by name, typed back. */
export const TypedAttributes = z.record(z.string(), AttributeValue);
export type TypedAttributes = z.output<typeof TypedAttributes>;

/** Decimal nanoseconds since the epoch, as text because they exceed 2^53. */
export const UnixNanoText = z
  .string()
  .regex(/^\d+$/)
  .describe('decimal nanoseconds since the epoch (text: exact beyond 2^53)');
const DurationNanoText = z.string().regex(/^\d+$/).describe('decimal nanoseconds');
const Tokens = z.number().int().nonnegative();
const Usd = z.number().describe('USD');

export const StoredSpanEvent = z.object({
  timeUnixNano: UnixNanoText,
  name: z.string(),
  attributes: TypedAttributes,
});
export type StoredSpanEvent = z.output<typeof StoredSpanEvent>;

export const StoredSpanLink = z.object({
  traceId: z.string(),
  spanId: z.string(),
  traceState: z.string(),
  attributes: TypedAttributes,
});
export type StoredSpanLink = z.output<typeof StoredSpanLink>;

/** The promoted LLM columns of a stored span; zero and '' when the span is not an LLM span. */
export const StoredLlmFields = z.object({
  spanType: SpanType,
  provider: z.string(),
  requestModel: z.string(),
  responseModel: z.string(),
  input: z.array(NormalizedMessage),
  output: z.array(NormalizedMessage),
  inputTokens: Tokens,
  outputTokens: Tokens,
  totalTokens: Tokens,
  cacheReadTokens: Tokens,
  cacheWriteTokens: Tokens,
  reasoningTokens: Tokens,
  timeToFirstTokenNs: z
    .number()
    .int()
    .nonnegative()
    .describe('nanoseconds from the span start to the first streamed token; 0 when not reported'),
  inputCost: Usd,
  outputCost: Usd,
  totalCost: Usd,
  sessionId: z.string(),
  userId: z.string(),
  promptKey: z.string(),
  promptVersion: z.string(),
});
export type StoredLlmFields = z.output<typeof StoredLlmFields>;

/** A span as the store gives it back: camelCase, exact nanosecond times, attributes typed back. */
export const StoredSpan = z.object({
  traceId: z.string().regex(/^[0-9a-f]{32}$/),
  spanId: z.string().regex(/^[0-9a-f]{16}$/),
  parentSpanId: z.string().describe("'' for a root span"),
  traceState: z.string(),
  name: z.string(),
  kind: z.string().describe('Unspecified | Internal | Server | Client | Producer | Consumer'),
  serviceName: z.string(),
  startTimeUnixNano: UnixNanoText,
  endTimeUnixNano: UnixNanoText,
  durationNs: DurationNanoText,
  statusCode: z.string().describe('Unset | Ok | Error'),
  statusMessage: z.string(),
  attributes: TypedAttributes,
  resourceAttributes: TypedAttributes,
  scopeName: z.string(),
  scopeVersion: z.string(),
  events: z.array(StoredSpanEvent),
  links: z.array(StoredSpanLink),
  llm: StoredLlmFields,
});
export type StoredSpan = z.output<typeof StoredSpan>;

/** `GET /api/v1/traces/:traceId`: every span of one trace. */
export const TraceView = z.object({
  traceId: z.string().regex(/^[0-9a-f]{32}$/),
  spans: z.array(StoredSpan),
});
export type TraceView = z.output<typeof TraceView>;
