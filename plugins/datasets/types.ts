import type { Content, ContentType } from '../../schemas/content';

/**
 * The datasets plugin's model. Datasets live per workspace in the metadata store; every method of the store
 * takes the workspace id and another workspace's dataset is simply not there (`not_found`). Ids are Postgres
 * bigints rendered as decimal strings (Cozeloop's string int64s). Expected failures throw `AppError`
 * (`invalid_argument`, `not_found`, `conflict` for a name taken or an unconfirmed column removal, `too_large`).
 */

export type DatasetCategory = 'general' | 'evaluation';

export type ValueType =
  'string' | 'integer' | 'float' | 'boolean' | 'object' | 'array' | 'chat_messages' | 'trajectory';

export type DisplayFormat = 'plain_text' | 'markdown' | 'json' | 'yaml' | 'code';

/** One column. `key` is assigned by the store when a field is added and never changes; rows are keyed by it. */
export interface FieldSchema {
  key: string;
  /** Unique within the schema, 1–128 characters; renaming keeps the column's data. */
  name: string;
  description: string;
  contentType: ContentType;
  valueType: ValueType;
  /** A JSON Schema (as JSON text) the value must satisfy, Cozeloop's `text_schema`. */
  jsonSchema?: string;
  displayFormat: DisplayFormat;
  required: boolean;
}

/** A field as a caller writes it: without `key` it is a new column, with one it changes that column. */
export type FieldSchemaInput = Omit<FieldSchema, 'key'> & { key?: string };

export interface Dataset {
  id: string;
  workspaceId: string;
  name: string;
  description: string;
  category: DatasetCategory;
  tags: string[];
  /** The draft's schema. */
  fields: FieldSchema[];
  /** Items in the draft. */
  itemCount: number;
  /** The newest committed version, if any. */
  latestVersion?: DatasetVersion;
  /** The draft differs from the latest version (items or schema). */
  uncommittedChanges: boolean;
  createdBy: string;
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewDataset {
  name: string;
  description?: string;
  category?: DatasetCategory;
  tags?: string[];
  fields: FieldSchemaInput[];
}

/** A frozen state: the items with `add_vn <= versionNum < del_vn`, and the schema as it was. */
export interface DatasetVersion {
  id: string;
  datasetId: string;
  /** The user's name for it, e.g. `v1.2.0`; unique per dataset, 1–50 characters. */
  version: string;
  /** 1, 2, 3… in commit order. */
  versionNum: number;
  description: string;
  fields: FieldSchema[];
  itemCount: number;
  createdBy: string;
  createdAt: Date;
}

/** One turn of an item: field values keyed by field key. */
export interface Turn {
  id: string;
  fields: Record<string, Content>;
}

export interface DatasetItem {
  /** Stable across versions: an edit of an item keeps its id. */
  id: string;
  datasetId: string;
  /** Idempotency key: writing an item with a key the draft already holds updates that item. */
  itemKey?: string;
  /** One turn for a single-turn item; several for a conversation. */
  turns: Turn[];
  /** Where the item came from: the span it was made of. */
  source?: { traceId: string; spanId: string };
  /** Version number the item's current content was added in (Cozeloop's `item_version`). */
  addedIn: number;
  createdBy: string;
  updatedBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewItem {
  /** Present to change an existing item of the draft by id. */
  id?: string;
  itemKey?: string;
  turns: { fields: Record<string, Content> }[];
  source?: { traceId: string; spanId: string };
}

/** How a batch treats bad items. Default: any invalid item or too many items fail the whole batch. */
export interface WriteOptions {
  /** Write the valid items, report the invalid ones (Cozeloop `is_skip_invalid_items`). */
  skipInvalid?: boolean;
  /** Past the dataset's capacity, write the first items that fit (Cozeloop `is_allow_partial_add`). */
  allowPartial?: boolean;
  /** Media URLs kept as given, or copied into the workspace file store (through the egress policy). */
  media?: 'passthrough' | 'store';
}

export type ItemErrorCode =
  | 'mismatch_schema'
  | 'missing_required_field'
  | 'empty_data'
  | 'exceed_max_item_size'
  | 'exceed_max_nested_depth'
  | 'exceed_dataset_capacity'
  | 'illegal_content'
  | 'get_media_failed';

/** Items that broke one rule, with (at most 5 in a batch, 10 in an import) the rows that did. */
export interface ItemErrorGroup {
  code: ItemErrorCode;
  message: string;
  count: number;
  details: { index: number; message: string }[];
}

export interface WriteResult {
  /** False when nothing was written (an all-or-nothing batch with errors). */
  written: boolean;
  outputs: { index: number; itemKey?: string; itemId: string; isNew: boolean }[];
  errors: ItemErrorGroup[];
}

/** A page of a list; pass `nextCursor` back as `cursor` for the next one. */
export interface Page<T> {
  items: T[];
  nextCursor?: string;
  total: number;
}

/** Which state of a dataset to read: the draft (the default) or a committed version by id. */
export type VersionRef = { draft: true } | { versionId: string };

export interface ItemQuery {
  version?: VersionRef;
  cursor?: string;
  /** 1–200, default 100. */
  limit?: number;
  /** Case-insensitive substring over the item's text values. */
  search?: string;
  itemIds?: string[];
  /** Give large values whole instead of `content_omitted` (export, experiments). */
  full?: boolean;
}

export interface VersionDiff {
  added: DatasetItem[];
  removed: DatasetItem[];
  changed: { before: DatasetItem; after: DatasetItem }[];
  /** Columns added, removed or changed between the two schemas. */
  fields: {
    added: FieldSchema[];
    removed: FieldSchema[];
    changed: { before: FieldSchema; after: FieldSchema }[];
  };
  nextCursor?: string;
}

/** Bounds of one dataset (Cozeloop's `DatasetSpec`), from the plugin's options. */
export interface DatasetLimits {
  maxItems: number;
  maxFields: number;
  maxItemBytes: number;
  maxNestedDepth: number;
  /** Values larger than this are kept in the file store and listed as `content_omitted`. */
  inlineValueBytes: number;
}

export interface DatasetStore {
  create(workspaceId: string, input: NewDataset, actor: string): Promise<Dataset>;
  list(
    workspaceId: string,
    query: { cursor?: string; limit?: number; search?: string; category?: DatasetCategory },
  ): Promise<Page<Dataset>>;
  get(workspaceId: string, datasetId: string): Promise<Dataset | undefined>;
  /** Name, description and tags; never creates a version. */
  update(
    workspaceId: string,
    datasetId: string,
    patch: { name?: string; description?: string; tags?: string[] },
    actor: string,
  ): Promise<Dataset>;
  /** Logical delete: the name is free again; versions stay readable for experiments that pinned them. */
  remove(workspaceId: string, datasetId: string): Promise<boolean>;
  /**
   * Replaces the draft's schema: fields without a key are added, fields with one changed; a column left out is
   * deleted only with `confirmDelete` (`conflict` otherwise). A value-type change on a column that
   * holds values is `invalid_argument` (mismatch_schema).
   */
  updateSchema(
    workspaceId: string,
    datasetId: string,
    fields: FieldSchemaInput[],
    options: { confirmDelete: boolean },
    actor: string,
  ): Promise<Dataset>;
  /** Adds or changes 1–100 items of the draft; `itemKey` (or `id`) upserts. */
  writeItems(
    workspaceId: string,
    datasetId: string,
    items: NewItem[],
    options: WriteOptions,
    actor: string,
  ): Promise<WriteResult>;
  /** Removes items from the draft; committed versions keep them. Returns how many were removed. */
  deleteItems(workspaceId: string, datasetId: string, itemIds: string[], actor: string): Promise<number>;
  /** Removes every item of the draft (an overwriting import). */
  clearDraft(workspaceId: string, datasetId: string, actor: string): Promise<number>;
  listItems(workspaceId: string, datasetId: string, query: ItemQuery): Promise<Page<DatasetItem>>;
  getItem(
    workspaceId: string,
    datasetId: string,
    itemId: string,
    version?: VersionRef,
  ): Promise<DatasetItem | undefined>;
  /** One whole value (what `content_omitted` left out). */
  fullValue(
    workspaceId: string,
    datasetId: string,
    ref: { itemId: string; turnId?: string; fieldKey: string; version?: VersionRef },
  ): Promise<Content | undefined>;
  /** Freezes the draft as a version; `conflict` for a name the dataset used. O(1) in items: no copy. */
  commitVersion(
    workspaceId: string,
    datasetId: string,
    input: { version: string; description?: string },
    actor: string,
  ): Promise<DatasetVersion>;
  listVersions(
    workspaceId: string,
    datasetId: string,
    query: { cursor?: string; limit?: number },
  ): Promise<Page<DatasetVersion>>;
  getVersion(workspaceId: string, datasetId: string, versionId: string): Promise<DatasetVersion | undefined>;
  /** By its name (`v1.2.0`), as Cozeloop's experiments name the version they run on. */
  findVersion(workspaceId: string, datasetId: string, version: string): Promise<DatasetVersion | undefined>;
  /** Items added, removed and changed from `from` to `to` (either may be the draft), paged by item id. */
  diff(
    workspaceId: string,
    datasetId: string,
    from: VersionRef,
    to: VersionRef,
    query: { cursor?: string; limit?: number },
  ): Promise<VersionDiff>;
}
