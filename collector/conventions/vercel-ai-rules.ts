import type { Convention } from './rule-format';
import type { SpanType } from '../../schemas/llm-fields';

// Outer calls aggregate their steps, so only the provider round trip counts as the LLM call.
const operations: Record<string, SpanType> = {
  'ai.generateText': 'chain',
  'ai.streamText': 'chain',
  'ai.generateObject': 'chain',
  'ai.streamObject': 'chain',
  'ai.generateText.doGenerate': 'llm',
  'ai.streamText.doStream': 'llm',
  'ai.generateObject.doGenerate': 'llm',
  'ai.streamObject.doStream': 'llm',
  'ai.toolCall': 'tool',
  'ai.embed': 'chain',
  'ai.embedMany': 'chain',
  'ai.embed.doEmbed': 'embedding',
  'ai.embedMany.doEmbed': 'embedding',
};

// AI SDK 4/5 report Anthropic input tokens without the cache buckets; AI SDK 6 adds inputTokenDetails and includes them.
const anthropicInput = { providers: ['anthropic'], unlessKey: 'ai.usage.inputTokenDetails.noCacheTokens' };

/** Vercel AI SDK telemetry (`ai.*`). */
export const vercelAiRules: Convention = {
  name: 'vercel-ai',
  detect: { prefixes: ['ai.'] },
  fields: {
    provider: [{ key: 'ai.model.provider', transform: 'firstSegment' }],
    requestModel: ['ai.model.id'],
    responseModel: ['ai.response.model'],
    inputTokens: [
      { key: 'ai.usage.inputTokens', inputExcludesCache: anthropicInput },
      { key: 'ai.usage.promptTokens', inputExcludesCache: anthropicInput },
      'ai.usage.tokens',
    ],
    outputTokens: ['ai.usage.outputTokens', 'ai.usage.completionTokens'],
    totalTokens: ['ai.usage.totalTokens'],
    cacheReadTokens: ['ai.usage.inputTokenDetails.cacheReadTokens', 'ai.usage.cachedInputTokens'],
    cacheWriteTokens: ['ai.usage.inputTokenDetails.cacheWriteTokens'],
    reasoningTokens: ['ai.usage.outputTokenDetails.reasoningTokens', 'ai.usage.reasoningTokens'],
    // Set on the doStream spans (and their ai.stream.firstChunk event) of streamText and streamObject.
    timeToFirstTokenNs: [{ key: 'ai.response.msToFirstChunk', unit: 'ms' }],
    sessionId: ['ai.telemetry.metadata.sessionId', 'ai.telemetry.metadata.session_id'],
    userId: ['ai.telemetry.metadata.userId', 'ai.telemetry.metadata.user_id'],
  },
  spanType: [
    { from: 'attribute', key: 'ai.operationId', values: operations },
    { from: 'spanName', values: operations },
  ],
  input: [
    { strategy: 'json', key: 'ai.prompt.messages' },
    { strategy: 'json', key: 'ai.prompt', fallbackRole: 'user' },
    {
      strategy: 'value',
      key: 'ai.toolCall.args',
      role: 'input',
      nameKey: 'ai.toolCall.name',
      toolCallIdKey: 'ai.toolCall.id',
    },
    {
      strategy: 'value',
      key: 'ai.toolCall.input',
      role: 'input',
      nameKey: 'ai.toolCall.name',
      toolCallIdKey: 'ai.toolCall.id',
    },
    { strategy: 'json', key: 'ai.value', fallbackRole: 'input' },
    { strategy: 'json', key: 'ai.values', fallbackRole: 'input' },
  ],
  output: [
    {
      strategy: 'textAndToolCalls',
      textKey: 'ai.response.text',
      toolCallsKey: 'ai.response.toolCalls',
      role: 'assistant',
    },
    { strategy: 'value', key: 'ai.response.object', role: 'assistant' },
    { strategy: 'value', key: 'ai.toolCall.result', role: 'tool', toolCallIdKey: 'ai.toolCall.id' },
    { strategy: 'value', key: 'ai.toolCall.output', role: 'tool', toolCallIdKey: 'ai.toolCall.id' },
  ],
};
