import { z } from 'zod';
import type { DatasetLimits } from './types';

const KiB = 1024;
const MiB = 1024 * KiB;

/** `plugins[].options` of the datasets plugin: the bounds of every dataset (Cozeloop's `DatasetSpec`). */
export const DatasetsOptions = z
  .object({
    maxItems: z.number().int().min(1).max(100_000_000).default(1_000_000),
    maxFields: z.number().int().min(1).max(1000).default(50),
    maxItemBytes: z
      .number()
      .int()
      .min(1024)
      .max(64 * MiB)
      .default(MiB),
    maxNestedDepth: z.number().int().min(1).max(100).default(32),
    inlineValueBytes: z
      .number()
      .int()
      .min(256)
      .max(16 * MiB)
      .default(64 * KiB),
    /** Largest media file `media: 'store'` copies into the file store. */
    maxMediaBytes: z
      .number()
      .int()
      .min(1024)
      .max(512 * MiB)
      .default(20 * MiB),
  })
  .strict()
  .default({
    maxItems: 1_000_000,
    maxFields: 50,
    maxItemBytes: MiB,
    maxNestedDepth: 32,
    inlineValueBytes: 64 * KiB,
    maxMediaBytes: 20 * MiB,
  });
export type DatasetsOptions = z.output<typeof DatasetsOptions>;

export const DEFAULT_LIMITS: DatasetsOptions & DatasetLimits = DatasetsOptions.parse(undefined);
