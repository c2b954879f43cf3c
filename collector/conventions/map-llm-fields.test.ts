import { describe, expect, it } from 'vitest';
import type { ConventionRules } from './rule-format';
import { createLlmFieldMapper, emptyLlmFields, mapLlmFields } from './map-llm-fields';
import { conventionRules } from './rules';
import { attrs, makeSpan } from './span-factory';

const noResource = attrs();

describe('mapLlmFields', () => {
  it('gives empty fields for a span with no LLM-ish keys', () => {
    const span = makeSpan({
      name: 'GET /orders',
      attributes: { 'http.request.method': 'GET', 'url.path': '/orders', 'http.response.status_code': 200 },
    });
    expect(mapLlmFields(span, noResource)).toEqual(emptyLlmFields());
  });

  it('takes session and user from the resource when the span has none', () => {
    const span = makeSpan({ attributes: { 'http.request.method': 'GET' } });
    const fields = mapLlmFields(span, attrs({ 'session.id': 'rum-1', 'enduser.id': 'alice' }));
    expect(fields).toEqual({ ...emptyLlmFields(), sessionId: 'rum-1', userId: 'alice' });
  });

  it('prefers span identity keys over resource ones', () => {
    const span = makeSpan({ attributes: { 'user.id': 'bob' } });
    expect(mapLlmFields(span, attrs({ 'user.id': 'alice' })).userId).toBe('bob');
  });

  it('lets the more specific convention win field by field and fills the rest from others', () => {
    const span = makeSpan({
      attributes: {
        'ai.operationId': 'ai.generateText.doGenerate',
        'ai.model.provider': 'google.generative-ai',
        'ai.model.id': 'gemini-2.0-flash',
        'gen_ai.system': 'google.generative-ai',
        'gen_ai.response.model': 'gemini-2.0-flash-001',
        'gen_ai.usage.input_tokens': 10,
        'gen_ai.usage.output_tokens': 5,
      },
    });
    const fields = mapLlmFields(span, noResource);
    expect(fields.provider).toBe('google');
    expect(fields.responseModel).toBe('gemini-2.0-flash-001');
    expect(fields.inputTokens).toBe(10);
    expect(fields.totalTokens).toBe(15);
  });

  it('ranks spanloop.prompt.* above every convention', () => {
    const span = makeSpan({
      attributes: { 'traceloop.prompt.key': 'a', 'spanloop.prompt.key': 'b', 'spanloop.prompt.version': '7' },
    });
    const fields = mapLlmFields(span, noResource);
    expect([fields.promptKey, fields.promptVersion]).toEqual(['b', '7']);
  });

  it('skips NaN and negative counts and falls through to the next source', () => {
    const span = makeSpan({
      attributes: {
        'ai.operationId': 'ai.streamText.doStream',
        'ai.usage.promptTokens': 'NaN',
        'ai.usage.completionTokens': -1,
        'gen_ai.usage.input_tokens': 40,
        'gen_ai.usage.output_tokens': 2,
      },
    });
    const fields = mapLlmFields(span, noResource);
    expect([fields.inputTokens, fields.outputTokens]).toEqual([40, 2]);
  });

  it('reads the reported cost when a span carries one', () => {
    const span = makeSpan({ attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.usage.cost': 0.0123 } });
    expect(mapLlmFields(span, noResource).reportedCost).toBe(0.0123);
  });

  it('falls back from an unknown operation name to model presence', () => {
    const span = makeSpan({
      attributes: { 'gen_ai.operation.name': 'speech', 'gen_ai.request.model': 'tts-1' },
    });
    expect(mapLlmFields(span, noResource).spanType).toBe('llm');
  });

  it('derives the Vercel span type from the span name when ai.operationId is missing', () => {
    const span = makeSpan({
      name: 'ai.embed.doEmbed',
      attributes: { 'ai.model.id': 'text-embedding-3-small' },
    });
    expect(mapLlmFields(span, noResource).spanType).toBe('embedding');
  });

  it('keeps malformed JSON as raw text and never throws', () => {
    const span = makeSpan({
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.system_instructions': '[{"type":"text","con',
        'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"te',
        'gen_ai.output.messages': '{not json',
      },
      events: [{ name: 'gen_ai.choice', attributes: { message: '{"role":' } }],
    });
    const fields = mapLlmFields(span, noResource);
    expect(fields.input).toEqual([
      { role: 'system', content: '[{"type":"text","con' },
      { role: 'user', content: '[{"role":"user","parts":[{"type":"te' },
    ]);
    expect(fields.output).toEqual([{ role: 'assistant', content: '{not json' }]);
  });

  it('survives garbage in every message-bearing attribute', () => {
    const garbage = [
      '',
      '[',
      '{}',
      '[1,2]',
      'null',
      '"x"',
      '[{"role":5}]',
      '{"choices":[null]}',
      '[{"type":"text"}]',
    ];
    for (const g of garbage) {
      const span = makeSpan({
        attributes: {
          'gen_ai.input.messages': g,
          'gen_ai.output.messages': g,
          'gen_ai.prompt.0.content': g,
          'ai.prompt.messages': g,
          'ai.response.toolCalls': g,
          'llm.input_messages.0.message.content': g,
          'input.value': g,
          'cozeloop.output': g,
        },
        events: [{ name: 'gen_ai.user.message', attributes: { content: g, tool_calls: g } }],
      });
      expect(() => mapLlmFields(span, noResource)).not.toThrow();
    }
  });

  it('never modifies the raw attributes', () => {
    const span = makeSpan({
      attributes: {
        'ai.operationId': 'ai.generateText',
        'ai.model.provider': 'openai.responses',
        'ai.prompt': '{"system":"Be brief.","prompt":"Hi"}',
        'ai.response.text': 'Hello!',
      },
    });
    const before = structuredClone(span);
    const fields = mapLlmFields(span, noResource);
    expect(span).toEqual(before);
    expect(fields.input).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ]);
    expect(fields.spanType).toBe('chain');
  });

  it('applies rules given as data, including new conventions', () => {
    const rules: ConventionRules = {
      version: 99,
      conventions: [
        {
          name: 'acme',
          detect: { prefixes: ['acme.llm.'] },
          fields: { requestModel: ['acme.llm.model'], inputTokens: ['acme.llm.tokens_in'] },
          spanType: [{ from: 'presence', keys: ['acme.llm.model'], type: 'llm' }],
          input: [{ strategy: 'value', key: 'acme.llm.prompt', role: 'user' }],
          output: [],
        },
        ...conventionRules.conventions,
      ],
    };
    const map = createLlmFieldMapper(rules);
    const span = makeSpan({
      attributes: {
        'acme.llm.model': 'm-1',
        'acme.llm.tokens_in': 3,
        'acme.llm.prompt': 'hi',
        'session.id': 's',
      },
    });
    expect(map(span, noResource)).toEqual({
      ...emptyLlmFields(),
      spanType: 'llm',
      requestModel: 'm-1',
      inputTokens: 3,
      totalTokens: 3,
      input: [{ role: 'user', content: 'hi' }],
      sessionId: 's',
    });
  });
});
