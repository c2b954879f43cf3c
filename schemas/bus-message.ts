import { z } from 'zod';
import type { SpanRow } from './span-row';

/**
 * The value of one record on the spans topic: UTF-8 JSON `{ "v": 1, "batch": "<publisher batch id>", "rows":
 * [SpanRow…] }`. `v` is the format version; a consumer sends a version it does not know to the dead-letter
 * topic instead of guessing. The record key is the first row's trace id; all rows of a record share a partition.
 */
export const BUS_MESSAGE_VERSION = 1;

const text = z.string();
const attributes = z.record(z.string(), z.string());
const count = z.number().int().nonnegative();
const money = z.number().nonnegative();

/** One span row as it travels on the bus; the type check keeps it equal to the insert shape. */
export const SpanRowSchema = z.object({
  WorkspaceId: z.string().min(1),
  Timestamp: z.string().regex(/^\d+\.\d{9}$/),
  TraceId: z.string().regex(/^[0-9a-f]{32}$/),
  SpanId: z.string().regex(/^[0-9a-f]{16}$/),
  ParentSpanId: z.string().regex(/^([0-9a-f]{16})?$/),
  TraceState: text,
  SpanName: text,
  SpanKind: text,
  ServiceName: text,
  ResourceAttributes: attributes,
  ResourceAttributeTypes: attributes,
  ScopeName: text,
  ScopeVersion: text,
  SpanAttributes: attributes,
  SpanAttributeTypes: attributes,
  Duration: count,
  StatusCode: text,
  StatusMessage: text,
  'Events.Timestamp': z.array(text),
  'Events.Name': z.array(text),
  'Events.Attributes': z.array(attributes),
  'Events.AttributeTypes': z.array(attributes),
  'Links.TraceId': z.array(text),
  'Links.SpanId': z.array(text),
  'Links.TraceState': z.array(text),
  'Links.Attributes': z.array(attributes),
  'Links.AttributeTypes': z.array(attributes),
  SpanType: text,
  LlmProvider: text,
  LlmRequestModel: text,
  LlmResponseModel: text,
  LlmInput: text,
  LlmOutput: text,
  InputTokens: count,
  OutputTokens: count,
  TotalTokens: count,
  CacheReadTokens: count,
  CacheWriteTokens: count,
  ReasoningTokens: count,
  // Records published before the column existed have none: not reported.
  TimeToFirstTokenNs: count.default(0),
  InputCost: money,
  OutputCost: money,
  TotalCost: money,
  SessionId: text,
  UserId: text,
  PromptKey: text,
  PromptVersion: text,
  // Records written before retention existed have none: keep forever.
  RetentionDays: z.number().int().min(0).max(65535).default(0),
}) satisfies z.ZodType<SpanRow>;

/** Version 1 of a span batch record. */
export const BusMessageV1 = z.object({
  v: z.literal(BUS_MESSAGE_VERSION),
  /** The publisher's batch id (one export request); for tracing a record back, not for deduplication. */
  batch: z.string().min(1),
  rows: z.array(SpanRowSchema).min(1),
});

export type BusMessage = z.infer<typeof BusMessageV1>;

/** Only the version field, read first so an unknown version is reported as such. */
export const BusMessageVersion = z.object({ v: z.number().int() });
