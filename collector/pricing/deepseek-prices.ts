import type { PriceEntry } from '../../schemas/pricing';

/**
 * DeepSeek API list prices in USD per token. V3.2 prices: cache hits at the cached rate, misses at the input
 * rate.
 */
export const deepseekPrices: PriceEntry[] = [
  {
    model: 'deepseek-chat',
    provider: 'deepseek',
    matchPattern: '^(?:.*/)?deepseek-chat$',
    inputPrice: 0.28e-6,
    outputPrice: 0.42e-6,
    cacheReadPrice: 0.028e-6,
  },
  {
    model: 'deepseek-reasoner',
    provider: 'deepseek',
    matchPattern: '^(?:.*/)?deepseek-reasoner$',
    inputPrice: 0.28e-6,
    outputPrice: 0.42e-6,
    cacheReadPrice: 0.028e-6,
  },
];
