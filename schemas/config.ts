import { z } from 'zod';

const Port = z.coerce.number().int().min(0).max(65535);

/** Spanloop's whole configuration, parsed once in cli/ from the environment and flags. */
export const Config = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  otlpGrpcPort: Port.default(4317),
  otlpHttpPort: Port.default(4318),
  apiPort: Port.default(8080),
  dataDir: z.string().min(1).default('.data'),
  limits: z
    .object({
      /** Largest OTLP request after decompression (the spec recommends 64 MiB). */
      maxRequestBytes: z.coerce
        .number()
        .int()
        .positive()
        .default(64 * 1024 * 1024),
      /** Attribute values longer than this are truncated (and the client told so in partial_success). */
      maxAttributeBytes: z.coerce
        .number()
        .int()
        .positive()
        .default(1024 * 1024),
    })
    .default({ maxRequestBytes: 64 * 1024 * 1024, maxAttributeBytes: 1024 * 1024 }),
  queue: z
    .object({
      /** Spans accepted but not yet written; past this, exports get 503 / UNAVAILABLE. */
      maxSpans: z.coerce.number().int().positive().default(200_000),
      /** Most spans written in one insert. */
      maxBatchSpans: z.coerce.number().int().positive().default(20_000),
      /** Seconds a refused client is told to wait. */
      retryAfterSeconds: z.coerce.number().int().positive().default(1),
    })
    .default({ maxSpans: 200_000, maxBatchSpans: 20_000, retryAfterSeconds: 1 }),
  /** JSON file of model price overrides (see schemas/pricing.ts). */
  pricingFile: z.string().optional(),
  logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});
export type Config = z.infer<typeof Config>;
