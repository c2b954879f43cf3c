import { z } from 'zod';
import { Content } from '../../schemas/content';

// `POST /api/v1/datasets/{id}/from-traces[/preview]`: spans picked by id or by a trace search, mapped into fields.

export const MAX_FROM_TRACES_SPANS = 500;

export const SpanRef = z.object({
  traceId: z
    .string()
    .regex(/^[0-9a-fA-F]{32}$/, 'a trace id (32 hex characters)')
    .transform((s) => s.toLowerCase()),
  spanId: z
    .string()
    .regex(/^[0-9a-fA-F]{16}$/, 'a span id (16 hex characters)')
    .transform((s) => s.toLowerCase()),
});
export type SpanRef = z.output<typeof SpanRef>;

export const MappingSource = z.enum(['input', 'output', 'attributes', 'messages', 'span']);
export type MappingSource = z.output<typeof MappingSource>;

export const FieldMapping = z.object({
  /** The dataset field's name (the draft's schema). */
  field: z.string().min(1).max(128),
  source: MappingSource,
  /** JSONPath into the source (`$.query`, `$[-1:].content`, `$['user.id']`); the whole source without it. */
  jsonPath: z.string().min(1).max(1024).optional(),
});
export type FieldMapping = z.output<typeof FieldMapping>;

const Instant = z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true })]);

export const FromTracesRequest = z
  .object({
    spans: z.array(SpanRef).min(1).max(MAX_FROM_TRACES_SPANS).optional(),
    search: z
      .object({
        /** The trace search's filter fields (`service`, `spanName`, `spanType`, `filters`, `model`…), as POST /api/v1/traces/search takes them. */
        filter: z.record(z.string(), z.unknown()).optional(),
        start: Instant,
        end: Instant,
        /** Most spans to take, 1–500 (default 100). */
        limit: z.number().int().min(1).max(MAX_FROM_TRACES_SPANS).optional(),
      })
      .optional(),
    mappings: z.array(FieldMapping).min(1).max(200),
    /** The write's batch options (see POST /{id}/items); ignored by the preview. */
    skipInvalid: z.boolean().optional(),
    allowPartial: z.boolean().optional(),
  })
  .refine((r) => (r.spans === undefined) !== (r.search === undefined), {
    message: 'give either spans or search',
  });
export type FromTracesRequest = z.output<typeof FromTracesRequest>;

/** A span that could not be made into an item, and why. */
export const SkippedSpan = z.object({
  index: z.number().int().describe('position in `spans`, or in the search’s result'),
  traceId: z.string(),
  spanId: z.string(),
  message: z.string(),
});
export type SkippedSpan = z.output<typeof SkippedSpan>;

export const PreviewItem = z.object({
  itemKey: z.string(),
  turns: z.array(z.object({ fields: z.record(z.string(), Content) })),
  source: z.object({ traceId: z.string(), spanId: z.string() }),
});

export const FromTracesPreview = z.object({
  items: z.array(PreviewItem).describe('the items the write adds, fields by name'),
  errors: z.array(SkippedSpan),
});

const ItemErrorGroupView = z.object({
  code: z.string(),
  message: z.string(),
  count: z.number().int(),
  details: z.array(z.object({ index: z.number().int(), message: z.string() })),
});

/** The write's answer: the store's WriteResult (indices into the preview's items) and the spans skipped. */
export const FromTracesWriteResult = z.object({
  written: z.boolean().describe('false when nothing was written'),
  outputs: z.array(
    z.object({
      index: z.number().int(),
      itemKey: z.string().optional(),
      itemId: z.string(),
      isNew: z.boolean(),
    }),
  ),
  errors: z.array(ItemErrorGroupView),
  skipped: z.array(SkippedSpan),
});
