import type { Content } from '../../../schemas/content';
import type { DatasetItem, FieldSchema } from '../types';

/** A value as JSON export writes it: typed scalars and parsed JSON for text, the Content itself for media. */
export function jsonValue(field: FieldSchema, content: Content): unknown {
  if (content.content_type !== 'text') return content;
  const text = content.text ?? '';
  switch (field.valueType) {
    case 'integer':
    case 'float': {
      const n = Number(text);
      return text.trim() !== '' && Number.isFinite(n) ? n : text;
    }
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'object':
    case 'array':
    case 'chat_messages':
    case 'trajectory':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
    case 'string':
      return text;
  }
}

/** A value as one CSV or Parquet cell: text as it is, media and multi-part as Content JSON (import reads it back). */
export const cellString = (content: Content): string =>
  content.content_type === 'text' ? (content.text ?? '') : JSON.stringify(content);

/** Rows of an item, one per turn, values by field name. */
export function turnRows<V>(
  item: DatasetItem,
  fields: readonly FieldSchema[],
  value: (field: FieldSchema, content: Content) => V,
): Record<string, V>[] {
  return item.turns.map((turn) => {
    const row: Record<string, V> = {};
    for (const field of fields) {
      const content = turn.fields[field.key];
      if (content !== undefined) row[field.name] = value(field, content);
    }
    return row;
  });
}
