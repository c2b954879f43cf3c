import type { PriceEntry } from '../../schemas/pricing';

/**
 * Anthropic list prices in USD per token. 5-minute cache writes at 1.25× input, cache reads at 0.1× input.
 * Suffixes cover the API (-20241022, -latest), Bedrock (-v2:0) and Vertex (@20241022, -v2@20241022)
 * spellings.
 */
export const anthropicPrices: PriceEntry[] = [
  {
    model: 'claude-3-haiku',
    provider: 'anthropic',
    matchPattern: '^(?:.*[/.])?claude-3-haiku(?:-v\\d+)?(?:[-@]\\d{8})?(?:-v\\d+(?::\\d+)?)?(?:-latest)?$',
    inputPrice: 0.25e-6,
    outputPrice: 1.25e-6,
    cacheReadPrice: 0.03e-6,
    cacheWritePrice: 0.3e-6,
  },
  {
    model: 'claude-3-5-haiku',
    provider: 'anthropic',
    matchPattern:
      '^(?:.*[/.])?claude-3[.-]5-haiku(?:-v\\d+)?(?:[-@]\\d{8})?(?:-v\\d+(?::\\d+)?)?(?:-latest)?$',
    inputPrice: 0.8e-6,
    outputPrice: 4e-6,
    cacheReadPrice: 0.08e-6,
    cacheWritePrice: 1e-6,
  },
  {
    model: 'claude-haiku-4-5',
    provider: 'anthropic',
    matchPattern:
      '^(?:.*[/.])?claude-haiku-4[.-]5(?:-v\\d+)?(?:[-@]\\d{8})?(?:-v\\d+(?::\\d+)?)?(?:-latest)?$',
    inputPrice: 1e-6,
    outputPrice: 5e-6,
    cacheReadPrice: 0.1e-6,
    cacheWritePrice: 1.25e-6,
  },
  {
    model: 'claude-3-sonnet',
    provider: 'anthropic',
    matchPattern: '^(?:.*[/.])?claude-3-sonnet(?:-v\\d+)?(?:[-@]\\d{8})?(?:-v\\d+(?::\\d+)?)?(?:-latest)?$',
    inputPrice: 3e-6,
    outputPrice: 15e-6,
    cacheReadPrice: 0.3e-6,
    cacheWritePrice: 3.75e-6,
  },
  {
    model: 'claude-3-5-sonnet',
    provider: 'anthropic',
    matchPattern:
      '^(?:.*[/.])?claude-3[.-]5-sonnet(?:-v\\d+)?(?:[-@]\\d{8})?(?:-v\\d+(?::\\d+)?)?(?:-latest)?$',
    inputPrice: 3e-6,
    outputPrice: 15e-6,
    cacheReadPrice: 0.3e-6,
    cacheWritePrice: 3.75e-6,
  },
  {
    model: 'claude-3-7-sonnet',
    provider: 'anthropic',
    matchPattern:
      '^(?:.*[/.])?claude-3[.-]7-sonnet(?:-v\\d+)?(?:[-@]\\d{8})?(?:-v\\d+(?::\\d+)?)?(?:-latest)?$',
    inputPrice: 3e-6,
    outputPrice: 15e-6,
    cacheReadPrice: 0.3e-6,
    cacheWritePrice: 3.75e-6,
  },
  {
    model: 'claude-sonnet-4',
    provider: 'anthropic',
    matchPattern:
      '^(?:.*[/.])?(?:claude-sonnet-4(?:-0)?|claude-4-sonnet)(?:-v\\d+)?(?:[-@]\\d{8})?(?:-v\\d+(?::\\d+)?)?(?:-latest)?$',
    inputPrice: 3e-6,
    outputPrice: 15e-6,
    cacheReadPrice: 0.3e-6,
    cacheWritePrice: 3.75e-6,
  },
  {
    model: 'claude-sonnet-4-5',
    provider: 'anthropic',
    matchPattern:
      '^(?:.*[/.])?(?:claude-sonnet-4[.-]5|claude-4[.-]5-sonnet)(?:-v\\d+)?(?:[-@]\\d{8})?(?:-v\\d+(?::\\d+)?)?(?:-latest)?$',
    inputPrice: 3e-6,
    outputPrice: 15e-6,
    cacheReadPrice: 0.3e-6,
    cacheWritePrice: 3.75e-6,
  },
  {
    model: 'claude-3-opus',
    provider: 'anthropic',
    matchPattern: '^(?:.*[/.])?claude-3-opus(?:-v\\d+)?(?:[-@]\\d{8})?(?:-v\\d+(?::\\d+)?)?(?:-latest)?$',
    inputPrice: 15e-6,
    outputPrice: 75e-6,
    cacheReadPrice: 1.5e-6,
    cacheWritePrice: 18.75e-6,
  },
  {
    model: 'claude-opus-4',
    provider: 'anthropic',
    matchPattern:
      '^(?:.*[/.])?(?:claude-opus-4(?:-0|[.-]1)?|claude-4-opus)(?:-v\\d+)?(?:[-@]\\d{8})?(?:-v\\d+(?::\\d+)?)?(?:-latest)?$',
    inputPrice: 15e-6,
    outputPrice: 75e-6,
    cacheReadPrice: 1.5e-6,
    cacheWritePrice: 18.75e-6,
  },
  {
    model: 'claude-opus-4-5',
    provider: 'anthropic',
    matchPattern:
      '^(?:.*[/.])?claude-opus-4[.-]5(?:-v\\d+)?(?:[-@]\\d{8})?(?:-v\\d+(?::\\d+)?)?(?:-latest)?$',
    inputPrice: 5e-6,
    outputPrice: 25e-6,
    cacheReadPrice: 0.5e-6,
    cacheWritePrice: 6.25e-6,
  },
];
