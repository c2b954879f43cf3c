import { describe, expect, it } from 'vitest';
import type { LlmFields } from '../../schemas/llm-fields';
import { mapLlmFields } from './map-llm-fields';
import { attrs, makeSpan } from './span-factory';

const resource = attrs({ 'service.name': 'support-agent', 'openinference.project.name': 'support' });

describe('OpenInference (golden)', () => {
  it('maps an openinference-instrumentation-openai ChatCompletion span with an image and a tool call', () => {
    const request = {
      model: 'gpt-4o-mini',
      temperature: 0,
      messages: [
        { role: 'system', content: 'You route support tickets.' },
        { role: 'user', content: [{ type: 'text', text: 'Is this invoice overdue?' }] },
      ],
    };
    const span = makeSpan({
      name: 'ChatCompletion',
      attributes: {
        'openinference.span.kind': 'LLM',
        'llm.system': 'openai',
        'llm.provider': 'openai',
        'llm.model_name': 'gpt-4o-mini-2024-07-18',
        'llm.invocation_parameters': '{"model": "gpt-4o-mini", "temperature": 0}',
        'input.value': JSON.stringify(request),
        'input.mime_type': 'application/json',
        'output.value': '{"id":"chatcmpl-AqS1","object":"chat.completion","choices":[]}',
        'output.mime_type': 'application/json',
        'llm.input_messages.0.message.role': 'system',
        'llm.input_messages.0.message.content': 'You route support tickets.',
        'llm.input_messages.1.message.role': 'user',
        'llm.input_messages.1.message.contents.0.message_content.type': 'text',
        'llm.input_messages.1.message.contents.0.message_content.text': 'Is this invoice overdue?',
        'llm.input_messages.1.message.contents.1.message_content.type': 'image',
        'llm.input_messages.1.message.contents.1.message_content.image.image.url':
          'https://files.example.com/inv-204.png',
        'llm.output_messages.0.message.role': 'assistant',
        'llm.output_messages.0.message.tool_calls.0.tool_call.id': 'call_62136354',
        'llm.output_messages.0.message.tool_calls.0.tool_call.function.name': 'lookup_invoice',
        'llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments':
          '{"invoice_id": "INV-204"}',
        'llm.tools.0.tool.json_schema': '{"type": "function", "function": {"name": "lookup_invoice"}}',
        'llm.token_count.prompt': 1245,
        'llm.token_count.completion': 18,
        'llm.token_count.total': 1263,
        'llm.token_count.prompt_details.cache_read': 1024,
        'llm.token_count.completion_details.reasoning': 0,
        'llm.prompt_template.template': 'You route {{kind}} tickets.',
        'llm.prompt_template.variables': '{"kind": "support"}',
        'llm.prompt_template.version': 'v3',
        'session.id': 'ticket-8841',
        'user.id': 'agent-17',
        metadata: '{"tenant": "acme"}',
      },
    });

    expect(mapLlmFields(span, resource)).toEqual<LlmFields>({
      spanType: 'llm',
      provider: 'openai',
      requestModel: 'gpt-4o-mini-2024-07-18',
      responseModel: 'gpt-4o-mini-2024-07-18',
      input: [
        { role: 'system', content: 'You route support tickets.' },
        {
          role: 'user',
          content: 'Is this invoice overdue?',
          parts: [{ type: 'image', 'image.image.url': 'https://files.example.com/inv-204.png' }],
        },
      ],
      output: [
        {
          role: 'assistant',
          content: '',
          toolCalls: [
            { id: 'call_62136354', name: 'lookup_invoice', arguments: '{"invoice_id": "INV-204"}' },
          ],
        },
      ],
      inputTokens: 1245,
      outputTokens: 18,
      totalTokens: 1263,
      cacheReadTokens: 1024,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      reportedCost: undefined,
      timeToFirstTokenNs: 0,
      sessionId: 'ticket-8841',
      userId: 'agent-17',
      promptKey: '',
      promptVersion: 'v3',
    });
  });

  it('maps a LangChain CHAIN span from input.value/output.value', () => {
    const span = makeSpan({
      name: 'RunnableSequence',
      attributes: {
        'openinference.span.kind': 'CHAIN',
        'input.value': '{"question": "Where is my parcel?"}',
        'input.mime_type': 'application/json',
        'output.value': 'It left the depot this morning.',
        'output.mime_type': 'text/plain',
        'session.id': 'ticket-8841',
        'llm.cost.total': 0.00042,
      },
    });

    expect(mapLlmFields(span, resource)).toEqual<LlmFields>({
      spanType: 'chain',
      provider: '',
      requestModel: '',
      responseModel: '',
      input: [{ role: 'input', content: '{"question": "Where is my parcel?"}' }],
      output: [{ role: 'output', content: 'It left the depot this morning.' }],
      inputTokens: 0,
      outputTokens: 0,
      totalTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      reportedCost: 0.00042,
      timeToFirstTokenNs: 0,
      sessionId: 'ticket-8841',
      userId: '',
      promptKey: '',
      promptVersion: '',
    });
  });
});
