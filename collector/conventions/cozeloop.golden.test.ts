import { describe, expect, it } from 'vitest';
import type { LlmFields } from '../../schemas/llm-fields';
import { mapLlmFields } from './map-llm-fields';
import { attrs, makeSpan } from './span-factory';

const resource = attrs({ 'service.name': 'loop-demo' });

describe('Cozeloop tracespec (golden)', () => {
  it('maps a cozeloop-go model span as the SDK ingest endpoint delivers its tags', () => {
    const span = makeSpan({
      name: 'ChatOpenAI',
      attributes: {
        span_type: 'model',
        input: JSON.stringify({
          messages: [
            { role: 'system', content: 'You are a poet.' },
            {
              role: 'user',
              parts: [
                { type: 'text', text: 'Write a haiku about this picture.' },
                { type: 'image_url', image_url: { name: 'sea.png', url: 'loop/obj/sea.png' } },
              ],
            },
          ],
          tools: [{ type: 'function', function: { name: 'get_photo_meta', parameters: '{}' } }],
        }),
        output: JSON.stringify({
          id: 'resp-001',
          choices: [
            {
              index: 0,
              finish_reason: 'stop',
              message: {
                role: 'assistant',
                content: 'Grey waves fold and break / …',
                reasoning_content: 'A seascape; keep it calm.',
              },
            },
          ],
        }),
        model_provider: 'openai',
        model_name: 'gpt-4o',
        call_options: '{"temperature":0.8,"max_tokens":256}',
        stream: false,
        input_tokens: 310,
        output_tokens: 41,
        tokens: 351,
        input_cached_tokens: 0,
        reasoning_tokens: 12,
        prompt_key: 'loop.demo.haiku',
        prompt_version: '0.0.3',
        thread_id: 'thread-77',
        user_id: 'u-42',
        message_id: 'msg-9',
        latency_first_resp: 412000,
      },
    });

    expect(mapLlmFields(span, resource)).toEqual<LlmFields>({
      spanType: 'llm',
      provider: 'openai',
      requestModel: 'gpt-4o',
      responseModel: 'gpt-4o',
      input: [
        { role: 'system', content: 'You are a poet.' },
        {
          role: 'user',
          content: 'Write a haiku about this picture.',
          parts: [{ type: 'image_url', image_url: { name: 'sea.png', url: 'loop/obj/sea.png' } }],
        },
      ],
      output: [
        {
          role: 'assistant',
          content: 'Grey waves fold and break / …',
          parts: [{ type: 'reasoning', content: 'A seascape; keep it calm.' }],
        },
      ],
      inputTokens: 310,
      outputTokens: 41,
      totalTokens: 351,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 12,
      reportedCost: undefined,
      timeToFirstTokenNs: 412_000_000,
      sessionId: 'thread-77',
      userId: 'u-42',
      promptKey: 'loop.demo.haiku',
      promptVersion: '0.0.3',
    });
  });

  it('maps a streamed cozeloop.* model span sent over OTLP, its first token an epoch time in µs', () => {
    const span = makeSpan({
      name: 'ChatArk',
      startTimeUnixNano: 1_718_000_000_123_456_789n,
      attributes: {
        'cozeloop.span_type': 'model',
        'cozeloop.stream': true,
        'gen_ai.request.model': 'doubao-pro-32k',
        'gen_ai.system': 'ark',
        'gen_ai.usage.input_tokens': 88,
        'gen_ai.usage.output_tokens': 240,
        // 350.5 ms after the span start, which the SDK stamped with µs precision.
        'cozeloop.time_to_first_token': 1_718_000_000_473_956,
        'cozeloop.prompt_key': 'loop.demo.chat',
      },
    });

    expect(mapLlmFields(span, resource)).toEqual<LlmFields>({
      spanType: 'llm',
      provider: 'ark',
      requestModel: 'doubao-pro-32k',
      responseModel: '',
      input: [],
      output: [],
      inputTokens: 88,
      outputTokens: 240,
      totalTokens: 328,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      reportedCost: undefined,
      timeToFirstTokenNs: 350_499_211,
      sessionId: '',
      userId: '',
      promptKey: 'loop.demo.chat',
      promptVersion: '',
    });
  });

  it('maps a cozeloop.* tool span sent over OTLP', () => {
    const span = makeSpan({
      name: 'get_photo_meta',
      attributes: {
        'cozeloop.span_type': 'tool',
        'cozeloop.input': '{"photo":"sea.png"}',
        'cozeloop.output': 'taken 2024-08-01 at Étretat',
        'cozeloop.thread_id': 'thread-77',
        'cozeloop.workspace_id': '7486110000000001',
      },
    });

    expect(mapLlmFields(span, resource)).toEqual<LlmFields>({
      spanType: 'tool',
      provider: '',
      requestModel: '',
      responseModel: '',
      input: [{ role: 'input', content: '{"photo":"sea.png"}' }],
      output: [{ role: 'output', content: 'taken 2024-08-01 at Étretat' }],
      inputTokens: 0,
      outputTokens: 0,
      totalTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      reportedCost: undefined,
      timeToFirstTokenNs: 0,
      sessionId: 'thread-77',
      userId: '',
      promptKey: '',
      promptVersion: '',
    });
  });
});
