import { z } from 'zod';
import { AudioContent, Content, ContentType, ImageContent, VideoContent } from '../../schemas/content';
import type { Dataset, DatasetItem, DatasetVersion, FieldSchema } from './types';

/** A field as kept in `datasets.fields` and `dataset_versions.fields`. */
export const FieldRow = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string(),
  contentType: ContentType,
  valueType: z.enum([
    'string',
    'integer',
    'float',
    'boolean',
    'object',
    'array',
    'chat_messages',
    'trajectory',
  ]),
  jsonSchema: z.string().optional(),
  displayFormat: z.enum(['plain_text', 'markdown', 'json', 'yaml', 'code']),
  required: z.boolean(),
});

/** A cell as stored: a Content, or one whose text lives in the file store (`spill`). */
export const StoredCell = z.object({
  content_type: ContentType,
  text: z.string().optional(),
  image: ImageContent.optional(),
  audio: AudioContent.optional(),
  video: VideoContent.optional(),
  multi_part: z.array(Content).optional(),
  spill: z.object({ file: z.string(), bytes: z.number().int().nonnegative() }).optional(),
});
export type StoredCell = z.output<typeof StoredCell>;

export const StoredTurn = z.object({ id: z.string(), fields: z.record(z.string(), StoredCell) });
export type StoredTurn = z.output<typeof StoredTurn>;

const id = z.union([z.number(), z.string()]).transform(String);

export const DatasetRow = z.object({
  id,
  workspace_id: z.string(),
  name: z.string(),
  description: z.string(),
  category: z.enum(['general', 'evaluation']),
  tags: z.array(z.string()),
  fields: z.array(FieldRow),
  next_version_num: z.number().int(),
  draft_item_count: z.number().int(),
  draft_changed: z.boolean(),
  created_by: z.string(),
  updated_by: z.string(),
  created_at: z.date(),
  updated_at: z.date(),
  deleted_at: z.date().nullable(),
});
export type DatasetRow = z.output<typeof DatasetRow>;

export const VersionRow = z.object({
  id,
  dataset_id: id,
  version: z.string(),
  version_num: z.number().int(),
  description: z.string(),
  fields: z.array(FieldRow),
  item_count: z.number().int(),
  created_by: z.string(),
  created_at: z.date(),
});
export type VersionRow = z.output<typeof VersionRow>;

export const ItemRow = z.object({
  row_id: id,
  dataset_id: id,
  item_id: id,
  item_key: z.string().nullable(),
  add_vn: z.number().int(),
  del_vn: z.number().int(),
  turns: z.array(StoredTurn),
  source_trace_id: z.string().nullable(),
  source_span_id: z.string().nullable(),
  created_by: z.string(),
  updated_by: z.string(),
  created_at: z.date(),
  updated_at: z.date(),
});
export type ItemRow = z.output<typeof ItemRow>;

export const ITEM_COLUMNS = `row_id, dataset_id, item_id, item_key, add_vn, del_vn, turns, source_trace_id,
  source_span_id, created_by, updated_by, created_at, updated_at`;

export const VERSION_COLUMNS =
  'id, dataset_id, version, version_num, description, fields, item_count, created_by, created_at';

export const versionView = (row: VersionRow): DatasetVersion => ({
  id: row.id,
  datasetId: row.dataset_id,
  version: row.version,
  versionNum: row.version_num,
  description: row.description,
  fields: row.fields.map(fieldView),
  itemCount: row.item_count,
  createdBy: row.created_by,
  createdAt: row.created_at,
});

export const fieldView = (f: z.output<typeof FieldRow>): FieldSchema => ({
  key: f.key,
  name: f.name,
  description: f.description,
  contentType: f.contentType,
  valueType: f.valueType,
  ...(f.jsonSchema === undefined ? {} : { jsonSchema: f.jsonSchema }),
  displayFormat: f.displayFormat,
  required: f.required,
});

export function datasetView(row: DatasetRow, latest: VersionRow | undefined): Dataset {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    description: row.description,
    category: row.category,
    tags: row.tags,
    fields: row.fields.map(fieldView),
    itemCount: row.draft_item_count,
    ...(latest === undefined ? {} : { latestVersion: versionView(latest) }),
    uncommittedChanges: row.draft_changed,
    createdBy: row.created_by,
    updatedBy: row.updated_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Where a left-out value is read whole: the REST value route. */
export type ValueUrl = (ref: {
  datasetId: string;
  itemId: string;
  turnId: string;
  fieldKey: string;
  /** The field's name in the schema of the state read. */
  fieldName: string;
  versionId?: string;
}) => string;

export const restValueUrl: ValueUrl = (ref) => {
  const q = new URLSearchParams({ field: ref.fieldName, turnId: ref.turnId });
  if (ref.versionId !== undefined) q.set('version', ref.versionId);
  return `/api/v1/datasets/${ref.datasetId}/items/${ref.itemId}/value?${q.toString()}`;
};

/**
 * The item as a reader sees it at one version: only the fields of that version's schema, and spilled values
 * as `content_omitted` with their size and URL (`whole` gives them back through `spilled`).
 */
export function itemView(
  row: ItemRow,
  keys: ReadonlySet<string>,
  omitted: (turnId: string, fieldKey: string, bytes: number) => Content,
  whole?: ReadonlyMap<string, string>,
): DatasetItem {
  return {
    id: row.item_id,
    datasetId: row.dataset_id,
    ...(row.item_key === null ? {} : { itemKey: row.item_key }),
    turns: row.turns.map((t) => ({
      id: t.id,
      fields: Object.fromEntries(
        Object.entries(t.fields)
          .filter(([k]) => keys.has(k))
          .map(([k, cell]) => [k, cellView(cell, () => omitted(t.id, k, cell.spill?.bytes ?? 0), whole)]),
      ),
    })),
    ...(row.source_trace_id === null || row.source_span_id === null
      ? {}
      : { source: { traceId: row.source_trace_id, spanId: row.source_span_id } }),
    addedIn: row.add_vn,
    createdBy: row.created_by,
    updatedBy: row.updated_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function cellView(cell: StoredCell, omitted: () => Content, whole?: ReadonlyMap<string, string>): Content {
  const { spill, ...content } = cell;
  if (spill === undefined) return content;
  const text = whole?.get(spill.file);
  if (text !== undefined) return { ...content, text };
  return omitted();
}
