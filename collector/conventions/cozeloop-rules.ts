import type { Convention } from './rule-format';
import type { SpanType } from '../../schemas/llm-fields';

const spanTypes: Record<string, SpanType> = {
  model: 'llm',
  tool: 'tool',
  retriever: 'retriever',
  agent: 'agent',
  prompt: 'chain',
  prompt_hub: 'chain',
  prompt_execute: 'chain',
};

/** Cozeloop tracespec: bare tag keys from the SDK ingest endpoint, `cozeloop.*` keys over OTLP. */
export const cozeloopRules: Convention = {
  name: 'cozeloop',
  detect: {
    keys: [
      'span_type',
      'model_name',
      'model_provider',
      'input_tokens',
      'output_tokens',
      'tokens',
      'thread_id',
      'latency_first_resp',
      'start_time_first_resp',
    ],
    prefixes: ['cozeloop.'],
  },
  fields: {
    provider: ['cozeloop.model_provider', 'model_provider'],
    requestModel: ['cozeloop.model_name', 'model_name'],
    responseModel: ['cozeloop.model_name', 'model_name'],
    inputTokens: ['cozeloop.input_tokens', 'input_tokens'],
    outputTokens: ['cozeloop.output_tokens', 'output_tokens'],
    totalTokens: ['cozeloop.tokens', 'tokens'],
    cacheReadTokens: ['cozeloop.input_cached_tokens', 'input_cached_tokens'],
    reasoningTokens: ['cozeloop.reasoning_tokens', 'reasoning_tokens'],
    // Over OTLP the Cozeloop server reads cozeloop.time_to_first_token as start_time_first_resp: an epoch time
    // in µs, not a duration. The SDKs' tags carry latency_first_resp (µs after the span start) beside it.
    timeToFirstTokenNs: [
      { key: 'cozeloop.time_to_first_token', unit: 'us', since: 'spanStart' },
      { key: 'latency_first_resp', unit: 'us' },
      { key: 'start_time_first_resp', unit: 'us', since: 'spanStart' },
    ],
    sessionId: ['cozeloop.thread_id', 'thread_id'],
    userId: ['cozeloop.user_id', 'user_id'],
    promptKey: ['cozeloop.prompt_key', 'prompt_key'],
    promptVersion: ['cozeloop.prompt_version', 'prompt_version'],
  },
  spanType: [
    { from: 'attribute', key: 'cozeloop.span_type', values: spanTypes },
    { from: 'attribute', key: 'span_type', values: spanTypes },
  ],
  input: [
    { strategy: 'json', key: 'cozeloop.input', fallbackRole: 'input' },
    { strategy: 'json', key: 'input', fallbackRole: 'input' },
  ],
  output: [
    { strategy: 'json', key: 'cozeloop.output', fallbackRole: 'output' },
    { strategy: 'json', key: 'output', fallbackRole: 'output' },
  ],
};
