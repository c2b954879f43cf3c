import type { SpanType } from '../../schemas/llm-fields';

/** LlmFields that hold text. */
export type TextField =
  'provider' | 'requestModel' | 'responseModel' | 'sessionId' | 'userId' | 'promptKey' | 'promptVersion';

/** LlmFields that hold a number (token counts, the reported cost, the time to first token). */
export type NumberField =
  | 'inputTokens'
  | 'outputTokens'
  | 'totalTokens'
  | 'cacheReadTokens'
  | 'cacheWriteTokens'
  | 'reasoningTokens'
  | 'reportedCost'
  | 'timeToFirstTokenNs';

/** Time units SDKs report durations in. */
export type TimeUnit = 's' | 'ms' | 'us' | 'ns';

/** Where one field's value may come from; a bare string is shorthand for `{ key }` on the span. */
export type FieldSource =
  | string
  | {
      key: string;
      /** 'resource' reads the resource attributes; resource sources apply even when no convention is detected. */
      scope?: 'span' | 'resource';
      /** 'firstSegment' keeps the text before the first dot ('openai.chat' → 'openai'). */
      transform?: 'firstSegment';
      /**
       * The reporter leaves cache tokens out of its input count for these providers, unlike OTel semconv;
       * the interpreter adds cache read and write back unless `unlessKey` is present.
       */
      inputExcludesCache?: { providers: string[]; unlessKey?: string };
      /** The value is a duration in this unit; the field holds whole nanoseconds. */
      unit?: TimeUnit;
      /** 'spanStart': the value is an epoch time in `unit`, and the field holds how long after the span start it is. */
      since?: 'spanStart';
    };

/** One way to derive the span type; value maps are matched case-insensitively. */
export type SpanTypeRule =
  | { from: 'attribute'; key: string; values: Record<string, SpanType> }
  | { from: 'spanName'; values: Record<string, SpanType> }
  | { from: 'presence'; keys: string[]; type: SpanType };

/** Attribute layout of one indexed message (`<prefix>.<N>.<suffix>`), suffixes relative to `<prefix>.<N>.`. */
export interface IndexedLayout {
  role: string;
  content: string;
  name?: string;
  toolCallId?: string;
  /** Suffix before `.<M>.` of each tool call, and the suffixes inside it. */
  toolCalls?: { prefix: string; id: string; name: string; arguments: string };
  /** Suffix before `.<K>.` of each content part; `strip` is removed from the part's keys. */
  contents?: { prefix: string; strip: string };
}

/**
 * A named message extraction strategy with its parameters:
 * - json: the attribute holds JSON messages (array, `{messages}`, `{choices}`, `{system, prompt}`); otherwise the
 *   raw value becomes one message with `fallbackRole` (JSON is not tried when `mimeKey` names a non-JSON type).
 * - instructions: the attribute holds system instructions (JSON parts or text), giving one system message.
 * - value: the raw attribute value is one message.
 * - indexed: flattened `<prefix>.<N>.*` attributes.
 * - events: span events named in `events` (name → default role), body in `message` or `content`/`tool_calls`.
 * - eventJson: the `key` attribute of the first event named `event` holds JSON messages.
 * - textAndToolCalls: one message from a text attribute and a JSON tool-call list attribute.
 */
export type MessageSource =
  | { strategy: 'json'; key: string; fallbackRole?: string; mimeKey?: string }
  | { strategy: 'instructions'; key: string }
  | { strategy: 'value'; key: string; role: string; nameKey?: string; toolCallIdKey?: string }
  | { strategy: 'indexed'; prefix: string; defaultRole: string; layout: IndexedLayout }
  | { strategy: 'events'; events: Record<string, string> }
  | { strategy: 'eventJson'; event: string; key: string }
  | { strategy: 'textAndToolCalls'; textKey: string; toolCallsKey: string; role: string };

/** Alternatives are tried in order and the first non-empty wins; `all` concatenates its sources. */
export type MessageExtraction = MessageSource | { all: MessageSource[] };

export interface Convention {
  name: string;
  /** The convention applies to a span with any of these keys, key prefixes or event-name prefixes. */
  detect: { keys?: string[]; prefixes?: string[]; eventPrefixes?: string[] };
  /** Sources per field, most specific first. */
  fields: { [F in TextField | NumberField]?: FieldSource[] };
  spanType: SpanTypeRule[];
  input: MessageExtraction[];
  output: MessageExtraction[];
}

/** The whole mapping; conventions are listed most specific first and win field by field in that order. */
export interface ConventionRules {
  version: number;
  conventions: Convention[];
}
