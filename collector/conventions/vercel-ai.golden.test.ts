import { describe, expect, it } from 'vitest';
import type { LlmFields } from '../../schemas/llm-fields';
import { mapLlmFields } from './map-llm-fields';
import { attrs, makeSpan } from './span-factory';

const resource = attrs({ 'service.name': 'next-app', 'telemetry.sdk.language': 'nodejs' });

describe('Vercel AI SDK (golden)', () => {
  it('maps an AI SDK 4 generateText.doGenerate span after a tool round trip', () => {
    const span = makeSpan({
      name: 'ai.generateText.doGenerate',
      kind: 3,
      attributes: {
        'operation.name': 'ai.generateText.doGenerate weather-agent',
        'ai.operationId': 'ai.generateText.doGenerate',
        'ai.model.provider': 'openai.chat',
        'ai.model.id': 'gpt-4o',
        'ai.settings.maxRetries': 2,
        'ai.settings.maxSteps': 5,
        'ai.telemetry.functionId': 'weather-agent',
        'ai.telemetry.metadata.sessionId': 'chat_01JHM3Q6W8',
        'ai.telemetry.metadata.userId': 'user_2bXk9',
        'ai.prompt.format': 'messages',
        'ai.prompt.messages': JSON.stringify([
          { role: 'system', content: 'You are a weather bot.' },
          { role: 'user', content: [{ type: 'text', text: 'How warm is it in Paris?' }] },
          {
            role: 'assistant',
            content: [
              {
                type: 'tool-call',
                toolCallId: 'call_aT9hQ2',
                toolName: 'weather',
                args: { location: 'Paris' },
              },
            ],
          },
          {
            role: 'tool',
            content: [
              {
                type: 'tool-result',
                toolCallId: 'call_aT9hQ2',
                toolName: 'weather',
                result: { location: 'Paris', temperature: 18 },
              },
            ],
          },
        ]),
        'ai.prompt.tools': ['{"type":"function","name":"weather","parameters":{"type":"object"}}'],
        'ai.prompt.toolChoice': '{"type":"auto"}',
        'ai.response.finishReason': 'stop',
        'ai.response.text': 'It is 18°C in Paris right now.',
        'ai.response.id': 'chatcmpl-Aq7yq2',
        'ai.response.model': 'gpt-4o-2024-08-06',
        'ai.response.timestamp': '2025-03-04T10:21:09.000Z',
        'ai.usage.promptTokens': 138,
        'ai.usage.completionTokens': 12,
        'gen_ai.system': 'openai.chat',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.response.finish_reasons': ['stop'],
        'gen_ai.response.id': 'chatcmpl-Aq7yq2',
        'gen_ai.response.model': 'gpt-4o-2024-08-06',
        'gen_ai.usage.input_tokens': 138,
        'gen_ai.usage.output_tokens': 12,
      },
    });

    expect(mapLlmFields(span, resource)).toEqual<LlmFields>({
      spanType: 'llm',
      provider: 'openai',
      requestModel: 'gpt-4o',
      responseModel: 'gpt-4o-2024-08-06',
      input: [
        { role: 'system', content: 'You are a weather bot.' },
        { role: 'user', content: 'How warm is it in Paris?' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [{ id: 'call_aT9hQ2', name: 'weather', arguments: '{"location":"Paris"}' }],
        },
        { role: 'tool', content: '{"location":"Paris","temperature":18}', toolCallId: 'call_aT9hQ2' },
      ],
      output: [{ role: 'assistant', content: 'It is 18°C in Paris right now.' }],
      inputTokens: 138,
      outputTokens: 12,
      totalTokens: 150,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      reportedCost: undefined,
      timeToFirstTokenNs: 0,
      sessionId: 'chat_01JHM3Q6W8',
      userId: 'user_2bXk9',
      promptKey: '',
      promptVersion: '',
    });
  });

  it('maps an AI SDK 5 Anthropic streamText.doStream span, adding cached tokens back into input', () => {
    const span = makeSpan({
      name: 'ai.streamText.doStream',
      kind: 3,
      attributes: {
        'operation.name': 'ai.streamText.doStream',
        'ai.operationId': 'ai.streamText.doStream',
        'ai.model.provider': 'anthropic.messages',
        'ai.model.id': 'claude-sonnet-4-20250514',
        'ai.prompt.messages': JSON.stringify([
          { role: 'user', content: [{ type: 'text', text: 'Find docs on OTLP.' }] },
          {
            role: 'assistant',
            content: [
              { type: 'tool-call', toolCallId: 'toolu_01A', toolName: 'search', input: { q: 'otlp' } },
            ],
          },
          {
            role: 'tool',
            content: [
              {
                type: 'tool-result',
                toolCallId: 'toolu_01A',
                toolName: 'search',
                output: { type: 'json', value: ['https://opentelemetry.io/docs/specs/otlp/'] },
              },
            ],
          },
        ]),
        'ai.response.finishReason': 'tool-calls',
        'ai.response.text': '',
        'ai.response.toolCalls': JSON.stringify([
          {
            toolCallId: 'toolu_01B',
            toolName: 'fetch',
            input: '{"url":"https://opentelemetry.io/docs/specs/otlp/"}',
          },
        ]),
        'ai.response.model': 'claude-sonnet-4-20250514',
        'ai.response.msToFirstChunk': 812.4,
        'ai.usage.inputTokens': 31,
        'ai.usage.outputTokens': 64,
        'ai.usage.totalTokens': 95,
        'ai.usage.cachedInputTokens': 4096,
        'ai.usage.reasoningTokens': 0,
        'gen_ai.system': 'anthropic.messages',
        'gen_ai.request.model': 'claude-sonnet-4-20250514',
        'gen_ai.usage.input_tokens': 31,
        'gen_ai.usage.output_tokens': 64,
      },
    });

    expect(mapLlmFields(span, resource)).toEqual<LlmFields>({
      spanType: 'llm',
      provider: 'anthropic',
      requestModel: 'claude-sonnet-4-20250514',
      responseModel: 'claude-sonnet-4-20250514',
      input: [
        { role: 'user', content: 'Find docs on OTLP.' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [{ id: 'toolu_01A', name: 'search', arguments: '{"q":"otlp"}' }],
        },
        { role: 'tool', content: '["https://opentelemetry.io/docs/specs/otlp/"]', toolCallId: 'toolu_01A' },
      ],
      output: [
        {
          role: 'assistant',
          content: '',
          toolCalls: [
            {
              id: 'toolu_01B',
              name: 'fetch',
              arguments: '{"url":"https://opentelemetry.io/docs/specs/otlp/"}',
            },
          ],
        },
      ],
      inputTokens: 4127,
      outputTokens: 64,
      totalTokens: 4191,
      cacheReadTokens: 4096,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      reportedCost: undefined,
      timeToFirstTokenNs: 812_400_000,
      sessionId: '',
      userId: '',
      promptKey: '',
      promptVersion: '',
    });
  });

  it('maps an ai.toolCall span', () => {
    const span = makeSpan({
      name: 'ai.toolCall',
      attributes: {
        'operation.name': 'ai.toolCall weather-agent',
        'ai.operationId': 'ai.toolCall',
        'ai.toolCall.name': 'weather',
        'ai.toolCall.id': 'call_aT9hQ2',
        'ai.toolCall.args': '{"location":"Paris"}',
        'ai.toolCall.result': '{"location":"Paris","temperature":18}',
        'ai.telemetry.functionId': 'weather-agent',
        'ai.telemetry.metadata.sessionId': 'chat_01JHM3Q6W8',
      },
    });

    expect(mapLlmFields(span, resource)).toEqual<LlmFields>({
      spanType: 'tool',
      provider: '',
      requestModel: '',
      responseModel: '',
      input: [{ role: 'input', content: '{"location":"Paris"}', name: 'weather', toolCallId: 'call_aT9hQ2' }],
      output: [{ role: 'tool', content: '{"location":"Paris","temperature":18}', toolCallId: 'call_aT9hQ2' }],
      inputTokens: 0,
      outputTokens: 0,
      totalTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      reportedCost: undefined,
      timeToFirstTokenNs: 0,
      sessionId: 'chat_01JHM3Q6W8',
      userId: '',
      promptKey: '',
      promptVersion: '',
    });
  });
});
