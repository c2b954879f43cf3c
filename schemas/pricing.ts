import { z } from 'zod';

const isRegExp = (pattern: string): boolean => {
  try {
    new RegExp(pattern, 'i');
    return true;
  } catch {
    return false;
  }
};

const UsdPerToken = z.number().nonnegative().finite();

/**
 * One model's prices in USD per token. `matchPattern` is a case-insensitive regular expression tested against
 * the span's model name, so dated and provider-prefixed variants match one entry. Cache prices default to the
 * input price when absent.
 */
export const PriceEntry = z.object({
  model: z.string().min(1),
  provider: z.string().min(1).optional(),
  matchPattern: z.string().min(1).refine(isRegExp, { message: 'not a valid regular expression' }),
  inputPrice: UsdPerToken,
  outputPrice: UsdPerToken,
  cacheReadPrice: UsdPerToken.optional(),
  cacheWritePrice: UsdPerToken.optional(),
});
export type PriceEntry = z.infer<typeof PriceEntry>;

/** A versioned price table, as shipped and as a price override file may be written. */
export const PriceTable = z.object({
  version: z.number().int().positive(),
  entries: z.array(PriceEntry),
});
export type PriceTable = z.infer<typeof PriceTable>;

/** What a price override file may hold: a bare list of entries or a whole table. */
export const PriceOverrides = z.union([z.array(PriceEntry), PriceTable]);
export type PriceOverrides = z.infer<typeof PriceOverrides>;
