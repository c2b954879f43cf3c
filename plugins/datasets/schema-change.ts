import { randomBytes } from 'node:crypto';
import { AppError } from '../../core/app-error';
import type { DatasetLimits, FieldSchema, FieldSchemaInput } from './types';
import type { JsonSchemas } from './value-check';

/** A new column's key: server-made, never reused, stable across renames. */
export const newFieldKey = () => `f_${randomBytes(6).toString('hex')}`;

export interface SchemaChange {
  fields: FieldSchema[];
  removed: FieldSchema[];
  /** Columns whose content or value type changed: refused when the draft holds values in them. */
  retyped: FieldSchema[];
}

/**
 * The draft's next schema from the caller's list: fields without a key are added, fields with one changed;
 * columns left out are removed only with `confirmDelete`.
 */
export function changeSchema(
  current: readonly FieldSchema[],
  input: readonly FieldSchemaInput[],
  options: { confirmDelete: boolean },
  limits: DatasetLimits,
  schemas: JsonSchemas,
): SchemaChange {
  if (input.length > limits.maxFields)
    throw new AppError('invalid_argument', `a dataset has at most ${limits.maxFields} fields`);
  const byKey = new Map(current.map((f) => [f.key, f]));
  const names = new Set<string>();
  const kept = new Set<string>();
  const retyped: FieldSchema[] = [];
  const fields = input.map((f): FieldSchema => {
    const name = f.name.trim();
    if (name === '' || name.length > 128)
      throw new AppError('invalid_argument', 'a field name is 1–128 characters');
    if (names.has(name)) throw new AppError('invalid_argument', `two fields are named "${name}"`);
    names.add(name);
    if (f.jsonSchema !== undefined && f.jsonSchema.trim() !== '') {
      const compiled = schemas.compile(f.jsonSchema);
      if (typeof compiled === 'string')
        throw new AppError('invalid_argument', `field "${name}": the JSON Schema is invalid: ${compiled}`);
    }
    const { jsonSchema } = f;
    const next = {
      description: f.description,
      contentType: f.contentType,
      valueType: f.valueType,
      displayFormat: f.displayFormat,
      required: f.required,
      name,
      ...(jsonSchema === undefined || jsonSchema.trim() === '' ? {} : { jsonSchema }),
    };
    if (f.key === undefined) return { key: newFieldKey(), ...next };
    const before = byKey.get(f.key);
    if (before === undefined) throw new AppError('invalid_argument', `no field with key "${f.key}"`);
    if (kept.has(f.key)) throw new AppError('invalid_argument', `field key "${f.key}" is listed twice`);
    kept.add(f.key);
    const field = { key: f.key, ...next };
    if (before.valueType !== field.valueType || before.contentType !== field.contentType) retyped.push(field);
    return field;
  });
  const removed = current.filter((f) => !kept.has(f.key));
  if (removed.length > 0 && !options.confirmDelete)
    throw new AppError(
      'conflict',
      `removing ${removed.map((f) => `"${f.name}"`).join(', ')} deletes their values from the draft: ` +
        'send confirmDelete: true',
    );
  return { fields, removed, retyped };
}

/** Fields added, removed and changed between two schemas, matched by key. */
export function diffFields(before: readonly FieldSchema[], after: readonly FieldSchema[]) {
  const old = new Map(before.map((f) => [f.key, f]));
  const now = new Map(after.map((f) => [f.key, f]));
  return {
    added: after.filter((f) => !old.has(f.key)),
    removed: before.filter((f) => !now.has(f.key)),
    changed: after.flatMap((f) => {
      const b = old.get(f.key);
      return b !== undefined && JSON.stringify(b) !== JSON.stringify(f) ? [{ before: b, after: f }] : [];
    }),
  };
}
