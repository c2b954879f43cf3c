import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, ChatTool } from '../../schemas/chat';
import { startFakeOpenAi } from './fake-openai-server';
import type { FakeModelServer } from './fake-server-kit';
import { collectStream, openGatewayTestbed, type GatewayTestbed } from './gateway-test-kit';
import type { ChatResult } from './types';

let bed: GatewayTestbed;
let fake: FakeModelServer;
const KEY = 'sk-test-openai-0123456789abcdef';

beforeAll(async () => {
  bed = await openGatewayTestbed();
  fake = await startFakeOpenAi({ apiKey: KEY });
});
afterAll(async () => {
  await fake.close();
  await bed.close();
});

const lastRequest = () => fake.requests[fake.requests.length - 1];
const lastBody = () => lastRequest()?.body as Record<string, unknown>;
const spanOf = (result: ChatResult) => bed.spans().find((s) => s.spanContext().spanId === result.spanId);

const weather: ChatTool = {
  name: 'get_weather',
  description: 'Weather of a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

describe('model gateway on OpenAI-compatible servers, through the openai SDK', () => {
  it('answers a text call, sending the key, the model id and the parameters in the wire format', async () => {
    const { model } = await bed.register({
      provider: { kind: 'openai', baseUrl: fake.url, apiKey: KEY },
      model: {
        model: 'gpt-4o-mini',
        paramSchema: [{ name: 'temperature', type: 'float', min: 0, max: 1, default: 0.7 }],
        defaultParams: { maxTokens: 256 },
      },
    });
    fake.enqueue({
      type: 'message',
      text: 'Hello there!',
      usage: { inputTokens: 12, outputTokens: 3, cacheReadTokens: 4 },
    });
    const result = await bed.gateway().chat('ws-a', {
      modelId: model.id,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi', name: 'ann' },
      ],
      params: { topP: 0.9, stop: ['END'] },
    });
    expect(result).toMatchObject({
      message: { role: 'assistant', content: 'Hello there!' },
      finishReason: 'stop',
      usage: { inputTokens: 12, outputTokens: 3, cacheReadTokens: 4 },
      model: 'gpt-4o-mini',
      cost: 0,
    });
    expect(result.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(lastRequest()?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(lastRequest()?.path).toBe('/v1/chat/completions');
    expect(lastBody()).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi', name: 'ann' },
      ],
      temperature: 0.7,
      max_tokens: 256,
      top_p: 0.9,
      stop: ['END'],
    });
  });

  it('echoes the last user message by default', async () => {
    const { model } = await bed.register({ provider: { kind: 'openai', baseUrl: fake.url, apiKey: KEY } });
    const result = await bed.gateway().chat('ws-a', {
      modelId: model.name,
      messages: [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: 'echo me' },
      ],
    });
    expect(result.message.content).toBe('echo me');
    expect(result.usage.inputTokens).toBeGreaterThan(0);
  });

  it('sends tools and maps tool calls and tool results both ways', async () => {
    const { model } = await bed.register({ provider: { kind: 'openai', baseUrl: fake.url, apiKey: KEY } });
    fake.enqueue({
      type: 'message',
      toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
    });
    const gateway = bed.gateway();
    const asked: ChatMessage[] = [{ role: 'user', content: 'Weather in Paris?' }];
    const first = await gateway.chat('ws-a', {
      modelId: model.id,
      messages: asked,
      tools: [weather],
      toolChoice: 'auto',
    });
    expect(first.finishReason).toBe('tool_calls');
    expect(first.message).toEqual({
      role: 'assistant',
      content: '',
      toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
    });
    expect(lastBody().tools).toEqual([{ type: 'function', function: weather }]);
    expect(lastBody().tool_choice).toBe('auto');

    fake.enqueue({ type: 'message', text: 'Rainy, 12°C.' });
    const second = await gateway.chat('ws-a', {
      modelId: model.id,
      messages: [...asked, first.message, { role: 'tool', toolCallId: 'call_1', content: 'rain, 12C' }],
      tools: [weather],
      toolChoice: { name: 'get_weather' },
    });
    expect(second.message.content).toBe('Rainy, 12°C.');
    expect(lastBody().messages).toEqual([
      { role: 'user', content: 'Weather in Paris?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'rain, 12C' },
    ]);
    expect(lastBody().tool_choice).toEqual({ type: 'function', function: { name: 'get_weather' } });
  });

  it('streams text deltas, then done with usage, asking the server to include usage', async () => {
    const { model } = await bed.register({ provider: { kind: 'openai', baseUrl: fake.url, apiKey: KEY } });
    const text = 'The quick brown fox jumps over the lazy dog.';
    fake.enqueue({ type: 'message', text, usage: { inputTokens: 20, outputTokens: 9 }, chunkDelayMs: 2 });
    const { chunks, result } = await collectStream(
      bed.gateway().stream('ws-a', { modelId: model.id, messages: [{ role: 'user', content: 'fox?' }] }),
    );
    const texts = chunks.flatMap((c) => (c.type === 'text' ? [c.text] : []));
    expect(texts.length).toBeGreaterThan(3);
    expect(texts.join('')).toBe(text);
    expect(result).toMatchObject({ message: { content: text }, usage: { inputTokens: 20, outputTokens: 9 } });
    expect(result.timeToFirstTokenMs).toBeGreaterThan(0);
    expect(lastBody()).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    const span = spanOf(result);
    expect(span?.attributes['gen_ai.response.time_to_first_chunk']).toBeCloseTo(
      (result.timeToFirstTokenMs ?? 0) / 1000,
      6,
    );
    expect(span?.attributes['spanloop.model.stream']).toBe(true);
  });

  it('streams tool calls as deltas per call index and assembles them in the result', async () => {
    const { model } = await bed.register({ provider: { kind: 'openai', baseUrl: fake.url, apiKey: KEY } });
    fake.enqueue({
      type: 'message',
      text: 'Checking both.',
      toolCalls: [
        { id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
        { id: 'call_b', name: 'get_weather', arguments: '{"city":"Oslo","unit":"celsius"}' },
      ],
    });
    const { chunks, result } = await collectStream(
      bed.gateway().stream('ws-a', {
        modelId: model.id,
        messages: [{ role: 'user', content: 'both?' }],
        tools: [weather],
      }),
    );
    const calls = chunks.filter((c) => c.type === 'tool_call');
    expect(calls.filter((c) => c.index === 0).length).toBeGreaterThan(2);
    expect(calls.filter((c) => c.index === 0 && c.id !== undefined).map((c) => [c.id, c.name])).toEqual([
      ['call_a', 'get_weather'],
    ]);
    const args = (i: number) =>
      calls
        .filter((c) => c.index === i)
        .map((c) => c.argumentsDelta)
        .join('');
    expect([args(0), args(1)]).toEqual([
      '{"city":"Paris","unit":"celsius"}',
      '{"city":"Oslo","unit":"celsius"}',
    ]);
    expect(result.finishReason).toBe('tool_calls');
    expect(result.message).toEqual({
      role: 'assistant',
      content: 'Checking both.',
      toolCalls: [
        { id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
        { id: 'call_b', name: 'get_weather', arguments: '{"city":"Oslo","unit":"celsius"}' },
      ],
    });
  });

  it('calls Azure OpenAI deployments with api-version and the api-key header', async () => {
    const { model } = await bed.register({
      provider: { kind: 'openai', baseUrl: fake.origin, apiVersion: '2024-10-21', apiKey: KEY },
      model: { model: 'my-gpt4o-deployment' },
    });
    const result = await bed
      .gateway()
      .chat('ws-a', { modelId: model.id, messages: [{ role: 'user', content: 'hi' }] });
    expect(result.message.content).toBe('hi');
    expect(lastRequest()?.url).toBe(
      '/openai/deployments/my-gpt4o-deployment/chat/completions?api-version=2024-10-21',
    );
    expect(lastRequest()?.headers['api-key']).toBe(KEY);
    expect(lastRequest()?.headers.authorization).toBeUndefined();
    expect(spanOf(result)?.attributes['gen_ai.provider.name']).toBe('azure.ai.openai');
  });

  it('sends no credentials to a keyless server (Ollama, vLLM) and its extra headers', async () => {
    const open = await startFakeOpenAi();
    try {
      const { model } = await bed.register({
        provider: { kind: 'openai', baseUrl: open.url, vendor: 'ollama', headers: { 'x-team': 'search' } },
      });
      await bed.gateway().chat('ws-a', { modelId: model.id, messages: [{ role: 'user', content: 'hi' }] });
      const headers = open.requests[0]?.headers ?? {};
      expect(headers.authorization).toBeUndefined();
      expect(headers['api-key']).toBeUndefined();
      expect(headers['x-team']).toBe('search');
    } finally {
      await open.close();
    }
  });

  it('records one CLIENT span per call with GenAI attributes, under the given parent', async () => {
    const { model, provider } = await bed.register({
      provider: { kind: 'openai', baseUrl: fake.url, apiKey: KEY },
      model: { model: 'gpt-4o-mini', pricing: { inputPrice: 0.000001, outputPrice: 0.000002 } },
    });
    fake.enqueue({
      type: 'message',
      text: 'Sunny.',
      toolCalls: [{ id: 'call_9', name: 'get_weather', arguments: '{"city":"Rome"}' }],
      usage: { inputTokens: 100, outputTokens: 10, cacheReadTokens: 40 },
    });
    const parent = bed.tracer.startSpan('playground run');
    const result = await bed
      .gateway({
        cost: (_m, usage, pricing) => (pricing ? usage.inputTokens * pricing.inputPrice : undefined),
      })
      .chat('ws-a', {
        modelId: model.id,
        messages: [
          { role: 'system', content: 'sys' },
          { role: 'user', content: 'Rome?' },
          {
            role: 'assistant',
            content: '',
            toolCalls: [{ id: 'c0', name: 'get_weather', arguments: 'not json' }],
          },
          { role: 'tool', toolCallId: 'c0', content: 'cloudy' },
        ],
        tools: [weather],
        params: { temperature: 0.2, maxTokens: 50 },
        spanAttributes: { 'spanloop.prompt.key': 'weather-bot', 'spanloop.workspace_id': 'ws-b' },
        parentContext: trace.setSpan(context.active(), parent),
      });
    parent.end();
    expect(result.cost).toBeCloseTo(0.0001, 10);
    const span = spanOf(result);
    expect(span?.name).toBe('chat gpt-4o-mini');
    expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(span?.spanContext().traceId).toBe(parent.spanContext().traceId);
    expect(span?.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    expect(span?.status.code).not.toBe(SpanStatusCode.ERROR);
    const a = span?.attributes ?? {};
    expect(a).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': 50,
      'gen_ai.usage.input_tokens': 100,
      'gen_ai.usage.output_tokens': 10,
      'gen_ai.usage.cache_read.input_tokens': 40,
      'gen_ai.usage.cost': result.cost,
      'gen_ai.response.finish_reasons': ['tool_calls'],
      'server.address': '127.0.0.1',
      'spanloop.workspace_id': 'ws-a',
      'spanloop.prompt.key': 'weather-bot',
      'spanloop.model.id': model.id,
      'spanloop.model.provider': provider.name,
    });
    expect(a['gen_ai.response.id']).toMatch(/^chatcmpl-/);
    expect(JSON.parse(String(a['gen_ai.input.messages']))).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'sys' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Rome?' }] },
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 'c0', name: 'get_weather', arguments: 'not json' }],
      },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c0', response: 'cloudy' }] },
    ]);
    expect(JSON.parse(String(a['gen_ai.output.messages']))).toEqual([
      {
        role: 'assistant',
        parts: [
          { type: 'text', content: 'Sunny.' },
          { type: 'tool_call', id: 'call_9', name: 'get_weather', arguments: { city: 'Rome' } },
        ],
        finish_reason: 'tool_calls',
      },
    ]);
    expect(JSON.parse(String(a['gen_ai.tool.definitions']))).toEqual([{ type: 'function', ...weather }]);
  });

  it('does not let one workspace call another workspace’s model', async () => {
    const { model } = await bed.register({ provider: { kind: 'openai', baseUrl: fake.url, apiKey: KEY } });
    const before = fake.requests.length;
    await expect(
      bed.gateway().chat('ws-b', { modelId: model.id, messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({
      kind: 'invalid_argument',
      message: expect.stringContaining('not registered') as string,
    });
    expect(fake.requests.length).toBe(before);
  });
});
