import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatTool } from '../../schemas/chat';
import { ANTHROPIC_DEFAULT_MAX_TOKENS } from './anthropic-provider';
import { startFakeAnthropic } from './fake-anthropic-server';
import type { FakeModelServer } from './fake-server-kit';
import { collectStream, openGatewayTestbed, type GatewayTestbed } from './gateway-test-kit';

let bed: GatewayTestbed;
let fake: FakeModelServer;
const KEY = 'sk-ant-test-0123456789abcdef';

beforeAll(async () => {
  bed = await openGatewayTestbed();
  fake = await startFakeAnthropic({ apiKey: KEY });
});
afterAll(async () => {
  await fake.close();
  await bed.close();
});

const lastRequest = () => fake.requests[fake.requests.length - 1];
const lastBody = () => lastRequest()?.body as Record<string, unknown>;

const lookup: ChatTool = {
  name: 'lookup_order',
  description: 'Finds an order',
  parameters: { type: 'object', properties: { id: { type: 'string' } } },
};

const register = (model: Record<string, unknown> = {}) =>
  bed.register({
    provider: { kind: 'anthropic', baseUrl: fake.url, apiKey: KEY },
    model: { model: 'claude-sonnet-4-6', ...model },
  });

describe('model gateway on Anthropic, through @anthropic-ai/sdk', () => {
  it('sends the system prompt apart, the key as a bearer token and a default max_tokens', async () => {
    const { model } = await register();
    fake.enqueue({
      type: 'message',
      text: 'Bonjour.',
      usage: { inputTokens: 10, outputTokens: 2, cacheReadTokens: 30, cacheWriteTokens: 5 },
    });
    const result = await bed.gateway().chat('ws-a', {
      modelId: model.id,
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
      ],
      params: { topK: 5, stop: ['###'] },
    });
    expect(result).toMatchObject({
      message: { role: 'assistant', content: 'Bonjour.' },
      finishReason: 'stop',
      model: 'claude-sonnet-4-6',
      // The gateway's input count includes the cache buckets Anthropic reports apart.
      usage: { inputTokens: 45, outputTokens: 2, cacheReadTokens: 30, cacheWriteTokens: 5 },
    });
    expect(lastRequest()?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(lastRequest()?.headers['anthropic-version']).toBeDefined();
    expect(lastBody()).toEqual({
      model: 'claude-sonnet-4-6',
      system: 'Answer in French.\n\nBe brief.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
      max_tokens: ANTHROPIC_DEFAULT_MAX_TOKENS,
      top_k: 5,
      stop_sequences: ['###'],
    });
  });

  it('maps tool_use answers and sends tool results back as tool_result blocks', async () => {
    const { model } = await register({ defaultParams: { maxTokens: 300 } });
    fake.enqueue({
      type: 'message',
      text: 'Let me check.',
      toolCalls: [{ id: 'toolu_1', name: 'lookup_order', arguments: '{"id":"A7"}' }],
    });
    const gateway = bed.gateway();
    const first = await gateway.chat('ws-a', {
      modelId: model.id,
      messages: [{ role: 'user', content: 'Where is order A7?' }],
      tools: [lookup],
      toolChoice: 'required',
    });
    expect(first.finishReason).toBe('tool_calls');
    expect(first.message).toEqual({
      role: 'assistant',
      content: 'Let me check.',
      toolCalls: [{ id: 'toolu_1', name: 'lookup_order', arguments: '{"id":"A7"}' }],
    });
    expect(lastBody().tools).toEqual([
      { name: 'lookup_order', description: 'Finds an order', input_schema: lookup.parameters },
    ]);
    expect(lastBody().tool_choice).toEqual({ type: 'any' });
    expect(lastBody().max_tokens).toBe(300);

    fake.enqueue({ type: 'message', text: 'It ships tomorrow.' });
    const second = await gateway.chat('ws-a', {
      modelId: model.id,
      messages: [
        { role: 'user', content: 'Where is order A7?' },
        first.message,
        { role: 'tool', toolCallId: 'toolu_1', content: 'shipping 2026-01-02' },
        { role: 'user', content: 'Thanks' },
      ],
      tools: [lookup],
      toolChoice: { name: 'lookup_order' },
    });
    expect(second.message.content).toBe('It ships tomorrow.');
    expect(lastBody().messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Where is order A7?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Let me check.' },
          { type: 'tool_use', id: 'toolu_1', name: 'lookup_order', input: { id: 'A7' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: 'shipping 2026-01-02' },
          { type: 'text', text: 'Thanks' },
        ],
      },
    ]);
    expect(lastBody().tool_choice).toEqual({ type: 'tool', name: 'lookup_order' });
  });

  it('streams text_delta and input_json_delta events as chunks, then done with usage', async () => {
    const { model } = await register();
    fake.enqueue({
      type: 'message',
      text: 'Two lookups coming up.',
      toolCalls: [
        { id: 'toolu_a', name: 'lookup_order', arguments: '{"id":"A1","verbose":true}' },
        { id: 'toolu_b', name: 'lookup_order', arguments: '{"id":"B2","verbose":false}' },
      ],
      usage: { inputTokens: 50, outputTokens: 40, cacheReadTokens: 10 },
      chunkDelayMs: 1,
    });
    const { chunks, result } = await collectStream(
      bed.gateway().stream('ws-a', {
        modelId: model.id,
        messages: [{ role: 'user', content: 'both' }],
        tools: [lookup],
      }),
    );
    expect(lastBody().stream).toBe(true);
    expect(
      chunks
        .filter((c) => c.type === 'text')
        .map((c) => c.text)
        .join(''),
    ).toBe('Two lookups coming up.');
    const calls = chunks.filter((c) => c.type === 'tool_call');
    expect(calls.filter((c) => c.id !== undefined).map((c) => [c.index, c.id, c.name])).toEqual([
      [0, 'toolu_a', 'lookup_order'],
      [1, 'toolu_b', 'lookup_order'],
    ]);
    const args = (i: number) =>
      calls
        .filter((c) => c.index === i)
        .map((c) => c.argumentsDelta)
        .join('');
    expect([args(0), args(1)]).toEqual(['{"id":"A1","verbose":true}', '{"id":"B2","verbose":false}']);
    expect(result).toMatchObject({
      finishReason: 'tool_calls',
      usage: { inputTokens: 60, outputTokens: 40, cacheReadTokens: 10 },
      message: {
        content: 'Two lookups coming up.',
        toolCalls: [
          { id: 'toolu_a', name: 'lookup_order', arguments: '{"id":"A1","verbose":true}' },
          { id: 'toolu_b', name: 'lookup_order', arguments: '{"id":"B2","verbose":false}' },
        ],
      },
    });
    const span = bed.spans().find((s) => s.spanContext().spanId === result.spanId);
    expect(span?.attributes).toMatchObject({
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-sonnet-4-6',
      'gen_ai.usage.input_tokens': 60,
      'gen_ai.usage.cache_read.input_tokens': 10,
      'gen_ai.response.finish_reasons': ['tool_calls'],
      'server.address': '127.0.0.1',
    });
    expect(span?.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    expect(span?.attributes['gen_ai.response.id']).toMatch(/^msg_/);
  });

  it('maps max_tokens stops to length', async () => {
    const { model } = await register();
    fake.enqueue({ type: 'message', text: 'cut', finishReason: 'length' });
    const result = await bed
      .gateway()
      .chat('ws-a', { modelId: model.id, messages: [{ role: 'user', content: 'x' }] });
    expect(result.finishReason).toBe('length');
  });

  it('refuses a wrong key with the provider’s message, without retrying', async () => {
    const { provider, model } = await bed.register({
      provider: { kind: 'anthropic', baseUrl: fake.url, apiKey: 'sk-ant-wrong-key-000000000', maxRetries: 3 },
    });
    const before = fake.requests.length;
    await expect(
      bed.gateway().chat('ws-a', { modelId: model.id, messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({
      kind: 'invalid_argument',
      message: expect.stringMatching(
        new RegExp(`provider "${provider.name}" refused the call: 401 .*invalid x-api-key`),
      ) as string,
    });
    expect(fake.requests.length).toBe(before + 1);
  });
});
