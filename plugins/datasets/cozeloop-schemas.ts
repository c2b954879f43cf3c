import { z } from 'zod';
import { Content, ContentType } from '../../schemas/content';

// Cozeloop's evaluation-set OpenAPI (coze-loop idl/thrift/coze/loop/evaluation/coze.loop.evaluation.openapi.thrift,
// domain_openapi/eval_set.thrift and common.thrift, data/domain/dataset_job.thrift): snake_case fields as on its
// wire, lower-case enums, every int64 as a JSON string (Cozeloop's js_conv marshaler; numbers are read too).

/** An int64 as Cozeloop writes it: a decimal string; clients may send a number. */
export const Int64 = z
  .union([z.string().regex(/^\d{1,19}$/, 'an int64 (digits)'), z.number().int().nonnegative()])
  .transform(String);

/** The workspace a request names: its id or name (Cozeloop's numeric ids read as text). */
const WorkspaceId = z.union([z.string().min(1).max(128), z.number().int().nonnegative()]).transform(String);

/** An id in the URL path. */
export const IdParam = z.string().regex(/^[1-9]\d{0,18}$/, 'an id (digits)');

export const DisplayFormat = z.enum(['plain_text', 'markdown', 'json', 'yaml', 'code']);
export const SchemaKey = z.enum(['string', 'integer', 'float', 'bool', 'trajectory', 'message_list']);

/** `FieldSchema`: without `key` a new column; with one, that column changed. */
export const FieldSchemaIn = z.object({
  key: z.string().max(128).optional(),
  name: z.string().min(1).max(128),
  description: z.string().max(1024).optional(),
  content_type: ContentType.optional(),
  default_display_format: DisplayFormat.optional(),
  is_required: z.boolean().optional(),
  text_schema: z.string().max(65_536).optional(),
  schema_key: SchemaKey.optional(),
  /** Template columns: Spanloop has no templates; accepted and not kept. */
  locked: z.boolean().optional(),
});
export type FieldSchemaIn = z.output<typeof FieldSchemaIn>;

const SchemaIn = z.object({ field_schemas: z.array(FieldSchemaIn).max(200).optional() });
const TagRef = z.object({ tag_name: z.string().min(1).max(128) });

export const CreateEvaluationSetRequest = z.object({
  workspace_id: WorkspaceId.optional(),
  name: z.string().min(1).max(255),
  description: z.string().max(2048).optional(),
  evaluation_set_schema: SchemaIn.optional(),
  type: z.enum(['default'], { error: 'only `default` evaluation sets are supported' }).optional(),
  tags: z.array(TagRef).max(50).optional(),
  /** A business key: Spanloop keeps none, so it is refused rather than dropped. */
  dataset_key: z.never({ error: 'dataset_key is not supported' }).optional(),
  template_dataset_id: z.never({ error: 'evaluation set templates are not supported' }).optional(),
});

export const UpdateEvaluationSetRequest = z.object({
  workspace_id: WorkspaceId.optional(),
  name: z.string().min(1).max(255).optional(),
  description: z.string().max(2048).optional(),
  tags: z.array(TagRef).max(50).optional(),
});

/** `GET` and `DELETE` name their workspace in the query. */
export const WorkspaceQuery = z.object({ workspace_id: z.string().optional() });

const PageSize = z.coerce.number().int().min(1).max(200);
const PageQuery = {
  workspace_id: z.string().optional(),
  page_token: z.string().max(1024).optional(),
  page_size: PageSize.optional(),
};

export const ListEvaluationSetsQuery = z.object({
  ...PageQuery,
  /** Part of the name, case-insensitive. */
  name: z.string().max(255).optional(),
  /** Ids to list (repeated or comma-separated), at most 200. */
  evaluation_set_ids: z.array(IdParam).max(200).optional(),
});

export const CreateVersionRequest = z.object({
  workspace_id: WorkspaceId.optional(),
  version: z.string().min(1).max(50),
  description: z.string().max(400).optional(),
});

export const ListVersionsQuery = z.object({
  ...PageQuery,
  /** Part of the version name. */
  version_like: z.string().max(50).optional(),
});

export const FieldDataIn = z.object({ name: z.string().min(1).max(128), content: Content.optional() });

export const ItemIn = z.object({
  id: Int64.optional(),
  item_key: z.string().max(255).optional(),
  turns: z
    .array(z.object({ id: Int64.optional(), field_datas: z.array(FieldDataIn).max(200).optional() }))
    .max(100)
    .optional(),
});
export type ItemIn = z.output<typeof ItemIn>;

const StoreStrategy = z.enum(['passthrough', 'store']);
/** `FieldWriteOption` (its field names are camelCase on Cozeloop's wire). */
const FieldWriteOption = z.object({
  fieldName: z.string().max(128).optional(),
  fieldKey: z.string().max(128).optional(),
  modality_type: ContentType.optional(),
  multi_modal_store_opt: z.object({ multi_modal_store_strategy: StoreStrategy.optional() }).optional(),
  message_list_store_strategy: StoreStrategy.optional(),
});
export type FieldWriteOption = z.output<typeof FieldWriteOption>;

export const BatchCreateItemsRequest = z.object({
  workspace_id: WorkspaceId.optional(),
  items: z.array(ItemIn).min(1).max(100),
  is_skip_invalid_items: z.boolean().optional(),
  is_allow_partial_add: z.boolean().optional(),
  field_write_options: z.array(FieldWriteOption).max(200).optional(),
});

export const BatchUpdateItemsRequest = z.object({
  workspace_id: WorkspaceId.optional(),
  items: z
    .array(ItemIn.extend({ id: Int64 }))
    .min(1)
    .max(100),
  is_skip_invalid_items: z.boolean().optional(),
  field_write_options: z.array(FieldWriteOption).max(200).optional(),
});

export const BatchDeleteItemsRequest = z
  .object({
    workspace_id: WorkspaceId.optional(),
    item_ids: z.array(Int64).max(1000).optional(),
    is_delete_all: z.boolean().optional(),
  })
  .refine((r) => r.is_delete_all === true || (r.item_ids?.length ?? 0) > 0, {
    message: 'give item_ids or is_delete_all',
  });

export const ListItemsQuery = z.object({
  ...PageQuery,
  /** Absent: the draft. */
  version_id: IdParam.optional(),
});

export const ItemFieldQuery = z
  .object({
    workspace_id: z.string().optional(),
    version_id: IdParam.optional(),
    field_name: z.string().min(1).max(128).optional(),
    field_key: z.string().min(1).max(128).optional(),
    turn_id: IdParam.optional(),
  })
  .refine((q) => q.field_name !== undefined || q.field_key !== undefined, {
    message: 'give field_name or field_key',
  });

export const UpdateSchemaRequest = z.object({
  workspace_id: WorkspaceId.optional(),
  fields: z.array(FieldSchemaIn).max(200),
});

/** `FileFormat` of dataset_job.thrift: its number or its name. */
const FileFormatIn = z.union([
  z.literal([1, 2, 3, 4]),
  z.enum(['JSONL', 'Parquet', 'CSV', 'XLSX', 'jsonl', 'parquet', 'csv', 'xlsx']),
]);

export const ImportRequest = z.object({
  workspace_id: WorkspaceId.optional(),
  file: z.object({
    provider: z.union([z.number().int(), z.string().max(32)]).optional(),
    path: z.string().max(1024).optional(),
    format: FileFormatIn.optional(),
    compress_format: z.never({ error: 'compressed imports are not supported' }).optional(),
    files: z.array(z.string().max(1024)).max(1).optional(),
    original_file_name: z.string().max(1024).optional(),
    download_url: z.string().max(8192).optional(),
  }),
  field_mappings: z
    .array(z.object({ source: z.string().min(1).max(1024), target: z.string().min(1).max(128) }))
    .min(1)
    .max(200),
  option: z
    .object({
      overwrite_dataset: z.boolean().optional(),
      field_write_options: z.array(FieldWriteOption).max(200).optional(),
    })
    .optional(),
});
export type ImportRequest = z.output<typeof ImportRequest>;

// ---- answers ----

const envelope = <T extends z.ZodType>(data: T) =>
  z.object({
    code: z.number().int().describe('0 on success; 600500<status> on failure, e.g. 600500404'),
    msg: z.string(),
    data: data.optional().describe('absent when code is not 0'),
  });

/** An answer without data: code 0 on success, or an error code. */
export const EvaluationSetCodeBody = z.object({ code: z.number().int(), msg: z.string() });

const Int64Out = z.string().regex(/^\d+$/).describe('int64 as text');
const UserInfo = z.object({ user_id: z.string() });
const BaseInfo = z.object({
  created_by: UserInfo,
  updated_by: UserInfo,
  created_at: Int64Out.describe('epoch milliseconds as text'),
  updated_at: Int64Out.describe('epoch milliseconds as text'),
});

export const FieldSchemaOut = z.object({
  key: z.string(),
  name: z.string(),
  description: z.string(),
  content_type: ContentType,
  default_display_format: DisplayFormat,
  is_required: z.boolean(),
  text_schema: z.string().optional(),
  schema_key: SchemaKey.optional().describe('absent for object and array columns (see text_schema)'),
  locked: z.boolean(),
});
export type FieldSchemaOut = z.output<typeof FieldSchemaOut>;

export const EvaluationSetVersionOut = z.object({
  id: Int64Out.optional().describe('absent for the draft (`current_version`)'),
  version: z.string(),
  description: z.string(),
  evaluation_set_schema: z.object({ field_schemas: z.array(FieldSchemaOut) }),
  item_count: Int64Out,
  base_info: BaseInfo.optional(),
});

export const EvaluationSetOut = z.object({
  id: Int64Out,
  name: z.string(),
  description: z.string(),
  status: z.enum(['active', 'archived']),
  item_count: Int64Out.describe('items in the draft'),
  latest_version: z.string().describe('the newest version’s name; empty before the first'),
  is_change_uncommitted: z.boolean(),
  type: z.literal('default'),
  current_version: EvaluationSetVersionOut.describe('the draft: its schema and item count'),
  tags: z.array(z.object({ tag_name: z.string() })),
  base_info: BaseInfo,
});

const ContentOut = Content;
export const ItemOut = z.object({
  id: Int64Out,
  item_key: z.string(),
  turns: z.array(
    z.object({
      id: Int64Out,
      field_datas: z.array(z.object({ name: z.string(), content: ContentOut })),
    }),
  ),
  item_version: z.string().describe('number of the version the item’s content was added in'),
  base_info: BaseInfo,
});

export const ItemErrorGroupOut = z.object({
  error_code: z
    .number()
    .int()
    .describe(
      'ItemErrorType: 1 mismatch schema, 2 empty data, 3 item too large, 4 over capacity, 6 illegal content, ' +
        '7 missing required field, 8 too deep, 12 media not fetched',
    ),
  error_message: z.string(),
  error_count: z.number().int(),
  details: z.array(z.object({ message: z.string(), index: z.number().int() })),
});

const WriteData = z.object({
  itemOutputs: z.array(
    z.object({
      item_index: z.number().int(),
      item_key: z.string().optional(),
      item_id: Int64Out,
      is_new_item: z.boolean(),
    }),
  ),
  errors: z.array(ItemErrorGroupOut),
});

/** `DatasetIOJob` of dataset_job.thrift (its enums are numbers). */
export const IoJobOut = z.object({
  id: Int64Out,
  space_id: z.string(),
  dataset_id: Int64Out,
  job_type: z.number().int().describe('1 import from file'),
  status: z.number().int().describe('1 pending, 2 running, 3 completed, 4 failed, 5 cancelled'),
  progress: z.object({ total: Int64Out.optional(), processed: Int64Out, added: Int64Out }),
  errors: z.array(
    z.object({
      type: z.number().int().describe('ItemErrorType'),
      summary: z.string(),
      error_count: z.number().int(),
      details: z.array(z.object({ message: z.string(), index: z.number().int() })),
    }),
  ),
  created_at: Int64Out,
  ended_at: Int64Out.optional(),
});

/** Update and delete: `data` is an empty object. */
export const EmptyDataResponse = envelope(z.object({}));
export const CreateEvaluationSetResponse = envelope(z.object({ evaluation_set_id: Int64Out }));
export const GetEvaluationSetResponse = envelope(z.object({ evaluation_set: EvaluationSetOut }));
export const ListEvaluationSetsResponse = envelope(
  z.object({
    sets: z.array(EvaluationSetOut),
    has_more: z.boolean(),
    next_page_token: z.string().optional(),
    total: Int64Out,
  }),
);
export const CreateVersionResponse = envelope(z.object({ version_id: Int64Out }));
export const ListVersionsResponse = envelope(
  z.object({
    versions: z.array(EvaluationSetVersionOut),
    total: Int64Out,
    next_page_token: z.string().optional(),
  }),
);
export const GetVersionResponse = envelope(z.object({ version: EvaluationSetVersionOut }));
export const WriteItemsResponse = envelope(WriteData);
export const ListItemsResponse = envelope(
  z.object({
    items: z.array(ItemOut),
    has_more: z.boolean(),
    next_page_token: z.string().optional(),
    total: Int64Out,
  }),
);
/** Cozeloop answers the field at the top level (`GetEvaluationItemFieldOApiResponse`), not under `data`. */
export const ItemFieldResponse = z.object({
  code: z.number().int(),
  msg: z.string(),
  field_data: z.object({ name: z.string(), content: ContentOut }).optional(),
});
export const ImportResponse = envelope(z.object({ job_id: Int64Out }));
export const IoJobResponse = envelope(z.object({ job: IoJobOut }));
