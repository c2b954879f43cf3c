import { describe, expect, it } from 'vitest';
import { PriceTable } from '../../schemas/pricing';
import { createPricing } from './pricing';
import { priceTable } from './prices';

const usage = (inputTokens: number, outputTokens: number, cacheReadTokens = 0, cacheWriteTokens = 0) => ({
  inputTokens,
  outputTokens,
  cacheReadTokens,
  cacheWriteTokens,
});

describe('price table', () => {
  it('is a valid PriceTable with unique model names', () => {
    expect(PriceTable.safeParse(priceTable).success).toBe(true);
    const names = priceTable.entries.map((e) => e.model);
    expect(new Set(names).size).toBe(names.length);
  });

  it('matches every entry by its own model name', () => {
    const pricing = createPricing();
    for (const entry of priceTable.entries) expect(pricing.entryFor(entry.model)?.model).toBe(entry.model);
  });

  it.each([
    ['gpt-4o-2024-08-06', 'gpt-4o'],
    ['gpt-4o-2024-05-13', 'gpt-4o-2024-05-13'],
    ['openai/gpt-4o-mini', 'gpt-4o-mini'],
    ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['gpt-4.1-2025-04-14', 'gpt-4.1'],
    ['gpt-4.1-mini-2025-04-14', 'gpt-4.1-mini'],
    ['o3-mini-2025-01-31', 'o3-mini'],
    ['o4-mini', 'o4-mini'],
    ['gpt-5-2025-08-07', 'gpt-5'],
    ['gpt-5-chat-latest', 'gpt-5'],
    ['gpt-5-mini-2025-08-07', 'gpt-5-mini'],
    ['gpt-4-turbo-2024-04-09', 'gpt-4-turbo'],
    ['GPT-4O', 'gpt-4o'],
    ['claude-3-5-sonnet-20241022', 'claude-3-5-sonnet'],
    ['claude-3-5-sonnet-latest', 'claude-3-5-sonnet'],
    ['anthropic/claude-3.5-sonnet', 'claude-3-5-sonnet'],
    ['anthropic.claude-3-5-sonnet-20240620-v1:0', 'claude-3-5-sonnet'],
    ['claude-3-5-sonnet-v2@20241022', 'claude-3-5-sonnet'],
    ['us.anthropic.claude-3-7-sonnet-20250219-v1:0', 'claude-3-7-sonnet'],
    ['claude-sonnet-4-20250514', 'claude-sonnet-4'],
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['claude-opus-4-1-20250805', 'claude-opus-4'],
    ['claude-opus-4-5-20251101', 'claude-opus-4-5'],
    ['claude-3-haiku-20240307', 'claude-3-haiku'],
    ['claude-haiku-4-5-20251001', 'claude-haiku-4-5'],
    ['gemini-1.5-pro-002', 'gemini-1.5-pro'],
    ['models/gemini-1.5-flash-latest', 'gemini-1.5-flash'],
    ['gemini-1.5-flash-8b-001', 'gemini-1.5-flash-8b'],
    ['gemini-2.0-flash-001', 'gemini-2.0-flash'],
    ['gemini-2.0-flash-lite', 'gemini-2.0-flash-lite'],
    ['gemini-2.5-pro-preview-05-06', 'gemini-2.5-pro'],
    ['gemini-2.5-flash', 'gemini-2.5-flash'],
    ['gemini-2.5-flash-lite-preview-06-17', 'gemini-2.5-flash-lite'],
    ['mistral-large-latest', 'mistral-large'],
    ['mistral-large-2411', 'mistral-large'],
    ['mistral-medium-2505', 'mistral-medium-3'],
    ['open-mistral-nemo', 'mistral-nemo'],
    ['deepseek-chat', 'deepseek-chat'],
    ['deepseek/deepseek-reasoner', 'deepseek-reasoner'],
  ])('matches %s to %s', (model, expected) => {
    expect(createPricing().entryFor(model)?.model).toBe(expected);
  });

  it.each([
    '',
    'llama-3.1-70b',
    'gpt-4o-audio-preview',
    'chatgpt-4o',
    'my-gpt-4o',
    'claude-2.1',
    'gemini-2.5-flash-image-preview',
  ])('has no price for %j', (model) => {
    expect(createPricing().cost(model, usage(100, 10))).toBeUndefined();
  });
});

describe('createPricing', () => {
  it('prices input and output per token', () => {
    expect(createPricing().cost('gpt-4o-2024-08-06', usage(1000, 100))).toEqual({
      inputCost: 0.0025,
      outputCost: 0.001,
      totalCost: 0.0035,
    });
  });

  it('bills cache reads inside the input count at the cache price (OpenAI, semconv)', () => {
    // 1417 input of which 1280 cached: 137 × 2.5e-6 + 1280 × 1.25e-6; 52 × 10e-6 out.
    expect(createPricing().cost('gpt-4o', usage(1417, 52, 1280))).toEqual({
      inputCost: 0.0019425,
      outputCost: 0.00052,
      totalCost: 0.0024625,
    });
  });

  it('bills Anthropic cache writes and reads at their own prices', () => {
    // 2095 input incl. 1800 read and 248 written: 47 × 3e-6 + 1800 × 0.3e-6 + 248 × 3.75e-6.
    expect(createPricing().cost('claude-3-7-sonnet-20250219', usage(2095, 503, 1800, 248))).toEqual({
      inputCost: 0.001611,
      outputCost: 0.007545,
      totalCost: 0.009156,
    });
  });

  it('takes input as the uncached part when it is smaller than the cache buckets', () => {
    // Anthropic API style: 31 uncached, 4096 read reported separately.
    expect(createPricing().cost('claude-sonnet-4-20250514', usage(31, 64, 4096))?.inputCost).toBe(0.0013218);
  });

  it('falls back to the input price for cache tokens when an entry has no cache price', () => {
    expect(createPricing().cost('mistral-large-latest', usage(1000, 0, 500))?.inputCost).toBe(0.002);
  });

  it('lets overrides win over the shipped table', () => {
    const pricing = createPricing([
      {
        model: 'gpt-4o (negotiated)',
        matchPattern: '^gpt-4o(?:-\\d{4}-\\d{2}-\\d{2})?$',
        inputPrice: 1e-6,
        outputPrice: 2e-6,
      },
    ]);
    expect(pricing.entryFor('gpt-4o-2024-11-20')?.model).toBe('gpt-4o (negotiated)');
    expect(pricing.cost('gpt-4o', usage(1000, 1000))?.totalCost).toBe(0.003);
    expect(pricing.entryFor('gpt-4o-mini')?.model).toBe('gpt-4o-mini');
  });

  it('adds models the table does not know', () => {
    const pricing = createPricing([
      {
        model: 'llama-3.1-70b',
        provider: 'groq',
        matchPattern: 'llama-3\\.1-70b',
        inputPrice: 0.59e-6,
        outputPrice: 0.79e-6,
      },
    ]);
    expect(pricing.cost('groq/llama-3.1-70b-versatile', usage(1_000_000, 1_000_000))).toEqual({
      inputCost: 0.59,
      outputCost: 0.79,
      totalCost: 1.38,
    });
  });

  it('answers repeated look-ups from its per-model cache', () => {
    const pricing = createPricing();
    const first = pricing.entryFor('gpt-4.1-nano');
    expect(pricing.entryFor('gpt-4.1-nano')).toBe(first);
    expect(pricing.entryFor('unknown-model')).toBeUndefined();
    expect(pricing.entryFor('unknown-model')).toBeUndefined();
  });

  it('treats negative or non-finite counts as zero', () => {
    expect(createPricing().cost('gpt-4o', usage(Number.NaN, -5))).toEqual({
      inputCost: 0,
      outputCost: 0,
      totalCost: 0,
    });
  });
});
