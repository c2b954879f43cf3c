import type { PriceEntry } from '../../schemas/pricing';

/**
 * Mistral list prices in USD per token. No prompt caching, so cache prices fall back to the input price.
 */
export const mistralPrices: PriceEntry[] = [
  {
    model: 'mistral-large',
    provider: 'mistral',
    matchPattern: '^(?:.*[/.])?mistral-large(?:-\\d{4}|-latest)?(?:-v\\d+(?::\\d+)?)?$',
    inputPrice: 2e-6,
    outputPrice: 6e-6,
  },
  {
    model: 'mistral-medium-3',
    provider: 'mistral',
    matchPattern: '^(?:.*[/.])?mistral-medium(?:-3(?:[.-]\\d)?|-25\\d{2}|-latest)?$',
    inputPrice: 0.4e-6,
    outputPrice: 2e-6,
  },
  {
    model: 'mistral-small',
    provider: 'mistral',
    matchPattern: '^(?:.*[/.])?mistral-small(?:-\\d{4}|-latest)?(?:-v\\d+(?::\\d+)?)?$',
    inputPrice: 0.1e-6,
    outputPrice: 0.3e-6,
  },
  {
    model: 'codestral',
    provider: 'mistral',
    matchPattern: '^(?:.*[/.])?codestral(?:-\\d{4}|-latest)?$',
    inputPrice: 0.3e-6,
    outputPrice: 0.9e-6,
  },
  {
    model: 'ministral-8b',
    provider: 'mistral',
    matchPattern: '^(?:.*[/.])?ministral-8b(?:-\\d{4}|-latest)?$',
    inputPrice: 0.1e-6,
    outputPrice: 0.1e-6,
  },
  {
    model: 'ministral-3b',
    provider: 'mistral',
    matchPattern: '^(?:.*[/.])?ministral-3b(?:-\\d{4}|-latest)?$',
    inputPrice: 0.04e-6,
    outputPrice: 0.04e-6,
  },
  {
    model: 'mistral-nemo',
    provider: 'mistral',
    matchPattern: '^(?:.*[/.])?(?:open-)?mistral-nemo(?:-\\d{4}|-latest)?$',
    inputPrice: 0.15e-6,
    outputPrice: 0.15e-6,
  },
  {
    model: 'pixtral-large',
    provider: 'mistral',
    matchPattern: '^(?:.*[/.])?pixtral-large(?:-\\d{4}|-latest)?$',
    inputPrice: 2e-6,
    outputPrice: 6e-6,
  },
  {
    model: 'magistral-medium',
    provider: 'mistral',
    matchPattern: '^(?:.*[/.])?magistral-medium(?:-\\d{4}|-latest)?$',
    inputPrice: 2e-6,
    outputPrice: 5e-6,
  },
  {
    model: 'magistral-small',
    provider: 'mistral',
    matchPattern: '^(?:.*[/.])?magistral-small(?:-\\d{4}|-latest)?$',
    inputPrice: 0.5e-6,
    outputPrice: 1.5e-6,
  },
  {
    model: 'mistral-embed',
    provider: 'mistral',
    matchPattern: '^(?:.*[/.])?mistral-embed$',
    inputPrice: 0.1e-6,
    outputPrice: 0,
  },
];
