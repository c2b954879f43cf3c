import { z } from 'zod';
import { Content, ContentType } from '../../schemas/content';

// The answers of the datasets REST API as zod, for the OpenAPI document (the `types.ts` views as JSON).

const IsoTime = z.iso.datetime();
const Id = z.string().describe('int64 as text');

export const DatasetFieldView = z.object({
  key: z.string().describe('stable, server-made; rows are keyed by it'),
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

export const DatasetVersionView = z.object({
  id: Id,
  datasetId: Id,
  version: z.string(),
  versionNum: z.number().int(),
  description: z.string(),
  fields: z.array(DatasetFieldView),
  itemCount: z.number().int(),
  createdBy: z.string(),
  createdAt: IsoTime,
});

export const DatasetView = z.object({
  id: Id,
  workspaceId: z.string(),
  name: z.string(),
  description: z.string(),
  category: z.enum(['general', 'evaluation']),
  tags: z.array(z.string()),
  fields: z.array(DatasetFieldView).describe("the draft's schema"),
  itemCount: z.number().int().describe('items in the draft'),
  latestVersion: DatasetVersionView.optional(),
  uncommittedChanges: z.boolean(),
  createdBy: z.string(),
  updatedBy: z.string(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});

export const DatasetItemView = z.object({
  id: Id,
  datasetId: Id,
  itemKey: z.string().optional(),
  turns: z.array(
    z.object({ id: Id, fields: z.record(z.string(), Content).describe('values by field name') }),
  ),
  source: z.object({ traceId: z.string(), spanId: z.string() }).optional(),
  addedIn: z.number().int().describe('version number the current content was added in'),
  createdBy: z.string(),
  updatedBy: z.string(),
  createdAt: IsoTime,
  updatedAt: IsoTime,
});

const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().optional().describe('pass back as `cursor` for the next page'),
    total: z.number().int(),
  });

export const ItemErrorGroupView = z.object({
  code: z.enum([
    'mismatch_schema',
    'missing_required_field',
    'empty_data',
    'exceed_max_item_size',
    'exceed_max_nested_depth',
    'exceed_dataset_capacity',
    'illegal_content',
    'get_media_failed',
  ]),
  message: z.string(),
  count: z.number().int(),
  details: z.array(z.object({ index: z.number().int(), message: z.string() })).describe('at most 5 rows'),
});

export const WriteResultView = z.object({
  written: z.boolean(),
  outputs: z.array(
    z.object({ index: z.number().int(), itemKey: z.string().optional(), itemId: Id, isNew: z.boolean() }),
  ),
  errors: z.array(ItemErrorGroupView),
});

const FieldChanges = z.object({
  added: z.array(DatasetFieldView),
  removed: z.array(DatasetFieldView),
  changed: z.array(z.object({ before: DatasetFieldView, after: DatasetFieldView })),
});

export const DATASET_COMPONENTS = {
  Dataset: DatasetView,
  DatasetList: page(DatasetView),
  DatasetVersion: DatasetVersionView,
  DatasetVersionList: page(DatasetVersionView),
  DatasetItem: DatasetItemView,
  DatasetItemList: page(DatasetItemView),
  DatasetWriteResult: WriteResultView,
  DatasetWriteRefused: z.object({
    error: z.object({ code: z.string(), message: z.string() }),
    result: WriteResultView,
  }),
  DatasetItemsDeleted: z.object({ deleted: z.number().int() }),
  DatasetValue: Content,
  DatasetDiff: z.object({
    added: z.array(DatasetItemView),
    removed: z.array(DatasetItemView),
    changed: z.array(z.object({ before: DatasetItemView, after: DatasetItemView })),
    fields: FieldChanges,
    nextCursor: z.string().optional(),
  }),
};
