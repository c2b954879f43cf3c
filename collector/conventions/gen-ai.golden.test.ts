import { describe, expect, it } from 'vitest';
import type { LlmFields } from '../../schemas/llm-fields';
import { mapLlmFields } from './map-llm-fields';
import { attrs, makeSpan } from './span-factory';

const resource = attrs({ 'service.name': 'weather-bot', 'telemetry.sdk.language': 'python' });

describe('OTel GenAI semantic conventions (golden)', () => {
  it('maps an OpenAI chat call with a tool round trip (gen_ai.input/output.messages)', () => {
    const span = makeSpan({
      name: 'chat gpt-4o',
      kind: 3,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.request.temperature': 0.2,
        'gen_ai.request.max_tokens': 512,
        'gen_ai.response.id': 'chatcmpl-BVGb3NsGKNKzT8VuZB4T6zYf0gQ2m',
        'gen_ai.response.model': 'gpt-4o-2024-08-06',
        'gen_ai.response.finish_reasons': ['tool_calls'],
        'gen_ai.openai.response.service_tier': 'default',
        'gen_ai.usage.input_tokens': 1417,
        'gen_ai.usage.output_tokens': 52,
        'gen_ai.usage.cache_read.input_tokens': 1280,
        'gen_ai.conversation.id': 'conv_5j66UpCpwteGg4YSxUnt7lPY',
        'server.address': 'api.openai.com',
        'server.port': 443,
        'gen_ai.system_instructions': JSON.stringify([
          { type: 'text', content: 'You are a weather assistant. Use tools for live data.' },
        ]),
        'gen_ai.input.messages': JSON.stringify([
          { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris and Lyon?' }] },
          {
            role: 'assistant',
            parts: [
              {
                type: 'tool_call',
                id: 'call_VSPygqKTWdrhaFErNvMV18Yl',
                name: 'get_weather',
                arguments: { location: 'Paris' },
              },
              {
                type: 'tool_call',
                id: 'call_3KtrVmH8Ynr0ciHJ0rkfcaYQ',
                name: 'get_weather',
                arguments: { location: 'Lyon' },
              },
            ],
          },
          {
            role: 'tool',
            parts: [
              { type: 'tool_call_response', id: 'call_VSPygqKTWdrhaFErNvMV18Yl', response: 'rainy, 14°C' },
              {
                type: 'tool_call_response',
                id: 'call_3KtrVmH8Ynr0ciHJ0rkfcaYQ',
                response: { sky: 'clear', celsius: 19 },
              },
            ],
          },
          { role: 'user', parts: [{ type: 'text', content: 'And tomorrow in Paris?' }] },
        ]),
        'gen_ai.output.messages': JSON.stringify([
          {
            role: 'assistant',
            parts: [
              { type: 'text', content: 'Let me check the forecast.' },
              {
                type: 'tool_call',
                id: 'call_kDRfqU9bZ5ErbtJSaFvYj2nM',
                name: 'get_forecast',
                arguments: { location: 'Paris', days: 1 },
              },
            ],
            finish_reason: 'tool_calls',
          },
        ]),
      },
    });

    expect(mapLlmFields(span, resource)).toEqual<LlmFields>({
      spanType: 'llm',
      provider: 'openai',
      requestModel: 'gpt-4o',
      responseModel: 'gpt-4o-2024-08-06',
      input: [
        { role: 'system', content: 'You are a weather assistant. Use tools for live data.' },
        { role: 'user', content: 'Weather in Paris and Lyon?' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [
            { id: 'call_VSPygqKTWdrhaFErNvMV18Yl', name: 'get_weather', arguments: '{"location":"Paris"}' },
            { id: 'call_3KtrVmH8Ynr0ciHJ0rkfcaYQ', name: 'get_weather', arguments: '{"location":"Lyon"}' },
          ],
        },
        { role: 'tool', content: 'rainy, 14°C', toolCallId: 'call_VSPygqKTWdrhaFErNvMV18Yl' },
        {
          role: 'tool',
          content: '{"sky":"clear","celsius":19}',
          toolCallId: 'call_3KtrVmH8Ynr0ciHJ0rkfcaYQ',
        },
        { role: 'user', content: 'And tomorrow in Paris?' },
      ],
      output: [
        {
          role: 'assistant',
          content: 'Let me check the forecast.',
          toolCalls: [
            {
              id: 'call_kDRfqU9bZ5ErbtJSaFvYj2nM',
              name: 'get_forecast',
              arguments: '{"location":"Paris","days":1}',
            },
          ],
        },
      ],
      inputTokens: 1417,
      outputTokens: 52,
      totalTokens: 1469,
      cacheReadTokens: 1280,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      reportedCost: undefined,
      timeToFirstTokenNs: 0,
      sessionId: 'conv_5j66UpCpwteGg4YSxUnt7lPY',
      userId: '',
      promptKey: '',
      promptVersion: '',
    });
  });

  it('maps an Anthropic call that reports messages as span events (gen_ai.*.message, gen_ai.choice)', () => {
    const span = makeSpan({
      name: 'chat claude-3-7-sonnet-20250219',
      kind: 3,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.system': 'anthropic',
        'gen_ai.request.model': 'claude-3-7-sonnet-20250219',
        'gen_ai.response.model': 'claude-3-7-sonnet-20250219',
        'gen_ai.response.id': 'msg_01XFDUDYJgAACzvnptvVoYEL',
        'gen_ai.response.finish_reasons': ['end_turn'],
        'gen_ai.usage.input_tokens': 2095,
        'gen_ai.usage.output_tokens': 503,
        'gen_ai.usage.cache_read_input_tokens': 1800,
        'gen_ai.usage.cache_creation_input_tokens': 248,
        'gen_ai.usage.reasoning_tokens': 310,
      },
      events: [
        {
          name: 'gen_ai.system.message',
          attributes: { 'gen_ai.system': 'anthropic', content: 'Answer tersely.' },
        },
        {
          name: 'gen_ai.user.message',
          attributes: { 'gen_ai.system': 'anthropic', content: 'Summarise the RFC.' },
        },
        {
          name: 'gen_ai.choice',
          attributes: {
            'gen_ai.system': 'anthropic',
            index: 0,
            finish_reason: 'end_turn',
            message: JSON.stringify({ role: 'assistant', content: 'It defines OTLP over HTTP.' }),
          },
        },
      ],
    });

    expect(mapLlmFields(span, resource)).toEqual<LlmFields>({
      spanType: 'llm',
      provider: 'anthropic',
      requestModel: 'claude-3-7-sonnet-20250219',
      responseModel: 'claude-3-7-sonnet-20250219',
      input: [
        { role: 'system', content: 'Answer tersely.' },
        { role: 'user', content: 'Summarise the RFC.' },
      ],
      output: [{ role: 'assistant', content: 'It defines OTLP over HTTP.' }],
      inputTokens: 2095,
      outputTokens: 503,
      totalTokens: 2598,
      cacheReadTokens: 1800,
      cacheWriteTokens: 248,
      reasoningTokens: 310,
      reportedCost: undefined,
      timeToFirstTokenNs: 0,
      sessionId: '',
      userId: '',
      promptKey: '',
      promptVersion: '',
    });
  });

  it('maps a streamed chat span with the time to first chunk in seconds', () => {
    const span = makeSpan({
      name: 'chat gpt-4o-mini',
      kind: 3,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.request.stream': true,
        'gen_ai.usage.input_tokens': 52,
        'gen_ai.usage.output_tokens': 310,
        'gen_ai.response.time_to_first_chunk': 0.2375,
        // OpenLIT's copy of the server metric loses to the semconv attribute.
        'gen_ai.server.time_to_first_token': 0.3,
      },
    });

    expect(mapLlmFields(span, resource)).toMatchObject<Partial<LlmFields>>({
      spanType: 'llm',
      provider: 'openai',
      requestModel: 'gpt-4o-mini',
      totalTokens: 362,
      timeToFirstTokenNs: 237_500_000,
    });
  });

  it('maps an execute_tool span', () => {
    const span = makeSpan({
      name: 'execute_tool get_weather',
      attributes: {
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'get_weather',
        'gen_ai.tool.type': 'function',
        'gen_ai.tool.call.id': 'call_VSPygqKTWdrhaFErNvMV18Yl',
        'gen_ai.tool.call.arguments': '{"location":"Paris"}',
        'gen_ai.tool.call.result': 'rainy, 14°C',
        'gen_ai.conversation.id': 'conv_5j66UpCpwteGg4YSxUnt7lPY',
      },
    });

    expect(mapLlmFields(span, resource)).toEqual<LlmFields>({
      spanType: 'tool',
      provider: '',
      requestModel: '',
      responseModel: '',
      input: [
        {
          role: 'input',
          content: '{"location":"Paris"}',
          name: 'get_weather',
          toolCallId: 'call_VSPygqKTWdrhaFErNvMV18Yl',
        },
      ],
      output: [{ role: 'tool', content: 'rainy, 14°C', toolCallId: 'call_VSPygqKTWdrhaFErNvMV18Yl' }],
      inputTokens: 0,
      outputTokens: 0,
      totalTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      reportedCost: undefined,
      timeToFirstTokenNs: 0,
      sessionId: 'conv_5j66UpCpwteGg4YSxUnt7lPY',
      userId: '',
      promptKey: '',
      promptVersion: '',
    });
  });
});
