import type { Convention } from './rule-format';

/** OTel GenAI semantic conventions: current attributes first, then the older names still emitted in the wild. */
export const genAiRules: Convention = {
  name: 'gen_ai',
  detect: { prefixes: ['gen_ai.'], eventPrefixes: ['gen_ai.'] },
  fields: {
    provider: ['gen_ai.provider.name', 'gen_ai.system'],
    requestModel: ['gen_ai.request.model'],
    responseModel: ['gen_ai.response.model'],
    inputTokens: ['gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens'],
    outputTokens: ['gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens'],
    totalTokens: ['gen_ai.usage.total_tokens'],
    cacheReadTokens: [
      'gen_ai.usage.cache_read.input_tokens',
      'gen_ai.usage.cache_read_input_tokens',
      'gen_ai.usage.input_tokens_details.cached_tokens',
      'gen_ai.usage.prompt_tokens_details.cached_tokens',
      'gen_ai.usage.cached_tokens',
    ],
    cacheWriteTokens: [
      'gen_ai.usage.cache_creation.input_tokens',
      'gen_ai.usage.cache_creation_input_tokens',
      'gen_ai.usage.cache_write_input_tokens',
    ],
    reasoningTokens: [
      'gen_ai.usage.reasoning.output_tokens',
      'gen_ai.usage.reasoning_tokens',
      'gen_ai.usage.output_tokens_details.reasoning',
      'gen_ai.usage.output_tokens_details.reasoning_tokens',
      'gen_ai.usage.completion_tokens_details.reasoning_tokens',
    ],
    reportedCost: ['gen_ai.usage.cost', 'gen_ai.usage.total_cost'],
    // Seconds: the semconv span attribute, then OpenLIT's span attribute named after the server metric, then Sentry's.
    timeToFirstTokenNs: [
      { key: 'gen_ai.response.time_to_first_chunk', unit: 's' },
      { key: 'gen_ai.server.time_to_first_token', unit: 's' },
      { key: 'gen_ai.response.time_to_first_token', unit: 's' },
    ],
    sessionId: ['gen_ai.conversation.id'],
  },
  spanType: [
    {
      from: 'attribute',
      key: 'gen_ai.operation.name',
      values: {
        chat: 'llm',
        text_completion: 'llm',
        generate_content: 'llm',
        embeddings: 'embedding',
        execute_tool: 'tool',
        invoke_agent: 'agent',
        create_agent: 'agent',
        retrieval: 'retriever',
        invoke_workflow: 'chain',
      },
    },
    { from: 'presence', keys: ['gen_ai.tool.name', 'gen_ai.tool.call.id'], type: 'tool' },
    {
      from: 'presence',
      keys: [
        'gen_ai.request.model',
        'gen_ai.response.model',
        'gen_ai.input.messages',
        'gen_ai.prompt.0.role',
      ],
      type: 'llm',
    },
  ],
  input: [
    {
      all: [
        { strategy: 'instructions', key: 'gen_ai.system_instructions' },
        { strategy: 'json', key: 'gen_ai.input.messages', fallbackRole: 'user' },
      ],
    },
    {
      strategy: 'indexed',
      prefix: 'gen_ai.prompt',
      defaultRole: 'user',
      layout: {
        role: 'role',
        content: 'content',
        name: 'name',
        toolCallId: 'tool_call_id',
        toolCalls: { prefix: 'tool_calls', id: 'id', name: 'name', arguments: 'arguments' },
      },
    },
    {
      strategy: 'events',
      events: {
        'gen_ai.system.message': 'system',
        'gen_ai.user.message': 'user',
        'gen_ai.assistant.message': 'assistant',
        'gen_ai.tool.message': 'tool',
      },
    },
    {
      strategy: 'eventJson',
      event: 'gen_ai.client.inference.operation.details',
      key: 'gen_ai.input.messages',
    },
    { strategy: 'eventJson', event: 'gen_ai.content.prompt', key: 'gen_ai.prompt' },
    {
      strategy: 'value',
      key: 'gen_ai.tool.call.arguments',
      role: 'input',
      nameKey: 'gen_ai.tool.name',
      toolCallIdKey: 'gen_ai.tool.call.id',
    },
  ],
  output: [
    { strategy: 'json', key: 'gen_ai.output.messages', fallbackRole: 'assistant' },
    {
      strategy: 'indexed',
      prefix: 'gen_ai.completion',
      defaultRole: 'assistant',
      layout: {
        role: 'role',
        content: 'content',
        toolCalls: { prefix: 'tool_calls', id: 'id', name: 'name', arguments: 'arguments' },
      },
    },
    { strategy: 'events', events: { 'gen_ai.choice': 'assistant' } },
    {
      strategy: 'eventJson',
      event: 'gen_ai.client.inference.operation.details',
      key: 'gen_ai.output.messages',
    },
    { strategy: 'eventJson', event: 'gen_ai.content.completion', key: 'gen_ai.completion' },
    { strategy: 'value', key: 'gen_ai.tool.call.result', role: 'tool', toolCallIdKey: 'gen_ai.tool.call.id' },
  ],
};
