import { Content } from '../../../schemas/content';
import type { FieldSchema, ItemErrorCode, NewItem } from '../types';
import { cellText, jsonIn } from './cell-text';
import type { ColumnMapping } from './inference';

export interface RowProblem {
  code: ItemErrorCode;
  message: string;
}

type Converted = { ok: true; value: Content | undefined } | { ok: false; problem: RowProblem };

const mismatch = (field: FieldSchema, why: string): Converted => ({
  ok: false,
  problem: { code: 'mismatch_schema', message: `${field.name}: ${why}` },
});

const text = (t: string): Converted => ({ ok: true, value: { content_type: 'text', text: t } });

/** A Content given whole (a JSONL object, or JSON text written by an export). */
function wholeContent(value: unknown): Content | undefined {
  const candidate = typeof value === 'string' ? jsonIn(value) : value;
  if (typeof candidate !== 'object' || candidate === null || !('content_type' in candidate)) return undefined;
  const parsed = Content.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
}

function typedText(field: FieldSchema, raw: unknown): Converted {
  const t = cellText(raw).trim();
  switch (field.valueType) {
    case 'string':
      return text(cellText(raw));
    case 'integer':
      if (typeof raw === 'number' ? Number.isSafeInteger(raw) : /^[+-]?\d+$/.test(t)) return text(t);
      return mismatch(field, `"${t.slice(0, 40)}" is not an integer`);
    case 'float':
      if (t !== '' && Number.isFinite(Number(t))) return text(t);
      return mismatch(field, `"${t.slice(0, 40)}" is not a number`);
    case 'boolean':
      if (/^(true|1|yes)$/i.test(t)) return text('true');
      if (/^(false|0|no)$/i.test(t)) return text('false');
      return mismatch(field, `"${t.slice(0, 40)}" is not a boolean`);
    case 'object':
    case 'array':
    case 'chat_messages':
    case 'trajectory': {
      const json = typeof raw === 'object' ? raw : jsonIn(t);
      const wantArray = field.valueType === 'array' || field.valueType === 'chat_messages';
      if (json === undefined || json === null) return mismatch(field, 'is not JSON');
      if (field.valueType !== 'trajectory' && Array.isArray(json) !== wantArray)
        return mismatch(field, wantArray ? 'is not a JSON array' : 'is not a JSON object');
      return text(JSON.stringify(json));
    }
  }
}

/** One cell as the field's Content; empty cells are no value. */
export function cellContent(field: FieldSchema, raw: unknown): Converted {
  if (raw === undefined || raw === null || raw === '') return { ok: true, value: undefined };
  const whole = wholeContent(raw);
  if (whole !== undefined) {
    if (whole.content_type !== field.contentType)
      return mismatch(
        field,
        `holds ${whole.content_type} content where the field takes ${field.contentType}`,
      );
    return field.contentType === 'text' ? typedText(field, whole.text ?? '') : { ok: true, value: whole };
  }
  switch (field.contentType) {
    case 'text':
      return typedText(field, raw);
    case 'image':
    case 'audio':
    case 'video': {
      const url = cellText(raw).trim();
      if (!/^https?:\/\//i.test(url)) return mismatch(field, `"${url.slice(0, 40)}" is not an http(s) URL`);
      return { ok: true, value: { content_type: field.contentType, [field.contentType]: { url } } };
    }
    case 'multi_part':
      return mismatch(field, 'multi-part values are imported as Content JSON only');
  }
}

/**
 * A row of the file as a single-turn item of the dataset, fields keyed by field key; the problems of its cells
 * otherwise (a required field without a value is one).
 */
export function rowToItem(
  cells: Record<string, unknown>,
  mapping: readonly ColumnMapping[],
  fields: readonly FieldSchema[],
): { ok: true; item: NewItem } | { ok: false; problems: RowProblem[] } {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const values: Record<string, Content> = {};
  const problems: RowProblem[] = [];
  for (const { source, target } of mapping) {
    const field = byName.get(target);
    if (field === undefined) continue;
    const converted = cellContent(field, cells[source]);
    if (!converted.ok) problems.push(converted.problem);
    else if (converted.value !== undefined) values[field.key] = converted.value;
  }
  for (const field of fields)
    if (
      field.required &&
      values[field.key] === undefined &&
      !problems.some((p) => p.message.startsWith(`${field.name}:`))
    )
      problems.push({ code: 'missing_required_field', message: `${field.name} is required` });
  if (problems.length === 0 && Object.keys(values).length === 0)
    problems.push({ code: 'empty_data', message: 'the row has no value in any mapped column' });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, item: { turns: [{ fields: values }] } };
}
