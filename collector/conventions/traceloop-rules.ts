import type { Convention } from './rule-format';

/** OpenLLMetry / Traceloop; its LLM spans also carry indexed gen_ai.* messages, which gen_ai rules read. */
export const traceloopRules: Convention = {
  name: 'traceloop',
  detect: { keys: ['llm.request.type', 'llm.usage.total_tokens'], prefixes: ['traceloop.'] },
  fields: {
    totalTokens: ['llm.usage.total_tokens'],
    sessionId: ['traceloop.association.properties.session_id', 'traceloop.association.properties.sessionId'],
    userId: ['traceloop.association.properties.user_id', 'traceloop.association.properties.userId'],
    promptKey: ['traceloop.prompt.key'],
    promptVersion: ['traceloop.prompt.version'],
  },
  spanType: [
    {
      from: 'attribute',
      key: 'traceloop.span.kind',
      values: { workflow: 'chain', task: 'chain', agent: 'agent', tool: 'tool' },
    },
    {
      from: 'attribute',
      key: 'llm.request.type',
      values: { chat: 'llm', completion: 'llm', embedding: 'embedding', rerank: 'retriever' },
    },
  ],
  input: [{ strategy: 'json', key: 'traceloop.entity.input', fallbackRole: 'input' }],
  output: [{ strategy: 'json', key: 'traceloop.entity.output', fallbackRole: 'output' }],
};
