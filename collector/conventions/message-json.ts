import type { NormalizedMessage } from '../../schemas/llm-fields';
import { asText, isRecord, parseJsonLike, stringOf } from './json-text';

export type ToolCall = NonNullable<NormalizedMessage['toolCalls']>[number];
type Part = Record<string, unknown>;

interface Collected {
  text: string[];
  toolCalls: ToolCall[];
  toolResults: { id: string | undefined; content: string }[];
  parts: Part[];
}

// Vercel AI SDK 5 wraps tool results as { type: 'json' | 'text' | …, value }.
const wrappedResultTypes = new Set(['json', 'text', 'error-json', 'error-text', 'content']);

/**
 * Messages from a parsed JSON value in any of the shapes instrumentations emit: an array of messages (OTel
 * `{role, parts}`, OpenAI `{role, content, tool_calls}`, Vercel `{role, content: parts}`), `{messages}`
 * (optionally with Vercel's `system`/`prompt`), `{choices: [{message}]}`, or one message. Undefined when the
 * value is not message-shaped.
 */
export function messagesFromJson(value: unknown): NormalizedMessage[] | undefined {
  if (Array.isArray(value))
    return value.every(isMessageLike) ? value.flatMap((m) => normalizeMessage(m)) : undefined;
  if (!isRecord(value)) return undefined;
  const { messages, choices, system, prompt } = value;
  if (Array.isArray(messages) || typeof system === 'string' || typeof prompt === 'string') {
    if (messages !== undefined && !(Array.isArray(messages) && messages.every(isMessageLike)))
      return undefined;
    const out: NormalizedMessage[] = [];
    if (typeof system === 'string') out.push({ role: 'system', content: system });
    if (Array.isArray(messages))
      for (const m of messages) if (isMessageLike(m)) out.push(...normalizeMessage(m));
    if (typeof prompt === 'string') out.push({ role: 'user', content: prompt });
    return out;
  }
  if (Array.isArray(choices)) {
    const out: NormalizedMessage[] = [];
    for (const choice of choices) {
      if (isRecord(choice) && isRecord(choice.message))
        out.push(...normalizeMessage(choice.message, 'assistant'));
    }
    return out.length > 0 ? out : undefined;
  }
  return isMessageLike(value) ? normalizeMessage(value) : undefined;
}

const isMessageLike = (value: unknown): value is Part => isRecord(value) && typeof value.role === 'string';

/** One message object; tool results become one message each so every result keeps its call id. */
export function normalizeMessage(m: Part, defaultRole = ''): NormalizedMessage[] {
  const role = stringOf(m.role) ?? defaultRole;
  const c: Collected = { text: [], toolCalls: [], toolResults: [], parts: [] };
  collectContent(c, m.content);
  if (Array.isArray(m.parts)) for (const p of m.parts) collectPart(c, p);
  c.toolCalls.push(...toolCallsFrom(m.tool_calls ?? m.toolCalls));
  const reasoning = stringOf(m.reasoning_content);
  if (reasoning) c.parts.push({ type: 'reasoning', content: reasoning });

  const message = buildMessage(role, c);
  const name = stringOf(m.name);
  if (name) message.name = name;
  const toolCallId = stringOf(m.tool_call_id) ?? stringOf(m.toolCallId);
  if (toolCallId) message.toolCallId = toolCallId;
  if (c.toolResults.length === 0) return [message];

  const results = c.toolResults.map((r): NormalizedMessage => {
    const msg: NormalizedMessage = { role, content: r.content };
    if (r.id !== undefined) msg.toolCallId = r.id;
    return msg;
  });
  const hasOwnContent = c.text.length > 0 || c.toolCalls.length > 0 || c.parts.length > 0;
  return hasOwnContent ? [message, ...results] : results;
}

function buildMessage(role: string, c: Collected): NormalizedMessage {
  const message: NormalizedMessage = {
    role,
    content: c.text.length === 1 ? (c.text[0] ?? '') : c.text.join('\n'),
  };
  if (c.toolCalls.length > 0) message.toolCalls = c.toolCalls;
  if (c.parts.length > 0) message.parts = c.parts;
  return message;
}

/** Content as text plus non-text parts; a string holding a JSON parts array is unpacked. */
export function contentFromText(text: string): { content: string; parts: Part[] } {
  const c: Collected = { text: [], toolCalls: [], toolResults: [], parts: [] };
  collectContent(c, text);
  return { content: c.text.join('\n'), parts: c.parts };
}

function collectContent(c: Collected, content: unknown): void {
  if (content === undefined || content === null) return;
  if (typeof content === 'string') {
    const parsed = content.startsWith('[{') ? parseJsonLike(content) : undefined;
    if (
      Array.isArray(parsed) &&
      parsed.length > 0 &&
      parsed.every((p) => isRecord(p) && typeof p.type === 'string')
    ) {
      for (const p of parsed) collectPart(c, p);
    } else {
      c.text.push(content);
    }
    return;
  }
  if (Array.isArray(content)) {
    for (const p of content) collectPart(c, p);
    return;
  }
  if (isRecord(content) && typeof content.type === 'string') collectPart(c, content);
  else c.text.push(asText(content));
}

function collectPart(c: Collected, part: unknown): void {
  if (typeof part === 'string') {
    c.text.push(part);
    return;
  }
  if (!isRecord(part)) return;
  switch (part.type) {
    case 'text': {
      const text = stringOf(part.content) ?? stringOf(part.text);
      if (text !== undefined) c.text.push(text);
      else c.parts.push(part);
      return;
    }
    case 'tool_call':
    case 'tool-call':
    case 'tool_use':
    case 'function_call': {
      const call = toolCallFrom(part);
      if (call) c.toolCalls.push(call);
      else c.parts.push(part);
      return;
    }
    case 'tool_call_response':
    case 'tool-result':
    case 'tool_result':
    case 'function_call_output': {
      const id =
        stringOf(part.call_id) ??
        stringOf(part.id) ??
        stringOf(part.toolCallId) ??
        stringOf(part.tool_use_id);
      const response = part.response ?? part.result ?? part.output ?? part.content;
      c.toolResults.push({ id, content: asText(unwrapResult(response)) });
      return;
    }
    default:
      c.parts.push(part);
  }
}

function unwrapResult(value: unknown): unknown {
  if (
    isRecord(value) &&
    typeof value.type === 'string' &&
    wrappedResultTypes.has(value.type) &&
    'value' in value
  ) {
    return value.value;
  }
  return value;
}

/** Tool calls from an OpenAI, OTel, Vercel or Anthropic shaped list; entries without a name are skipped. */
export function toolCallsFrom(value: unknown): ToolCall[] {
  if (!Array.isArray(value)) return [];
  const out: ToolCall[] = [];
  for (const v of value) {
    const call = isRecord(v) ? toolCallFrom(v) : undefined;
    if (call) out.push(call);
  }
  return out;
}

function toolCallFrom(v: Part): ToolCall | undefined {
  const fn = isRecord(v.function) ? v.function : undefined;
  const name = stringOf(fn?.name) ?? stringOf(v.name) ?? stringOf(v.toolName);
  if (name === undefined) return undefined;
  const args = fn?.arguments ?? v.arguments ?? v.args ?? v.input;
  const call: ToolCall = { name, arguments: asText(args) };
  const id = stringOf(v.call_id) ?? stringOf(v.id) ?? stringOf(v.toolCallId);
  if (id !== undefined) call.id = id;
  return call;
}
