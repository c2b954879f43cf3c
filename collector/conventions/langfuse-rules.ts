import type { Convention } from './rule-format';

/**
 * Langfuse's OTel attributes (`langfuse.observation.*`, from its v3 SDKs and OTel integrations): the observation
 * type, model, input/output and the managed prompt a generation used, which links the span to that version.
 */
export const langfuseRules: Convention = {
  name: 'langfuse',
  detect: { prefixes: ['langfuse.'] },
  fields: {
    requestModel: ['langfuse.observation.model.name'],
    sessionId: ['langfuse.session.id'],
    userId: ['langfuse.user.id'],
    promptKey: ['langfuse.observation.prompt.name'],
    promptVersion: ['langfuse.observation.prompt.version'],
  },
  spanType: [
    {
      from: 'attribute',
      key: 'langfuse.observation.type',
      values: {
        generation: 'llm',
        embedding: 'embedding',
        agent: 'agent',
        tool: 'tool',
        chain: 'chain',
        retriever: 'retriever',
        evaluator: 'evaluator',
      },
    },
  ],
  input: [{ strategy: 'json', key: 'langfuse.observation.input', fallbackRole: 'input' }],
  output: [{ strategy: 'json', key: 'langfuse.observation.output', fallbackRole: 'output' }],
};
