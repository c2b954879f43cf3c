import type { PriceEntry } from '../../schemas/pricing';
import { priceTable } from './prices';

/** Token counts as LlmFields carries them: input includes the cache buckets (OTel semconv, OpenAI). */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

/** USD; input cost includes cache reads and writes, output cost includes reasoning tokens. */
export interface TokenCost {
  inputCost: number;
  outputCost: number;
  totalCost: number;
}

export interface Pricing {
  /** Cost of one call, or undefined when no entry matches the model. */
  cost(model: string, usage: TokenUsage): TokenCost | undefined;
  /** The entry a model name resolves to. */
  entryFor(model: string): PriceEntry | undefined;
}

interface CompiledEntry {
  entry: PriceEntry;
  pattern: RegExp;
}

// Distinct model names are few in practice; the cap only guards against a client sending random names.
const MAX_CACHED_MODELS = 10_000;

/**
 * A price lookup over the shipped table with `overrides` in front of it: entries are tried in order (overrides
 * first) and the first whose pattern matches the model name wins. Results are cached per model name.
 *
 * Billing rule: cache-read and cache-write tokens are a subset of `inputTokens` (OTel semconv, OpenAI) and are
 * billed at their cache prices, the rest of the input at the input price. When `inputTokens` is smaller than
 * the cache buckets, the reporter evidently counted them separately (Anthropic's API does) and `inputTokens` is
 * taken as the uncached part. Reasoning tokens are part of `outputTokens` and billed at the output price.
 *
 * @example
 * const pricing = createPricing([{ model: 'my-ft', matchPattern: '^ft:gpt-4o-mini:acme', inputPrice: 3e-7, outputPrice: 1.2e-6 }]);
 * pricing.cost('gpt-4o-2024-08-06', { inputTokens: 1000, outputTokens: 100, cacheReadTokens: 0, cacheWriteTokens: 0 });
 * // → { inputCost: 0.0025, outputCost: 0.001, totalCost: 0.0035 }
 */
export function createPricing(overrides: PriceEntry[] = []): Pricing {
  const compiled: CompiledEntry[] = [...overrides, ...priceTable.entries].map((entry) => ({
    entry,
    pattern: new RegExp(entry.matchPattern, 'i'),
  }));
  const byModel = new Map<string, PriceEntry | null>();

  const entryFor = (model: string): PriceEntry | undefined => {
    if (model === '') return undefined;
    const cached = byModel.get(model);
    if (cached !== undefined) return cached ?? undefined;
    const found = compiled.find((c) => c.pattern.test(model))?.entry;
    if (byModel.size >= MAX_CACHED_MODELS) byModel.clear();
    byModel.set(model, found ?? null);
    return found;
  };

  return {
    entryFor,
    cost(model, usage) {
      const entry = entryFor(model);
      return entry === undefined ? undefined : costOf(entry, usage);
    },
  };
}

function costOf(entry: PriceEntry, usage: TokenUsage): TokenCost {
  const cacheRead = nonNegative(usage.cacheReadTokens);
  const cacheWrite = nonNegative(usage.cacheWriteTokens);
  const input = nonNegative(usage.inputTokens);
  const uncached = input >= cacheRead + cacheWrite ? input - cacheRead - cacheWrite : input;
  const inputCost =
    uncached * entry.inputPrice +
    cacheRead * (entry.cacheReadPrice ?? entry.inputPrice) +
    cacheWrite * (entry.cacheWritePrice ?? entry.inputPrice);
  const outputCost = nonNegative(usage.outputTokens) * entry.outputPrice;
  return {
    inputCost: round(inputCost),
    outputCost: round(outputCost),
    totalCost: round(inputCost + outputCost),
  };
}

const nonNegative = (n: number): number => (Number.isFinite(n) && n > 0 ? n : 0);

// Twelve decimals (a millionth of a micro-dollar) hides float noise such as 0.0035000000000000005.
const round = (usd: number): number => Math.round(usd * 1e12) / 1e12;
