import type { ContentType } from '../../../schemas/content';
import type { FieldSchema, ValueType } from '../types';
import { cellText, jsonIn } from './cell-text';

export interface InferredColumn {
  name: string;
  valueType: ValueType;
  contentType: ContentType;
  /** The first few non-empty values, as text. */
  samples: string[];
}

export interface ColumnMapping {
  /** A column of the file. */
  source: string;
  /** A field of the dataset, by name. */
  target: string;
}

const MEDIA_URL: Record<'image' | 'audio' | 'video', RegExp> = {
  image: /^https?:\/\/\S+\.(png|jpe?g|gif|webp|bmp|svg)(\?\S*)?$/i,
  audio: /^https?:\/\/\S+\.(mp3|wav|ogg|m4a|flac)(\?\S*)?$/i,
  video: /^https?:\/\/\S+\.(mp4|webm|mov|mkv)(\?\S*)?$/i,
};

const isChatMessage = (m: unknown) =>
  typeof m === 'object' && m !== null && 'role' in m && ('content' in m || 'parts' in m);

function valueTypeOf(value: unknown): ValueType {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'float';
  if (Array.isArray(value)) return value.length > 0 && value.every(isChatMessage) ? 'chat_messages' : 'array';
  if (typeof value === 'object' && value !== null) return 'object';
  const text = String(value).trim();
  if (/^(true|false)$/i.test(text)) return 'boolean';
  if (/^[+-]?\d{1,15}$/.test(text)) return 'integer';
  if (text !== '' && Number.isFinite(Number(text)) && /^[+-]?[\d.]+(e[+-]?\d+)?$/i.test(text)) return 'float';
  const json = jsonIn(text);
  return json === undefined ? 'string' : valueTypeOf(json);
}

/** The value type every sample fits: integers widen to float, anything mixed is a string. */
function common(types: ValueType[]): ValueType {
  const set = new Set(types);
  if (set.size === 0) return 'string';
  if (set.size === 1) return types[0] as ValueType;
  if (set.size === 2 && set.has('integer') && set.has('float')) return 'float';
  if (set.size === 2 && set.has('array') && set.has('chat_messages')) return 'array';
  return 'string';
}

function contentTypeOf(values: unknown[]): ContentType {
  const texts = values.filter((v): v is string => typeof v === 'string').map((v) => v.trim());
  if (texts.length === 0 || texts.length !== values.length) return 'text';
  for (const kind of ['image', 'audio', 'video'] as const)
    if (texts.every((t) => MEDIA_URL[kind].test(t))) return kind;
  return 'text';
}

/** Column types from the first rows of a file: value type and content type, with a few samples each. */
export function inferColumns(
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
): InferredColumn[] {
  return columns.map((name) => {
    const values = rows.map((r) => r[name]).filter((v) => v !== undefined && v !== null && v !== '');
    const contentType = contentTypeOf(values);
    return {
      name,
      valueType: contentType === 'text' ? common(values.map(valueTypeOf)) : 'string',
      contentType,
      samples: values.slice(0, 3).map((v) => cellText(v).slice(0, 200)),
    };
  });
}

/** Each column to the dataset field of the same name, ignoring case and surrounding blanks. */
export function proposeMapping(
  columns: readonly string[],
  fields: readonly Pick<FieldSchema, 'name'>[],
): ColumnMapping[] {
  const byName = new Map(fields.map((f) => [f.name.trim().toLowerCase(), f.name]));
  const mapping: ColumnMapping[] = [];
  for (const source of columns) {
    const target = byName.get(source.trim().toLowerCase());
    if (target !== undefined) mapping.push({ source, target });
  }
  return mapping;
}
