import type { PriceTable } from '../../schemas/pricing';
import { anthropicPrices } from './anthropic-prices';
import { deepseekPrices } from './deepseek-prices';
import { googlePrices } from './google-prices';
import { mistralPrices } from './mistral-prices';
import { openaiPrices } from './openai-prices';

/**
 * The shipped price table: published list prices (standard tier, prompts under any long-context threshold) as of
 * late 2025. Patterns accept a provider or router prefix ending in '/' or '.' (openai/, anthropic., models/) and
 * the dated or versioned suffixes each provider uses. Bump `version` whenever a price or pattern changes.
 */
export const priceTable: PriceTable = {
  version: 1,
  entries: [...openaiPrices, ...anthropicPrices, ...googlePrices, ...mistralPrices, ...deepseekPrices],
};
