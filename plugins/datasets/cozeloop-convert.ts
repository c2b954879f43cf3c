import type { Content } from '../../schemas/content';
import { AppError } from '../sdk/index';
import type { FieldSchemaIn, FieldSchemaOut, ItemIn } from './cozeloop-schemas';
import type {
  Dataset,
  DatasetItem,
  DatasetVersion,
  FieldSchema,
  FieldSchemaInput,
  ItemErrorCode,
  ItemErrorGroup,
  NewItem,
  ValueType,
  WriteResult,
} from './types';

// Spanloop's dataset model ↔ Cozeloop's evaluation-set DTOs (domain_openapi/eval_set.thrift).

/** Cozeloop's `ItemErrorType` numbers (data/domain/dataset.thrift). */
export const ITEM_ERROR_TYPE: Record<ItemErrorCode, number> = {
  mismatch_schema: 1,
  empty_data: 2,
  exceed_max_item_size: 3,
  exceed_dataset_capacity: 4,
  illegal_content: 6,
  missing_required_field: 7,
  exceed_max_nested_depth: 8,
  get_media_failed: 12,
};

const SCHEMA_KEY_OF: Partial<Record<ValueType, FieldSchemaOut['schema_key']>> = {
  string: 'string',
  integer: 'integer',
  float: 'float',
  boolean: 'bool',
  trajectory: 'trajectory',
  chat_messages: 'message_list',
};

const VALUE_TYPE_OF: Record<NonNullable<FieldSchemaIn['schema_key']>, ValueType> = {
  string: 'string',
  integer: 'integer',
  float: 'float',
  bool: 'boolean',
  trajectory: 'trajectory',
  message_list: 'chat_messages',
};

/** Without a `schema_key`, the JSON Schema's top-level `type` says the value type (Cozeloop's object columns). */
function valueTypeOfSchema(textSchema: string | undefined): ValueType {
  if (textSchema === undefined || textSchema.trim() === '') return 'string';
  let parsed: unknown;
  try {
    parsed = JSON.parse(textSchema);
  } catch {
    throw new AppError('invalid_argument', 'text_schema is not JSON');
  }
  const type = (parsed as { type?: unknown } | null)?.type;
  if (type === 'object' || type === 'array' || type === 'integer' || type === 'boolean') return type;
  return type === 'number' ? 'float' : 'string';
}

export function fieldSchemaIn(f: FieldSchemaIn): FieldSchemaInput {
  return {
    ...(f.key === undefined || f.key === '' ? {} : { key: f.key }),
    name: f.name,
    description: f.description ?? '',
    contentType: f.content_type ?? 'text',
    valueType: f.schema_key === undefined ? valueTypeOfSchema(f.text_schema) : VALUE_TYPE_OF[f.schema_key],
    ...(f.text_schema === undefined || f.text_schema === '' ? {} : { jsonSchema: f.text_schema }),
    displayFormat: f.default_display_format ?? 'plain_text',
    required: f.is_required ?? false,
  };
}

/** A column as Cozeloop shows it; object and array columns carry their type in `text_schema`. */
export function fieldSchemaOut(f: FieldSchema): FieldSchemaOut {
  const schemaKey = SCHEMA_KEY_OF[f.valueType];
  const textSchema =
    f.jsonSchema ??
    (f.valueType === 'object' || f.valueType === 'array' ? JSON.stringify({ type: f.valueType }) : undefined);
  return {
    key: f.key,
    name: f.name,
    description: f.description,
    content_type: f.contentType,
    default_display_format: f.displayFormat,
    is_required: f.required,
    ...(textSchema === undefined ? {} : { text_schema: textSchema }),
    ...(schemaKey === undefined ? {} : { schema_key: schemaKey }),
    locked: false,
  };
}

const millis = (d: Date) => String(d.getTime());

const baseInfo = (x: { createdBy: string; updatedBy: string; createdAt: Date; updatedAt: Date }) => ({
  created_by: { user_id: x.createdBy },
  updated_by: { user_id: x.updatedBy },
  created_at: millis(x.createdAt),
  updated_at: millis(x.updatedAt),
});

export const versionOut = (v: DatasetVersion) => ({
  id: v.id,
  version: v.version,
  description: v.description,
  evaluation_set_schema: { field_schemas: v.fields.map(fieldSchemaOut) },
  item_count: String(v.itemCount),
  base_info: baseInfo({ ...v, updatedBy: v.createdBy, updatedAt: v.createdAt }),
});

export const evaluationSetOut = (d: Dataset) => ({
  id: d.id,
  name: d.name,
  description: d.description,
  status: 'active' as const,
  item_count: String(d.itemCount),
  latest_version: d.latestVersion?.version ?? '',
  is_change_uncommitted: d.uncommittedChanges,
  type: 'default' as const,
  current_version: {
    version: '',
    description: '',
    evaluation_set_schema: { field_schemas: d.fields.map(fieldSchemaOut) },
    item_count: String(d.itemCount),
  },
  tags: d.tags.map((tag_name) => ({ tag_name })),
  base_info: baseInfo(d),
});

/** An item with its turns' values named by `fields` (the schema of the state read), in schema order. */
export function itemOut(item: DatasetItem, fields: readonly FieldSchema[]) {
  return {
    id: item.id,
    item_key: item.itemKey ?? '',
    turns: item.turns.map((t) => ({
      id: t.id,
      field_datas: fields.flatMap((f) => {
        const content = t.fields[f.key];
        return content === undefined ? [] : [{ name: f.name, content }];
      }),
    })),
    item_version: String(item.addedIn),
    base_info: baseInfo(item),
  };
}

/** A value that names a column the schema lacks: kept under a key no column has, so the store refuses it. */
export const UNKNOWN_FIELD_PREFIX = 'no such field: ';

/**
 * Cozeloop items (values by field name) as the store's (by field key). A name the draft lacks is kept under a
 * key no column can have, so the store reports the item as a schema mismatch in its own error groups.
 */
export function itemIn(item: ItemIn, fields: readonly FieldSchema[]): NewItem {
  const keyOf = new Map(fields.map((f) => [f.name, f.key]));
  return {
    ...(item.id === undefined ? {} : { id: item.id }),
    ...(item.item_key === undefined || item.item_key === '' ? {} : { itemKey: item.item_key }),
    turns: (item.turns ?? []).map((t) => {
      const values: Record<string, Content> = {};
      for (const d of t.field_datas ?? []) {
        if (d.content === undefined) continue;
        values[keyOf.get(d.name) ?? `${UNKNOWN_FIELD_PREFIX}${d.name}`] = d.content;
      }
      return { fields: values };
    }),
  };
}

export const errorGroupOut = (g: ItemErrorGroup) => ({
  error_code: ITEM_ERROR_TYPE[g.code],
  error_message: g.message,
  error_count: g.count,
  details: g.details.map((d) => ({ message: d.message, index: d.index })),
});

export const writeResultOut = (r: WriteResult) => ({
  itemOutputs: r.outputs.map((o) => ({
    item_index: o.index,
    ...(o.itemKey === undefined ? {} : { item_key: o.itemKey }),
    item_id: o.itemId,
    is_new_item: o.isNew,
  })),
  errors: r.errors.map(errorGroupOut),
});
