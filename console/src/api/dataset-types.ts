// Wire shapes of the datasets plugin (/api/v1/datasets): the console's own copy of plugins/datasets/types.ts as
// JSON (dates as ISO strings, item turns' fields keyed by field name) and of schemas/content.ts.

export type ContentType = 'text' | 'image' | 'audio' | 'video' | 'multi_part';
export const CONTENT_TYPES: readonly ContentType[] = ['text', 'image', 'audio', 'video', 'multi_part'];

export interface MediaRef {
  name?: string;
  url?: string;
  uri?: string;
  thumb_url?: string;
  format?: string;
}

/** One cell value, Cozeloop's multimodal `Content`. */
export interface Content {
  content_type: ContentType;
  text?: string;
  image?: MediaRef;
  audio?: MediaRef;
  video?: MediaRef;
  multi_part?: Content[];
  content_omitted?: boolean;
  full_content?: { url: string };
  full_content_bytes?: number;
}

export type DatasetCategory = 'general' | 'evaluation';

export type ValueType =
  'string' | 'integer' | 'float' | 'boolean' | 'object' | 'array' | 'chat_messages' | 'trajectory';
export const VALUE_TYPES: readonly ValueType[] = [
  'string',
  'integer',
  'float',
  'boolean',
  'object',
  'array',
  'chat_messages',
  'trajectory',
];

export type DisplayFormat = 'plain_text' | 'markdown' | 'json' | 'yaml' | 'code';
export const DISPLAY_FORMATS: readonly DisplayFormat[] = ['plain_text', 'markdown', 'json', 'yaml', 'code'];

export interface FieldSchema {
  key: string;
  name: string;
  description: string;
  contentType: ContentType;
  valueType: ValueType;
  jsonSchema?: string;
  displayFormat: DisplayFormat;
  required: boolean;
}

/** A field as written: without `key` it is a new column. */
export type FieldSchemaInput = Omit<FieldSchema, 'key'> & { key?: string };

export interface DatasetVersion {
  id: string;
  datasetId: string;
  version: string;
  versionNum: number;
  description: string;
  fields: FieldSchema[];
  itemCount: number;
  createdBy: string;
  createdAt: string;
}

export interface Dataset {
  id: string;
  workspaceId: string;
  name: string;
  description: string;
  category: DatasetCategory;
  tags: string[];
  fields: FieldSchema[];
  itemCount: number;
  latestVersion?: DatasetVersion;
  uncommittedChanges: boolean;
  createdBy: string;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface NewDataset {
  name: string;
  description?: string;
  category?: DatasetCategory;
  tags?: string[];
  fields: FieldSchemaInput[];
}

export interface Turn {
  id: string;
  /** Keyed by field name. */
  fields: Record<string, Content>;
}

export interface SpanRef {
  traceId: string;
  spanId: string;
}

export interface DatasetItem {
  id: string;
  datasetId: string;
  itemKey?: string;
  turns: Turn[];
  source?: SpanRef;
  addedIn: number;
  createdBy: string;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface NewItem {
  id?: string;
  itemKey?: string;
  turns: { fields: Record<string, Content> }[];
  source?: SpanRef;
}

export interface ItemErrorGroup {
  code: string;
  message: string;
  count: number;
  details: { index: number; message: string }[];
}

export interface WriteResult {
  written: boolean;
  outputs: { index: number; itemKey?: string; itemId: string; isNew: boolean }[];
  errors: ItemErrorGroup[];
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
  total: number;
}

export interface VersionDiff {
  added: DatasetItem[];
  removed: DatasetItem[];
  changed: { before: DatasetItem; after: DatasetItem }[];
  fields: {
    added: FieldSchema[];
    removed: FieldSchema[];
    changed: { before: FieldSchema; after: FieldSchema }[];
  };
  nextCursor?: string;
}

export type FileFormat = 'csv' | 'jsonl' | 'parquet' | 'xlsx';
export type ExportFormat = 'csv' | 'jsonl' | 'parquet';

export interface ColumnMapping {
  source: string;
  target: string;
}

export interface ImportPreview {
  format: FileFormat;
  encoding: string;
  columns: { name: string; valueType: ValueType; contentType: ContentType; samples: string[] }[];
  rows: Record<string, string>[];
  mapping: ColumnMapping[];
}

export type JobStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';

export interface Job {
  id: string;
  kind: 'import' | 'export';
  status: JobStatus;
  progress: { total?: number; processed: number; added: number; failed: number };
  errors: ItemErrorGroup[];
  createdAt: string;
  finishedAt?: string;
}

export type SpanSource = 'input' | 'output' | 'attributes' | 'messages' | 'span';
export const SPAN_SOURCES: readonly SpanSource[] = ['input', 'output', 'attributes', 'messages', 'span'];

export interface SpanMapping {
  field: string;
  source: SpanSource;
  jsonPath?: string;
}

export interface FromTracesRequest {
  spans?: SpanRef[];
  search?: { filter: Record<string, unknown>; start: number | string; end: number | string; limit: number };
  mappings: SpanMapping[];
}

/** A span that could not be made into an item, and why. */
export interface SkippedSpan {
  index: number;
  traceId: string;
  spanId: string;
  message: string;
}

export interface FromTracesPreview {
  items: NewItem[];
  errors: SkippedSpan[];
}

export interface FromTracesResult extends WriteResult {
  skipped?: SkippedSpan[];
}
