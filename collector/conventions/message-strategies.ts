import type { NormalizedMessage } from '../../schemas/llm-fields';
import type { DecodedSpan } from '../../schemas/otlp-model';
import type { MessageExtraction, MessageSource } from './rule-format';
import { indexedMessages } from './indexed-messages';
import { isRecord, parseJsonLike } from './json-text';
import { contentFromText, messagesFromJson, normalizeMessage, toolCallsFrom } from './message-json';

type Strategies = {
  [S in MessageSource as S['strategy']]: (source: S, span: DecodedSpan) => NormalizedMessage[];
};

/** The message extraction strategies, by the name rules use for them. */
const strategies: Strategies = {
  json: (s, span) => {
    const raw = span.attributes.values[s.key];
    if (raw === undefined || raw === '') return [];
    const mime = s.mimeKey === undefined ? undefined : span.attributes.values[s.mimeKey];
    const parsed = mime !== undefined && !mime.includes('json') ? undefined : parseJsonLike(raw);
    const messages = messagesFromJson(parsed);
    if (messages !== undefined) return messages;
    if (s.fallbackRole === undefined) return [];
    return [{ role: s.fallbackRole, content: typeof parsed === 'string' ? parsed : raw }];
  },

  instructions: (s, span) => {
    const raw = span.attributes.values[s.key];
    if (raw === undefined || raw === '') return [];
    const parsed = parseJsonLike(raw);
    if (Array.isArray(parsed)) return normalizeMessage({ role: 'system', content: parsed });
    return [{ role: 'system', content: typeof parsed === 'string' ? parsed : raw }];
  },

  value: (s, span) => {
    const values = span.attributes.values;
    const raw = values[s.key];
    if (raw === undefined) return [];
    const message: NormalizedMessage = { role: s.role, content: raw };
    const name = s.nameKey === undefined ? undefined : values[s.nameKey];
    if (name) message.name = name;
    const toolCallId = s.toolCallIdKey === undefined ? undefined : values[s.toolCallIdKey];
    if (toolCallId) message.toolCallId = toolCallId;
    return [message];
  },

  indexed: (s, span) => indexedMessages(span.attributes.values, s.prefix, s.defaultRole, s.layout),

  events: (s, span) => {
    const out: NormalizedMessage[] = [];
    for (const event of span.events) {
      const role = s.events[event.name];
      if (role !== undefined) out.push(...eventMessages(event.attributes.values, role));
    }
    return out;
  },

  eventJson: (s, span) => {
    const raw = span.events.find((e) => e.name === s.event)?.attributes.values[s.key];
    return raw === undefined ? [] : (messagesFromJson(parseJsonLike(raw)) ?? []);
  },

  textAndToolCalls: (s, span) => {
    const values = span.attributes.values;
    const text = values[s.textKey];
    const rawCalls = values[s.toolCallsKey];
    const toolCalls = rawCalls === undefined ? [] : toolCallsFrom(parseJsonLike(rawCalls));
    if (text === undefined && toolCalls.length === 0) return [];
    const message: NormalizedMessage = { role: s.role, content: text ?? '' };
    if (toolCalls.length > 0) message.toolCalls = toolCalls;
    return [message];
  },
};

/** A message event: the body is a JSON `message` (gen_ai.choice) or `content`/`tool_calls`/`id` attributes. */
function eventMessages(attrs: Record<string, string>, defaultRole: string): NormalizedMessage[] {
  const rawMessage = attrs.message;
  if (rawMessage !== undefined) {
    const parsed = parseJsonLike(rawMessage);
    if (isRecord(parsed)) return normalizeMessage(parsed, attrs.role ?? defaultRole);
  }
  const raw = attrs.content ?? rawMessage;
  const { content, parts } = raw === undefined ? { content: '', parts: [] } : contentFromText(raw);
  const message: NormalizedMessage = { role: attrs.role ?? defaultRole, content };
  const toolCalls = attrs.tool_calls === undefined ? [] : toolCallsFrom(parseJsonLike(attrs.tool_calls));
  if (toolCalls.length > 0) message.toolCalls = toolCalls;
  if (attrs.id !== undefined && message.role === 'tool') message.toolCallId = attrs.id;
  if (parts.length > 0) message.parts = parts;
  return [message];
}

/** Runs one extraction: a single source, or all of an `all` group concatenated. */
export function extract(extraction: MessageExtraction, span: DecodedSpan): NormalizedMessage[] {
  if ('all' in extraction) return extraction.all.flatMap((s) => run(s, span));
  return run(extraction, span);
}

function run(source: MessageSource, span: DecodedSpan): NormalizedMessage[] {
  // The mapped type pairs each strategy with its own source shape; TS cannot correlate them through a union.
  const strategy = strategies[source.strategy] as (
    s: MessageSource,
    span: DecodedSpan,
  ) => NormalizedMessage[];
  return strategy(source, span);
}
