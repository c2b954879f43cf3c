// Test support: the exact cost of a call at a model's entry in the shipped price table, computed by hand.
import { priceTable } from './prices';

/** Uncached input, cache reads and output tokens (cache reads are not part of `input` here). */
export interface CallTokens {
  input: number;
  output: number;
  cacheRead?: number;
}

/** USD for the tokens at the table entry named `model` (its `model` field, not its pattern); throws when absent. */
export function listPrice(model: string, tokens: CallTokens): number {
  const entry = priceTable.entries.find((e) => e.model === model);
  if (entry === undefined) throw new Error(`no price table entry named ${model}`);
  return (
    tokens.input * entry.inputPrice +
    (tokens.cacheRead ?? 0) * (entry.cacheReadPrice ?? entry.inputPrice) +
    tokens.output * entry.outputPrice
  );
}
