import type { Convention } from './rule-format';

const messageLayout = {
  role: 'message.role',
  content: 'message.content',
  name: 'message.name',
  toolCallId: 'message.tool_call_id',
  toolCalls: {
    prefix: 'message.tool_calls',
    id: 'tool_call.id',
    name: 'tool_call.function.name',
    arguments: 'tool_call.function.arguments',
  },
  contents: { prefix: 'message.contents', strip: 'message_content.' },
};

/** OpenInference (Arize Phoenix instrumentations). */
export const openInferenceRules: Convention = {
  name: 'openinference',
  detect: {
    keys: [
      'openinference.span.kind',
      'input.value',
      'output.value',
      'llm.model_name',
      'llm.provider',
      'llm.system',
    ],
    prefixes: [
      'llm.input_messages.',
      'llm.output_messages.',
      'llm.token_count.',
      'llm.prompt_template.',
      'llm.cost.',
    ],
  },
  fields: {
    provider: ['llm.provider', 'llm.system'],
    requestModel: ['llm.model_name'],
    responseModel: ['llm.model_name'],
    inputTokens: ['llm.token_count.prompt'],
    outputTokens: ['llm.token_count.completion'],
    totalTokens: ['llm.token_count.total'],
    cacheReadTokens: ['llm.token_count.prompt_details.cache_read'],
    cacheWriteTokens: ['llm.token_count.prompt_details.cache_write'],
    reasoningTokens: ['llm.token_count.completion_details.reasoning'],
    reportedCost: ['llm.cost.total'],
    sessionId: ['session.id'],
    userId: ['user.id'],
    promptVersion: ['llm.prompt_template.version'],
  },
  spanType: [
    {
      from: 'attribute',
      key: 'openinference.span.kind',
      values: {
        LLM: 'llm',
        CHAIN: 'chain',
        TOOL: 'tool',
        RETRIEVER: 'retriever',
        RERANKER: 'retriever',
        EMBEDDING: 'embedding',
        AGENT: 'agent',
        GUARDRAIL: 'chain',
        EVALUATOR: 'evaluator',
        PROMPT: 'chain',
      },
    },
    { from: 'presence', keys: ['llm.model_name', 'llm.input_messages.0.message.role'], type: 'llm' },
  ],
  input: [
    { strategy: 'indexed', prefix: 'llm.input_messages', defaultRole: 'user', layout: messageLayout },
    { strategy: 'json', key: 'input.value', fallbackRole: 'input', mimeKey: 'input.mime_type' },
  ],
  output: [
    { strategy: 'indexed', prefix: 'llm.output_messages', defaultRole: 'assistant', layout: messageLayout },
    { strategy: 'json', key: 'output.value', fallbackRole: 'output', mimeKey: 'output.mime_type' },
  ],
};
