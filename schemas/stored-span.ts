import { z } from 'zod';
import { NormalizedMessage, SpanType } from './llm-fields';
import type { AttributeValue, StoredLlmFields, StoredSpan, TypedAttributes } from './span-view';

// The store's callers read the span and its row codec from this one file.
export type {
  AttributeValue,
  StoredLlmFields,
  StoredSpan,
  StoredSpanEvent,
  StoredSpanLink,
  TypedAttributes,
} from './span-view';

const parseJson = (raw: string): AttributeValue => {
  try {
    return JSON.parse(raw) as AttributeValue;
  } catch {
    // Stored by an older or foreign writer: the raw text is still the best answer.
    return raw;
  }
};

/** Restores one stored string to its typed value using the type tag the ingester wrote beside it. */
export const typedAttributeValue = (raw: string, type: string | undefined): AttributeValue => {
  switch (type) {
    case 'int': {
      const n = Number(raw);
      // Beyond 2^53 a JS number would silently round, so the exact decimal string is returned instead.
      return Number.isSafeInteger(n) ? n : raw;
    }
    case 'double': {
      const n = Number(raw);
      return raw.trim() === '' || Number.isNaN(n) ? raw : n;
    }
    case 'bool':
      return raw === 'true';
    case 'array':
    case 'kvlist':
      return parseJson(raw);
    default:
      // Strings carry no tag; bytes stay base64 text.
      return raw;
  }
};

/** Types a whole attribute map with its type map (`SpanAttributes` + `SpanAttributeTypes`). */
export const typedAttributes = (
  values: Record<string, string>,
  types: Record<string, string>,
): TypedAttributes => {
  const out: TypedAttributes = {};
  for (const [key, raw] of Object.entries(values)) out[key] = typedAttributeValue(raw, types[key]);
  return out;
};

/** A 64-bit unsigned integer as ClickHouse writes it with output_format_json_quote_64bit_integers=1. */
export const UInt64Text = z
  .union([z.string().regex(/^\d+$/), z.number().int().nonnegative()])
  .transform(String);
/** A count that fits a JS number (token counts, span counts). */
export const Count = UInt64Text.transform(Number);
export const StringMap = z.record(z.string(), z.string());
// ClickHouse writes NaN and infinities as null in JSON; a cost that is not a number counts as none.
export const Money = z
  .number()
  .nullable()
  .transform((v) => v ?? 0);

const Messages = z.array(NormalizedMessage);
/** A stored LlmInput/LlmOutput as messages; text that is not a message array becomes one message. */
export const parseMessages = (raw: string): NormalizedMessage[] => {
  if (raw === '') return [];
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = undefined;
  }
  const parsed = Messages.safeParse(json);
  // Text that is not a message array is still shown, as one message, rather than dropped.
  return parsed.success ? parsed.data : [{ role: 'unknown', content: raw }];
};

/** The span columns as the store selects them (JSONEachRow, 64-bit integers quoted). */
export const StoredSpanColumns = z.object({
  TraceId: z.string(),
  SpanId: z.string(),
  ParentSpanId: z.string(),
  TraceState: z.string(),
  SpanName: z.string(),
  SpanKind: z.string(),
  ServiceName: z.string(),
  StartTimeUnixNano: UInt64Text,
  Duration: UInt64Text,
  StatusCode: z.string(),
  StatusMessage: z.string(),
  SpanAttributes: StringMap,
  SpanAttributeTypes: StringMap,
  ResourceAttributes: StringMap,
  ResourceAttributeTypes: StringMap,
  ScopeName: z.string(),
  ScopeVersion: z.string(),
  EventTimes: z.array(UInt64Text),
  EventNames: z.array(z.string()),
  EventAttributes: z.array(StringMap),
  EventAttributeTypes: z.array(StringMap),
  LinkTraceIds: z.array(z.string()),
  LinkSpanIds: z.array(z.string()),
  LinkTraceStates: z.array(z.string()),
  LinkAttributes: z.array(StringMap),
  LinkAttributeTypes: z.array(StringMap),
  SpanType: z.string(),
  LlmProvider: z.string(),
  LlmRequestModel: z.string(),
  LlmResponseModel: z.string(),
  LlmInput: z.string(),
  LlmOutput: z.string(),
  InputTokens: Count,
  OutputTokens: Count,
  TotalTokens: Count,
  CacheReadTokens: Count,
  CacheWriteTokens: Count,
  ReasoningTokens: Count,
  // Optional: a select list that leaves the column out still parses, as "not reported".
  TimeToFirstTokenNs: Count.optional(),
  InputCost: Money,
  OutputCost: Money,
  TotalCost: Money,
  SessionId: z.string(),
  UserId: z.string(),
  PromptKey: z.string(),
  PromptVersion: z.string(),
});

/** The columns that name, place and time a span: every span read selects them. */
export const SpanHeadColumns = StoredSpanColumns.pick({
  TraceId: true,
  SpanId: true,
  ParentSpanId: true,
  SpanName: true,
  SpanKind: true,
  ServiceName: true,
  StartTimeUnixNano: true,
  Duration: true,
  StatusCode: true,
  StatusMessage: true,
});

/** The LLM columns but the messages, which a span search selects only on request. */
export const LlmColumns = StoredSpanColumns.pick({
  SpanType: true,
  LlmProvider: true,
  LlmRequestModel: true,
  LlmResponseModel: true,
  InputTokens: true,
  OutputTokens: true,
  TotalTokens: true,
  CacheReadTokens: true,
  CacheWriteTokens: true,
  ReasoningTokens: true,
  TimeToFirstTokenNs: true,
  InputCost: true,
  OutputCost: true,
  TotalCost: true,
  SessionId: true,
  UserId: true,
  PromptKey: true,
  PromptVersion: true,
});

/** The head columns in the view's names. */
export const spanHeadOf = (r: z.output<typeof SpanHeadColumns>) => ({
  traceId: r.TraceId,
  spanId: r.SpanId,
  parentSpanId: r.ParentSpanId,
  name: r.SpanName,
  kind: r.SpanKind,
  serviceName: r.ServiceName,
  startTimeUnixNano: r.StartTimeUnixNano,
  endTimeUnixNano: (BigInt(r.StartTimeUnixNano) + BigInt(r.Duration)).toString(),
  durationNs: r.Duration,
  statusCode: r.StatusCode,
  statusMessage: r.StatusMessage,
});

/** The LLM columns in the view's names. */
export const llmColumnsOf = (r: z.output<typeof LlmColumns>): Omit<StoredLlmFields, 'input' | 'output'> => ({
  spanType: SpanType.catch('other').parse(r.SpanType),
  provider: r.LlmProvider,
  requestModel: r.LlmRequestModel,
  responseModel: r.LlmResponseModel,
  inputTokens: r.InputTokens,
  outputTokens: r.OutputTokens,
  totalTokens: r.TotalTokens,
  cacheReadTokens: r.CacheReadTokens,
  cacheWriteTokens: r.CacheWriteTokens,
  reasoningTokens: r.ReasoningTokens,
  timeToFirstTokenNs: r.TimeToFirstTokenNs ?? 0,
  inputCost: r.InputCost,
  outputCost: r.OutputCost,
  totalCost: r.TotalCost,
  sessionId: r.SessionId,
  userId: r.UserId,
  promptKey: r.PromptKey,
  promptVersion: r.PromptVersion,
});

/** One span row as the store selects it, parsed into a StoredSpan. */
export const StoredSpanRow = StoredSpanColumns.transform((r): StoredSpan => ({
  ...spanHeadOf(r),
  traceState: r.TraceState,
  attributes: typedAttributes(r.SpanAttributes, r.SpanAttributeTypes),
  resourceAttributes: typedAttributes(r.ResourceAttributes, r.ResourceAttributeTypes),
  scopeName: r.ScopeName,
  scopeVersion: r.ScopeVersion,
  events: r.EventTimes.map((timeUnixNano, i) => ({
    timeUnixNano,
    name: r.EventNames[i] ?? '',
    attributes: typedAttributes(r.EventAttributes[i] ?? {}, r.EventAttributeTypes[i] ?? {}),
  })),
  links: r.LinkTraceIds.map((traceId, i) => ({
    traceId,
    spanId: r.LinkSpanIds[i] ?? '',
    traceState: r.LinkTraceStates[i] ?? '',
    attributes: typedAttributes(r.LinkAttributes[i] ?? {}, r.LinkAttributeTypes[i] ?? {}),
  })),
  llm: { ...llmColumnsOf(r), input: parseMessages(r.LlmInput), output: parseMessages(r.LlmOutput) },
}));
