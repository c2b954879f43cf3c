import { z } from 'zod';
import { AppError } from '../../core/app-error';
import type { Result } from '../../core/result';
import { err, ok } from '../../core/result';
import type { PriceEntry } from '../../schemas/pricing';
import { PriceOverrides } from '../../schemas/pricing';

/** Validates a parsed price override file: a list of entries or a `{ version, entries }` table. */
export function loadPriceOverrides(json: unknown): Result<PriceEntry[]> {
  const parsed = PriceOverrides.safeParse(json);
  if (!parsed.success) {
    return err(new AppError('invalid_argument', `invalid price overrides: ${z.prettifyError(parsed.error)}`));
  }
  return ok(Array.isArray(parsed.data) ? parsed.data : parsed.data.entries);
}
