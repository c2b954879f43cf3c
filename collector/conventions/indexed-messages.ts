import type { NormalizedMessage } from '../../schemas/llm-fields';
import type { IndexedLayout } from './rule-format';
import type { ToolCall } from './message-json';
import { contentFromText } from './message-json';

type Fields = Map<string, string>;

/** Messages flattened into `<prefix>.<N>.<suffix>` attributes (OpenLLMetry, OpenInference), in index order. */
export function indexedMessages(
  values: Record<string, string>,
  prefix: string,
  defaultRole: string,
  layout: IndexedLayout,
): NormalizedMessage[] {
  const byIndex = groupByIndex(values, `${prefix}.`);
  if (byIndex === undefined) return [];
  const out: NormalizedMessage[] = [];
  for (const index of [...byIndex.keys()].sort((a, b) => a - b)) {
    const fields = byIndex.get(index);
    const message = fields && messageFrom(fields, defaultRole, layout);
    if (message) out.push(message);
  }
  return out;
}

function messageFrom(
  fields: Fields,
  defaultRole: string,
  layout: IndexedLayout,
): NormalizedMessage | undefined {
  const raw = fields.get(layout.content);
  const { content, parts } = raw === undefined ? { content: '', parts: [] } : contentFromText(raw);
  const text = [content];
  if (layout.contents) {
    for (const part of subRecords(fields, `${layout.contents.prefix}.`, layout.contents.strip)) {
      if (part.type === 'text' && typeof part.text === 'string') text.push(part.text);
      else parts.push(part);
    }
  }
  const toolCalls = layout.toolCalls ? toolCallsFrom(fields, layout.toolCalls) : [];
  const role = fields.get(layout.role);
  if (
    role === undefined &&
    raw === undefined &&
    toolCalls.length === 0 &&
    parts.length === 0 &&
    text.length === 1
  ) {
    return undefined;
  }
  const message: NormalizedMessage = {
    role: role ?? defaultRole,
    content: text.filter((t) => t !== '').join('\n'),
  };
  const name = layout.name === undefined ? undefined : fields.get(layout.name);
  if (name) message.name = name;
  const toolCallId = layout.toolCallId === undefined ? undefined : fields.get(layout.toolCallId);
  if (toolCallId) message.toolCallId = toolCallId;
  if (toolCalls.length > 0) message.toolCalls = toolCalls;
  if (parts.length > 0) message.parts = parts;
  return message;
}

function toolCallsFrom(fields: Fields, layout: NonNullable<IndexedLayout['toolCalls']>): ToolCall[] {
  const out: ToolCall[] = [];
  for (const rec of subRecords(fields, `${layout.prefix}.`, '')) {
    const name = rec[layout.name];
    if (typeof name !== 'string') continue;
    const args = rec[layout.arguments];
    const call: ToolCall = { name, arguments: typeof args === 'string' ? args : '' };
    const id = rec[layout.id];
    if (typeof id === 'string') call.id = id;
    out.push(call);
  }
  return out;
}

/** Records of `<prefix><M>.<key>` suffixes in index order, keys with `strip` removed from their start. */
function subRecords(fields: Fields, prefix: string, strip: string): Record<string, unknown>[] {
  const byIndex = groupByIndex(fields, prefix);
  if (byIndex === undefined) return [];
  const out: Record<string, unknown>[] = [];
  for (const index of [...byIndex.keys()].sort((a, b) => a - b)) {
    const rec: Record<string, unknown> = {};
    for (const [key, value] of byIndex.get(index) ?? []) {
      rec[strip !== '' && key.startsWith(strip) ? key.slice(strip.length) : key] = value;
    }
    out.push(rec);
  }
  return out;
}

/** Groups `<prefix><N>.<rest>` entries by N; undefined when no key has the prefix. */
function groupByIndex(
  source: Record<string, string> | Fields,
  prefix: string,
): Map<number, Fields> | undefined {
  let byIndex: Map<number, Fields> | undefined;
  const entries = source instanceof Map ? source.entries() : Object.entries(source);
  for (const [key, value] of entries) {
    if (!key.startsWith(prefix)) continue;
    const dot = key.indexOf('.', prefix.length);
    if (dot <= prefix.length) continue;
    const digits = key.slice(prefix.length, dot);
    if (!isDigits(digits)) continue;
    const index = Number(digits);
    byIndex ??= new Map<number, Fields>();
    let fields = byIndex.get(index);
    if (!fields) byIndex.set(index, (fields = new Map<string, string>()));
    fields.set(key.slice(dot + 1), value);
  }
  return byIndex;
}

const isDigits = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return text.length > 0;
};
