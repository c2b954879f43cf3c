import { describe, expect, it } from 'vitest';
import type { LlmFields } from '../../schemas/llm-fields';
import { mapLlmFields } from './map-llm-fields';
import { attrs, makeSpan } from './span-factory';

const resource = attrs({ 'service.name': 'travel-planner' });

describe('OpenLLMetry / Traceloop (golden)', () => {
  it('maps an opentelemetry-instrumentation-openai chat span with indexed prompts and a tool call', () => {
    const span = makeSpan({
      name: 'openai.chat',
      kind: 3,
      attributes: {
        'llm.request.type': 'chat',
        'gen_ai.system': 'openai',
        'gen_ai.request.model': 'gpt-4.1-mini',
        'gen_ai.request.temperature': 0.7,
        'gen_ai.response.model': 'gpt-4.1-mini-2025-04-14',
        'gen_ai.response.id': 'chatcmpl-BwD2Qk8fA1',
        'gen_ai.openai.api_base': 'https://api.openai.com/v1/',
        'llm.is_streaming': false,
        'llm.headers': 'None',
        'llm.request.functions.0.name': 'book_flight',
        'llm.request.functions.0.parameters': '{"type": "object", "properties": {"to": {"type": "string"}}}',
        'gen_ai.prompt.0.role': 'system',
        'gen_ai.prompt.0.content': 'You are a travel agent.',
        'gen_ai.prompt.1.role': 'user',
        'gen_ai.prompt.1.content': 'Book me a flight to Lisbon on Friday.',
        'gen_ai.completion.0.role': 'assistant',
        'gen_ai.completion.0.finish_reason': 'tool_calls',
        'gen_ai.completion.0.tool_calls.0.id': 'call_oXhw5UWAwEBMhtVWYEmYlQkG',
        'gen_ai.completion.0.tool_calls.0.name': 'book_flight',
        'gen_ai.completion.0.tool_calls.0.arguments': '{"to":"LIS","date":"2025-06-13"}',
        'gen_ai.usage.prompt_tokens': 96,
        'gen_ai.usage.completion_tokens': 24,
        'gen_ai.usage.cache_read_input_tokens': 0,
        'llm.usage.total_tokens': 120,
        'traceloop.workflow.name': 'plan_trip',
        'traceloop.association.properties.session_id': 'sess-2f9c',
        'traceloop.association.properties.user_id': 'u-1187',
        'traceloop.prompt.key': 'travel-agent-system',
        'traceloop.prompt.version': 4,
        'traceloop.prompt.managed': true,
      },
    });

    expect(mapLlmFields(span, resource)).toEqual<LlmFields>({
      spanType: 'llm',
      provider: 'openai',
      requestModel: 'gpt-4.1-mini',
      responseModel: 'gpt-4.1-mini-2025-04-14',
      input: [
        { role: 'system', content: 'You are a travel agent.' },
        { role: 'user', content: 'Book me a flight to Lisbon on Friday.' },
      ],
      output: [
        {
          role: 'assistant',
          content: '',
          toolCalls: [
            {
              id: 'call_oXhw5UWAwEBMhtVWYEmYlQkG',
              name: 'book_flight',
              arguments: '{"to":"LIS","date":"2025-06-13"}',
            },
          ],
        },
      ],
      inputTokens: 96,
      outputTokens: 24,
      totalTokens: 120,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      reportedCost: undefined,
      timeToFirstTokenNs: 0,
      sessionId: 'sess-2f9c',
      userId: 'u-1187',
      promptKey: 'travel-agent-system',
      promptVersion: '4',
    });
  });

  it('maps a workflow span with entity input and output', () => {
    const span = makeSpan({
      name: 'plan_trip.workflow',
      attributes: {
        'traceloop.span.kind': 'workflow',
        'traceloop.workflow.name': 'plan_trip',
        'traceloop.entity.name': 'plan_trip',
        'traceloop.entity.path': '',
        'traceloop.entity.input': '{"args": ["Lisbon"], "kwargs": {"days": 3}}',
        'traceloop.entity.output': '"Booked: LIS, Friday"',
        'traceloop.association.properties.session_id': 'sess-2f9c',
      },
    });

    expect(mapLlmFields(span, resource)).toEqual<LlmFields>({
      spanType: 'chain',
      provider: '',
      requestModel: '',
      responseModel: '',
      input: [{ role: 'input', content: '{"args": ["Lisbon"], "kwargs": {"days": 3}}' }],
      output: [{ role: 'output', content: 'Booked: LIS, Friday' }],
      inputTokens: 0,
      outputTokens: 0,
      totalTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      reportedCost: undefined,
      timeToFirstTokenNs: 0,
      sessionId: 'sess-2f9c',
      userId: '',
      promptKey: '',
      promptVersion: '',
    });
  });
});
