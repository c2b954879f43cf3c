import type { Content } from '../../schemas/content';
import type { DatasetItem, FieldSchema, NewItem, VersionDiff } from './types';

/**
 * Field names ↔ field keys. The store keys values by the stable field key; APIs speak field names of the schema
 * read (a version's or the draft's). A name the schema does not hold is kept as it is, so the store reports it
 * as `mismatch_schema` for its row.
 */

export const fieldByName = (fields: readonly FieldSchema[], name: string): FieldSchema | undefined =>
  fields.find((f) => f.name === name);

const rename = (values: Record<string, Content>, map: ReadonlyMap<string, string>): Record<string, Content> =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [map.get(k) ?? k, v]));

/** An item as written by name, keyed for the store. */
export function newItemToKeys(item: NewItem, fields: readonly FieldSchema[]): NewItem {
  const keys = new Map(fields.map((f) => [f.name, f.key]));
  return { ...item, turns: item.turns.map((t) => ({ ...t, fields: rename(t.fields, keys) })) };
}

/** An item as the store gives it (by key), with its values by name in `fields`' schema. */
export function itemToNames(item: DatasetItem, fields: readonly FieldSchema[]): DatasetItem {
  const names = new Map(fields.map((f) => [f.key, f.name]));
  return { ...item, turns: item.turns.map((t) => ({ ...t, fields: rename(t.fields, names) })) };
}

/** A diff with `before` sides named by the `from` schema and `after` sides by the `to` schema. */
export function diffToNames(
  diff: VersionDiff,
  from: readonly FieldSchema[],
  to: readonly FieldSchema[],
): VersionDiff {
  return {
    ...diff,
    added: diff.added.map((i) => itemToNames(i, to)),
    removed: diff.removed.map((i) => itemToNames(i, from)),
    changed: diff.changed.map((c) => ({
      before: itemToNames(c.before, from),
      after: itemToNames(c.after, to),
    })),
  };
}
