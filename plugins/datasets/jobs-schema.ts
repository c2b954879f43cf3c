import { z } from 'zod';
import { ExportFormat, ImportFormat, TextEncoding } from './io/formats';

export const ColumnMappingSchema = z.object({
  source: z.string().min(1).max(1024),
  target: z.string().min(1).max(128),
});

export const ImportMode = z.enum(['append', 'overwrite']);
export type ImportMode = z.infer<typeof ImportMode>;

const FlagParam = z.enum(['true', 'false']).transform((v) => v === 'true');

/** `mapping` as a URL parameter: JSON `[{source, target}]`. */
const MappingParam = z
  .string()
  .max(64 * 1024)
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'mapping is not JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.array(ColumnMappingSchema).min(1).max(1000));

export const PreviewQuery = z.object({
  format: ImportFormat,
  encoding: TextEncoding.default('utf-8'),
});

export const ImportQuery = z.object({
  format: ImportFormat,
  encoding: TextEncoding.default('utf-8'),
  mode: ImportMode.default('append'),
  partial: FlagParam.default(false),
  mapping: MappingParam.optional(),
});
export type ImportQuery = z.infer<typeof ImportQuery>;

export const ExportQuery = z.object({
  version: z.string().min(1).max(40).optional(),
  format: ExportFormat.default('csv'),
});

export const JobsQuery = z.object({
  cursor: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const JobIdParam = z.string().regex(/^\d{1,19}$/, 'a job id is a decimal number');

/** Where an import's file comes from. */
export const ImportSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('upload') }),
  z.object({ kind: z.literal('file'), key: z.string().min(1).max(1024) }),
  z.object({ kind: z.literal('url'), url: z.string().url().max(8192) }),
]);
export type ImportSource = z.infer<typeof ImportSource>;

export const JobStatus = z.enum(['pending', 'running', 'completed', 'failed', 'cancelled']);

const ItemErrorGroupView = z.object({
  code: z.string(),
  message: z.string(),
  count: z.number().int(),
  details: z.array(z.object({ index: z.number().int(), message: z.string() })),
});

/** An import (or export) job as the API shows it. */
export const JobView = z.object({
  id: z.string(),
  datasetId: z.string(),
  kind: z.enum(['import', 'export']),
  status: JobStatus,
  format: z.string(),
  mode: ImportMode,
  partial: z.boolean(),
  progress: z.object({
    total: z.number().int().optional(),
    processed: z.number().int(),
    added: z.number().int(),
    failed: z.number().int(),
  }),
  errors: z.array(ItemErrorGroupView),
  /** Why the job failed, in one sentence. */
  message: z.string().optional(),
  createdAt: z.string(),
  finishedAt: z.string().optional(),
});
export type JobView = z.infer<typeof JobView>;

export const JobPage = z.object({
  items: z.array(JobView),
  nextCursor: z.string().optional(),
  total: z.number(),
});

export const PreviewView = z.object({
  format: ImportFormat,
  encoding: TextEncoding,
  columns: z.array(
    z.object({
      name: z.string(),
      valueType: z.string(),
      contentType: z.string(),
      samples: z.array(z.string()),
    }),
  ),
  rows: z.array(z.record(z.string(), z.string())),
  mapping: z.array(ColumnMappingSchema),
});

export { ExportFormat };
