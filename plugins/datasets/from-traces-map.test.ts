import { describe, expect, it } from 'vitest';
import { TraceSearchQuery } from '../../schemas/span-query';
import type { StoredSpan } from '../sdk/index';
import { itemOfSpan, resolveMappings } from './from-traces-map';
import { spanMatches } from './from-traces-select';
import type { FieldSchema } from './types';

const makeSpan = (over: Partial<StoredSpan> = {}, llm: Partial<StoredSpan['llm']> = {}): StoredSpan => ({
  traceId: 'a'.repeat(32),
  spanId: 'b'.repeat(16),
  parentSpanId: 'c'.repeat(16),
  traceState: '',
  name: 'chat gpt-4o',
  kind: 'Client',
  serviceName: 'support-bot',
  startTimeUnixNano: '1765152000000000000',
  endTimeUnixNano: '1765152001500000000',
  durationNs: '1500000000',
  statusCode: 'Ok',
  statusMessage: '',
  attributes: { 'user.tier': 'gold', 'app.score': 7 },
  resourceAttributes: { 'deployment.environment': 'prod' },
  scopeName: '',
  scopeVersion: '',
  events: [],
  links: [],
  llm: {
    spanType: 'llm',
    provider: 'openai',
    requestModel: 'gpt-4o',
    responseModel: 'gpt-4o-2024-08-06',
    input: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Where is my order?' },
    ],
    output: [{ role: 'assistant', content: 'It ships today.' }],
    inputTokens: 12,
    outputTokens: 5,
    totalTokens: 17,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    timeToFirstTokenNs: 0,
    inputCost: 0,
    outputCost: 0,
    totalCost: 0.0004,
    sessionId: 's-1',
    userId: 'u-1',
    promptKey: '',
    promptVersion: '',
    ...llm,
  },
  ...over,
});

const field = (over: Partial<FieldSchema> & { key: string; name: string }): FieldSchema => ({
  description: '',
  contentType: 'text',
  valueType: 'string',
  displayFormat: 'plain_text',
  required: false,
  ...over,
});

const fields = [
  field({ key: 'k_q', name: 'question', required: true }),
  field({ key: 'k_a', name: 'answer' }),
  field({ key: 'k_m', name: 'conversation', valueType: 'chat_messages' }),
  field({ key: 'k_t', name: 'tier' }),
  field({ key: 'k_n', name: 'tokens', valueType: 'integer' }),
  field({ key: 'k_i', name: 'picture', contentType: 'image' }),
];

describe('span → item mapping', () => {
  it('maps input, output, messages, attributes and span facts with JSONPath into fields by key', () => {
    const mappings = resolveMappings(
      [
        { field: 'question', source: 'input', jsonPath: '$[-1].content' },
        { field: 'answer', source: 'output' },
        { field: 'conversation', source: 'messages' },
        { field: 'tier', source: 'attributes', jsonPath: "$['user.tier']" },
        { field: 'tokens', source: 'span', jsonPath: '$.totalTokens' },
      ],
      fields,
    );
    const item = itemOfSpan(makeSpan(), mappings);
    expect(item).toEqual({
      itemKey: `span:${'a'.repeat(32)}:${'b'.repeat(16)}`,
      source: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) },
      turns: [
        {
          fields: {
            k_q: { content_type: 'text', text: 'Where is my order?' },
            k_a: { content_type: 'text', text: 'It ships today.' },
            k_m: {
              content_type: 'text',
              text: JSON.stringify([
                { role: 'system', content: 'Be brief.' },
                { role: 'user', content: 'Where is my order?' },
                { role: 'assistant', content: 'It ships today.' },
              ]),
            },
            k_t: { content_type: 'text', text: 'gold' },
            k_n: { content_type: 'text', text: '17' },
          },
        },
      ],
    });
  });

  it('reads JSON inside a single input message when a path asks, and keeps the text whole without one', () => {
    const span = makeSpan({}, { input: [{ role: 'input', content: '{"query":"refund?","lang":"en"}' }] });
    const [byPath, whole] = [
      resolveMappings([{ field: 'question', source: 'input', jsonPath: '$.query' }], fields),
      resolveMappings([{ field: 'question', source: 'input' }], fields),
    ];
    expect(itemOfSpan(span, byPath)).toMatchObject({
      turns: [{ fields: { k_q: { content_type: 'text', text: 'refund?' } } }],
    });
    expect(itemOfSpan(span, whole)).toMatchObject({
      turns: [{ fields: { k_q: { text: '{"query":"refund?","lang":"en"}' } } }],
    });
  });

  it('skips a span missing a required value or giving a media column something that is not a URL', () => {
    const required = resolveMappings(
      [{ field: 'question', source: 'attributes', jsonPath: '$.nope' }],
      fields,
    );
    expect(itemOfSpan(makeSpan(), required)).toBe('no value for the required field "question"');
    const optional = resolveMappings([{ field: 'answer', source: 'attributes', jsonPath: '$.nope' }], fields);
    expect(itemOfSpan(makeSpan(), optional)).toMatchObject({ turns: [{ fields: {} }] });
    const media = resolveMappings(
      [{ field: 'picture', source: 'attributes', jsonPath: "$['user.tier']" }],
      fields,
    );
    expect(itemOfSpan(makeSpan(), media)).toMatch(/not an http\(s\) URL/);
    const url = makeSpan({ attributes: { img: 'https://example.com/a.png' } });
    const image = resolveMappings([{ field: 'picture', source: 'attributes', jsonPath: '$.img' }], fields);
    expect(itemOfSpan(url, image)).toMatchObject({
      turns: [{ fields: { k_i: { content_type: 'image', image: { url: 'https://example.com/a.png' } } } }],
    });
  });

  it('refuses a mapping to an unknown field, a field mapped twice, a path not starting with $ or a script filter', () => {
    expect(() => resolveMappings([{ field: 'nope', source: 'input' }], fields)).toThrow(/no field "nope"/);
    expect(() =>
      resolveMappings(
        [
          { field: 'answer', source: 'input' },
          { field: 'answer', source: 'output' },
        ],
        fields,
      ),
    ).toThrow(/mapped twice/);
    expect(() => resolveMappings([{ field: 'answer', source: 'input', jsonPath: 'a.b' }], fields)).toThrow(
      /starts with \$/,
    );
    expect(() =>
      resolveMappings(
        [{ field: 'answer', source: 'messages', jsonPath: "$[?(@.role=='user')].content" }],
        fields,
      ),
    ).toThrow(/not a JSONPath this server reads \(Eval \[\?\(expr\)\] prevented/);
  });
});

describe('span-level search conditions', () => {
  const query = (filter: Record<string, unknown>) =>
    TraceSearchQuery.parse({ from: 1765151000000, to: 1765153000000, ...filter });

  it('keeps the spans of a matching trace that meet every condition', () => {
    const span = makeSpan();
    expect(spanMatches(span, query({}))).toBe(true);
    expect(spanMatches(span, query({ spanType: 'llm', model: 'gpt-4o', service: 'support-bot' }))).toBe(true);
    expect(spanMatches(span, query({ spanType: 'tool' }))).toBe(false);
    expect(spanMatches(span, query({ filters: ['span.user.tier=gold', 'app.score>=7'] }))).toBe(true);
    expect(spanMatches(span, query({ filters: ['app.score>7'] }))).toBe(false);
    expect(spanMatches(span, query({ filters: ['resource.deployment.environment=prod'] }))).toBe(true);
    expect(spanMatches(span, query({ filters: ['span.deployment.environment exists'] }))).toBe(false);
    expect(spanMatches(span, query({ minDurationMs: 1000, maxDurationMs: 2000 }))).toBe(true);
    expect(spanMatches(span, query({ minDurationMs: 1600 }))).toBe(false);
    expect(spanMatches(span, query({ text: 'SHIPS' }))).toBe(true);
    expect(spanMatches(span, query({ rootOnly: true }))).toBe(false);
    expect(spanMatches(span, query({ status: 'error' }))).toBe(false);
  });

  it('leaves out spans that started outside the window', () => {
    expect(spanMatches(makeSpan(), query({ from: 1765152000001 }))).toBe(false);
  });
});
