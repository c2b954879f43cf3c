import { describe, expect, it } from 'vitest';
import type { LlmFields } from '../../schemas/llm-fields';
import { mapLlmFields } from './map-llm-fields';
import { attrs, makeSpan } from './span-factory';

const resource = attrs({ 'service.name': 'movie-bot' });

describe('Langfuse OTel attributes (golden)', () => {
  it('maps a Langfuse SDK generation that used a managed prompt version', () => {
    const span = makeSpan({
      name: 'movie-review',
      attributes: {
        'langfuse.observation.type': 'generation',
        'langfuse.observation.model.name': 'gpt-4o',
        'langfuse.observation.model.parameters': '{"temperature": 0.2}',
        'langfuse.observation.input': JSON.stringify([
          { role: 'system', content: 'You are a film critic.' },
          { role: 'user', content: 'Review Dune.' },
        ]),
        'langfuse.observation.output': JSON.stringify({ role: 'assistant', content: 'A sandy epic.' }),
        'langfuse.observation.usage_details': '{"input": 25, "output": 9}',
        'langfuse.observation.prompt.name': 'movie-critic',
        'langfuse.observation.prompt.version': 3,
        'langfuse.environment': 'production',
        'session.id': 'sess-12',
        'user.id': 'user-7',
      },
    });

    expect(mapLlmFields(span, resource)).toEqual<LlmFields>({
      spanType: 'llm',
      provider: '',
      requestModel: 'gpt-4o',
      responseModel: '',
      input: [
        { role: 'system', content: 'You are a film critic.' },
        { role: 'user', content: 'Review Dune.' },
      ],
      output: [{ role: 'assistant', content: 'A sandy epic.' }],
      inputTokens: 0,
      outputTokens: 0,
      totalTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      reportedCost: undefined,
      timeToFirstTokenNs: 0,
      sessionId: 'sess-12',
      userId: 'user-7',
      promptKey: 'movie-critic',
      promptVersion: '3',
    });
  });

  it('lets gen_ai usage on the same span fill the tokens, and reads the older langfuse.* identity keys', () => {
    const span = makeSpan({
      name: 'chat',
      attributes: {
        'langfuse.observation.type': 'generation',
        'langfuse.observation.prompt.name': 'support-triage',
        'langfuse.observation.prompt.version': 12,
        'langfuse.session.id': 'sess-old',
        'langfuse.user.id': 'user-old',
        'gen_ai.system': 'openai',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.usage.input_tokens': 40,
        'gen_ai.usage.output_tokens': 8,
      },
    });

    expect(mapLlmFields(span, resource)).toMatchObject({
      spanType: 'llm',
      provider: 'openai',
      requestModel: 'gpt-4o-mini',
      inputTokens: 40,
      outputTokens: 8,
      sessionId: 'sess-old',
      userId: 'user-old',
      promptKey: 'support-triage',
      promptVersion: '12',
    });
  });
});
