// A cell value as people edit it in a text box, and back: scalars and JSON as text, media as a URL.
import type { Content, FieldSchema } from '../api/dataset-types';
import type { NormalizedMessage } from '../api/types';

const JSON_TYPES = new Set(['object', 'array', 'chat_messages', 'trajectory']);

/** The text a cell editor starts from. */
export function editTextOf(value: Content | undefined): string {
  if (value === undefined) return '';
  switch (value.content_type) {
    case 'image':
      return value.image?.url ?? value.image?.uri ?? '';
    case 'audio':
      return value.audio?.url ?? value.audio?.uri ?? '';
    case 'video':
      return value.video?.url ?? value.video?.uri ?? '';
    case 'multi_part':
      return JSON.stringify(value.multi_part ?? [], null, 2);
    default:
      return value.text ?? '';
  }
}

export type Parsed = { ok: true; value: Content | undefined } | { ok: false; message: string };

/**
 * What a cell editor's text means for `field`: empty is no value (refused for a required field), numbers and
 * booleans must read as such, JSON value types must parse, media fields take a URL, multi-part a JSON array.
 */
export function parseEditText(
  text: string,
  field: Pick<FieldSchema, 'name' | 'contentType' | 'valueType' | 'required'>,
): Parsed {
  const trimmed = text.trim();
  if (trimmed === '')
    return field.required
      ? { ok: false, message: `${field.name} is required` }
      : { ok: true, value: undefined };
  switch (field.contentType) {
    case 'image':
      return { ok: true, value: { content_type: 'image', image: { url: trimmed } } };
    case 'audio':
      return { ok: true, value: { content_type: 'audio', audio: { url: trimmed } } };
    case 'video':
      return { ok: true, value: { content_type: 'video', video: { url: trimmed } } };
    case 'multi_part': {
      try {
        const parts: unknown = JSON.parse(trimmed);
        if (!Array.isArray(parts)) return { ok: false, message: `${field.name}: a JSON array of parts` };
        return { ok: true, value: { content_type: 'multi_part', multi_part: parts as Content[] } };
      } catch (e) {
        return { ok: false, message: `${field.name}: ${(e as Error).message}` };
      }
    }
    default:
      break;
  }
  switch (field.valueType) {
    case 'integer':
      if (!/^-?\d+$/.test(trimmed)) return { ok: false, message: `${field.name}: an integer` };
      return { ok: true, value: { content_type: 'text', text: trimmed } };
    case 'float':
      if (trimmed === '' || !Number.isFinite(Number(trimmed)))
        return { ok: false, message: `${field.name}: a number` };
      return { ok: true, value: { content_type: 'text', text: trimmed } };
    case 'boolean':
      if (trimmed !== 'true' && trimmed !== 'false')
        return { ok: false, message: `${field.name}: true or false` };
      return { ok: true, value: { content_type: 'text', text: trimmed } };
    default:
      if (JSON_TYPES.has(field.valueType))
        try {
          JSON.parse(trimmed);
        } catch (e) {
          return { ok: false, message: `${field.name}: not JSON (${(e as Error).message})` };
        }
      return { ok: true, value: { content_type: 'text', text } };
  }
}

/** Chat messages as the trace view shows them, from the JSON text of a `chat_messages` cell. */
export function chatMessagesOf(text: string): NormalizedMessage[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed)) return undefined;
  const out: NormalizedMessage[] = [];
  for (const m of parsed) {
    if (typeof m !== 'object' || m === null || Array.isArray(m)) return undefined;
    const r = m as Record<string, unknown>;
    const role = typeof r.role === 'string' ? r.role : 'message';
    const content = r.content;
    const message: NormalizedMessage = {
      role,
      content: typeof content === 'string' ? content : '',
    };
    if (Array.isArray(content)) {
      const parts = (content as unknown[]).filter(
        (p): p is Record<string, unknown> => typeof p === 'object' && p !== null,
      );
      const isText = (p: Record<string, unknown>) =>
        typeof p.text === 'string' || typeof p.content === 'string';
      message.content = parts
        .filter(isText)
        .map((p) => String(p.text ?? p.content))
        .join('\n');
      message.parts = parts.filter((p) => !isText(p));
    } else if (typeof content === 'object' && content !== null) message.content = JSON.stringify(content);
    if (Array.isArray(r.parts)) {
      const parts = r.parts.filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null);
      const texts = parts.filter((p) => p.type === 'text' && typeof p.content === 'string');
      if (message.content === '') message.content = texts.map((p) => String(p.content)).join('\n');
      message.parts = parts.filter((p) => !texts.includes(p));
    }
    if (typeof r.name === 'string') message.name = r.name;
    out.push(message);
  }
  return out;
}

/** One line of a value for search hits, titles and the diff. */
export function summaryOf(value: Content | undefined): string {
  if (value === undefined) return '';
  if (value.content_omitted === true)
    return `${value.text ?? ''}… (${value.full_content_bytes ?? '?'} bytes)`;
  if (value.content_type === 'multi_part') return (value.multi_part ?? []).map((p) => summaryOf(p)).join(' ');
  return editTextOf(value);
}
