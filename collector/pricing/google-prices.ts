import type { PriceEntry } from '../../schemas/pricing';

/**
 * Google Gemini list prices in USD per token. Cache reads at the context-caching rate; cache storage is
 * billed per hour and cannot be derived from spans.
 */
export const googlePrices: PriceEntry[] = [
  {
    model: 'gemini-1.5-pro',
    provider: 'google',
    matchPattern: '^(?:.*/)?gemini-1\\.5-pro(?:-\\d{3}|-latest|-preview(?:-[\\w-]+)?|-exp(?:-[\\w-]+)?)?$',
    inputPrice: 1.25e-6,
    outputPrice: 5e-6,
    cacheReadPrice: 0.3125e-6,
  },
  {
    model: 'gemini-1.5-flash',
    provider: 'google',
    matchPattern: '^(?:.*/)?gemini-1\\.5-flash(?:-\\d{3}|-latest|-preview(?:-[\\w-]+)?|-exp(?:-[\\w-]+)?)?$',
    inputPrice: 0.075e-6,
    outputPrice: 0.3e-6,
    cacheReadPrice: 0.01875e-6,
  },
  {
    model: 'gemini-1.5-flash-8b',
    provider: 'google',
    matchPattern: '^(?:.*/)?gemini-1\\.5-flash-8b(?:-\\d{3}|-latest|-exp(?:-[\\w-]+)?)?$',
    inputPrice: 0.0375e-6,
    outputPrice: 0.15e-6,
    cacheReadPrice: 0.01e-6,
  },
  {
    model: 'gemini-2.0-flash',
    provider: 'google',
    matchPattern: '^(?:.*/)?gemini-2\\.0-flash(?:-\\d{3}|-latest|-preview(?:-[\\w-]+)?|-exp(?:-[\\w-]+)?)?$',
    inputPrice: 0.1e-6,
    outputPrice: 0.4e-6,
    cacheReadPrice: 0.025e-6,
  },
  {
    model: 'gemini-2.0-flash-lite',
    provider: 'google',
    matchPattern: '^(?:.*/)?gemini-2\\.0-flash-lite(?:-\\d{3}|-latest|-preview(?:-[\\w-]+)?)?$',
    inputPrice: 0.075e-6,
    outputPrice: 0.3e-6,
  },
  {
    model: 'gemini-2.5-pro',
    provider: 'google',
    matchPattern: '^(?:.*/)?gemini-2\\.5-pro(?:-\\d{3}|-latest|-preview(?:-[\\w-]+)?|-exp(?:-[\\w-]+)?)?$',
    inputPrice: 1.25e-6,
    outputPrice: 10e-6,
    cacheReadPrice: 0.125e-6,
  },
  {
    model: 'gemini-2.5-flash',
    provider: 'google',
    matchPattern: '^(?:.*/)?gemini-2\\.5-flash(?:-\\d{3}|-latest|-preview(?:-[\\w-]+)?)?$',
    inputPrice: 0.3e-6,
    outputPrice: 2.5e-6,
    cacheReadPrice: 0.03e-6,
  },
  {
    model: 'gemini-2.5-flash-lite',
    provider: 'google',
    matchPattern: '^(?:.*/)?gemini-2\\.5-flash-lite(?:-\\d{3}|-latest|-preview(?:-[\\w-]+)?)?$',
    inputPrice: 0.1e-6,
    outputPrice: 0.4e-6,
    cacheReadPrice: 0.01e-6,
  },
];
