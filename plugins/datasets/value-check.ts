import { Ajv, type ValidateFunction } from 'ajv';
import { jsonNestingExceeds } from '../../core/json-depth';
import type { FieldSchema, ItemErrorCode, ValueType } from './types';

export type CellError = { code: ItemErrorCode; message: string };

/** Compiled JSON Schemas by their text; a dataset has at most `maxFields` of them. */
export interface JsonSchemas {
  /** The validator, or the reason the schema does not compile. */
  compile(text: string): ValidateFunction | string;
}

export function createJsonSchemas(maxCached = 500): JsonSchemas {
  const ajv = new Ajv({ allErrors: false, strict: false, validateFormats: false });
  const cache = new Map<string, ValidateFunction | string>();
  return {
    compile(text) {
      const hit = cache.get(text);
      if (hit !== undefined) return hit;
      let compiled: ValidateFunction | string;
      try {
        const schema = JSON.parse(text) as unknown;
        if (typeof schema !== 'object' && typeof schema !== 'boolean') throw new Error('not an object');
        compiled = ajv.compile(schema as object);
      } catch (e) {
        compiled = e instanceof Error ? e.message : 'not a JSON Schema';
      }
      if (cache.size >= maxCached) cache.clear();
      cache.set(text, compiled);
      return compiled;
    },
  };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const JSON_TYPES = new Set<ValueType>(['object', 'array', 'chat_messages', 'trajectory']);

/** Reads a text cell as its field's value type; the value, or why it is not one. */
export function parseValue(
  text: string,
  valueType: ValueType,
  maxDepth: number,
): { ok: true; value: unknown } | { ok: false; error: CellError } {
  const bad = (what: string) => ({
    ok: false as const,
    error: { code: 'mismatch_schema' as const, message: `the value is not ${what}` },
  });
  const trimmed = text.trim();
  switch (valueType) {
    case 'string':
      return { ok: true, value: text };
    case 'integer':
      return /^[+-]?\d{1,18}$/.test(trimmed) ? { ok: true, value: Number(trimmed) } : bad('an integer');
    case 'float': {
      const n = Number(trimmed);
      return trimmed !== '' && Number.isFinite(n) ? { ok: true, value: n } : bad('a number');
    }
    case 'boolean': {
      const b = trimmed.toLowerCase();
      return b === 'true' || b === 'false' ? { ok: true, value: b === 'true' } : bad('true or false');
    }
  }
  if (!JSON_TYPES.has(valueType)) return bad(valueType);
  if (jsonNestingExceeds(text, maxDepth))
    return {
      ok: false,
      error: { code: 'exceed_max_nested_depth', message: `the value nests deeper than ${maxDepth} levels` },
    };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return bad('JSON');
  }
  if (valueType === 'object') return isPlainObject(value) ? { ok: true, value } : bad('a JSON object');
  if (valueType === 'array') return Array.isArray(value) ? { ok: true, value } : bad('a JSON array');
  if (valueType === 'trajectory')
    return isPlainObject(value) || Array.isArray(value) ? { ok: true, value } : bad('a JSON trajectory');
  const messages = Array.isArray(value) && value.every((m) => isPlainObject(m) && typeof m.role === 'string');
  return messages ? { ok: true, value } : bad('a JSON array of chat messages with a role');
}

/** The field's JSON Schema over a parsed value, when it has one. */
export function checkJsonSchema(
  field: FieldSchema,
  value: unknown,
  schemas: JsonSchemas,
): CellError | undefined {
  if (field.jsonSchema === undefined || field.jsonSchema.trim() === '') return undefined;
  const validate = schemas.compile(field.jsonSchema);
  if (typeof validate === 'string')
    return {
      code: 'mismatch_schema',
      message: `field "${field.name}" has an invalid JSON Schema: ${validate}`,
    };
  if (validate(value)) return undefined;
  const first = validate.errors?.[0];
  const where =
    first?.instancePath === undefined || first.instancePath === '' ? '' : ` at ${first.instancePath}`;
  return {
    code: 'mismatch_schema',
    message: `the value of "${field.name}" breaks its JSON Schema${where}: ${first?.message ?? 'invalid'}`,
  };
}
