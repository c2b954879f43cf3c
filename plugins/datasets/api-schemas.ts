import { z } from 'zod';
import { Content, ContentType } from '../../schemas/content';

// Request bodies and queries of Spanloop's datasets REST API (routes.ts), field values keyed by field name.

/** A dataset, item or version id: a Postgres bigint as decimal text. */
export const Id = z.string().regex(/^[1-9][0-9]{0,17}$/, 'an id: decimal digits');

const Limit = z.coerce.number().int().min(1).max(200).default(100);
const Cursor = z.string().max(40).optional();

export const FieldSchemaBody = z.object({
  key: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe('absent for a new column; the column to change otherwise'),
  name: z.string().trim().min(1).max(128),
  description: z.string().max(2048).default(''),
  contentType: ContentType.default('text'),
  valueType: z
    .enum(['string', 'integer', 'float', 'boolean', 'object', 'array', 'chat_messages', 'trajectory'])
    .default('string'),
  jsonSchema: z.string().max(65_536).optional().describe('a JSON Schema (as JSON text) values must satisfy'),
  displayFormat: z.enum(['plain_text', 'markdown', 'json', 'yaml', 'code']).default('plain_text'),
  required: z.boolean().default(false),
});

const Name = z.string().trim().min(1).max(255);
const Tags = z.array(z.string().trim().min(1).max(64)).max(32);

export const CreateDatasetBody = z.object({
  name: Name,
  description: z.string().max(2048).optional(),
  category: z.enum(['general', 'evaluation']).optional(),
  tags: Tags.optional(),
  fields: z.array(FieldSchemaBody).max(1000).default([]),
});

export const UpdateDatasetBody = z
  .object({ name: Name.optional(), description: z.string().max(2048).optional(), tags: Tags.optional() })
  .refine(
    (b) => b.name !== undefined || b.description !== undefined || b.tags !== undefined,
    'nothing to change',
  );

export const SchemaBody = z.object({
  fields: z.array(FieldSchemaBody).max(1000),
  confirmDelete: z.boolean().default(false),
});

export const ListDatasetsQuery = z.object({
  cursor: Cursor,
  limit: Limit,
  search: z.string().max(200).optional(),
  category: z.enum(['general', 'evaluation']).optional(),
});

/** `draft` or absent: the draft; otherwise a version id. */
export const VersionParam = z.union([z.literal('draft'), Id]);

export const ItemsQuery = z.object({
  version: VersionParam.optional(),
  cursor: Cursor,
  limit: Limit,
  search: z.string().max(200).optional(),
});

const TurnBody = z.object({ fields: z.record(z.string().max(128), Content) });
const Source = z.object({ traceId: z.string().min(1).max(64), spanId: z.string().min(1).max(64) });

export const NewItemBody = z.object({
  id: Id.optional().describe('an item of the draft to change'),
  itemKey: z.string().min(1).max(256).optional().describe('idempotency key: upserts within the draft'),
  turns: z.array(TurnBody).max(1000),
  source: Source.optional(),
});

export const WriteItemsBody = z.object({
  items: z.array(NewItemBody).min(1).max(100),
  skipInvalid: z.boolean().optional(),
  allowPartial: z.boolean().optional(),
  media: z.enum(['passthrough', 'store']).optional(),
});

export const PutItemBody = z.object({
  turns: z.array(TurnBody).max(1000),
  itemKey: z.string().min(1).max(256).optional(),
  media: z.enum(['passthrough', 'store']).optional(),
});

export const DeleteItemsBody = z.object({ itemIds: z.array(Id).min(1).max(1000) });

export const ItemQuery = z.object({ version: VersionParam.optional() });

export const ValueQuery = z.object({
  field: z.string().min(1).max(128).describe('the field name'),
  turnId: Id.optional(),
  version: VersionParam.optional(),
});

export const CommitBody = z.object({
  version: z.string().trim().min(1).max(50),
  description: z.string().max(2048).optional(),
});

export const VersionsQuery = z.object({ cursor: Cursor, limit: Limit });

export const DiffQuery = z.object({
  from: VersionParam,
  to: VersionParam.default('draft'),
  cursor: Cursor,
  limit: Limit,
});
