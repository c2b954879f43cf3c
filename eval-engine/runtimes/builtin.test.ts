import { describe, expect, it } from 'vitest';
import { makeSpan } from '../builtin/span-test-kit';
import { BUILTIN_EVALUATORS } from '../builtin/catalog';
import { bleu, levenshtein, rougeL, tokens } from '../builtin/text-similarity';
import { makeInput } from '../engine-test-kit';
import type { EvaluatorInput, EvaluatorOutput, RuntimeContext } from '../types';
import { createBuiltinRuntime } from './builtin';

const runtime = createBuiltinRuntime();
// Built-ins use nothing of the context.
const ctx = {} as RuntimeContext;
const run = (
  name: string,
  params: Record<string, unknown>,
  input: EvaluatorInput,
): Promise<EvaluatorOutput> => runtime.run({ type: 'builtin', name, params }, input, ctx);

const io = (output: string, reference?: string) =>
  makeInput(reference === undefined ? { output } : { output, reference_output: reference });

type Row = [
  name: string,
  params: Record<string, unknown>,
  input: EvaluatorInput,
  expected: Partial<EvaluatorOutput>,
];
const pass = { status: 'success', score: 1, label: 'pass' } as const;
const fail = { status: 'success', score: 0, label: 'fail' } as const;

const span = makeSpan({ durationNs: '1500000000', llm: { totalCost: 0.02 } });
const traceSpans = [
  span,
  makeSpan({ startTimeUnixNano: '3000000000', endTimeUnixNano: '6000000000', llm: { totalCost: 0.05 } }),
];

const rows: Row[] = [
  ['exact', {}, io(' Paris ', 'Paris'), pass],
  ['exact', {}, io('paris', 'Paris'), fail],
  ['exact', { caseSensitive: false }, io('paris', 'Paris'), pass],
  ['exact', { expected: '42' }, io('42'), pass],
  [
    'exact',
    {},
    makeInput(
      { reference_output: 'x' },
      { targetOutputFields: { actual_output: { content_type: 'text', text: 'x' } } },
    ),
    pass,
  ],
  ['contains', { value: 'cat' }, io('a cat sat'), pass],
  ['contains', { value: 'Cat' }, io('a cat sat'), fail],
  ['contains', { value: 'Cat', caseSensitive: false }, io('a cat sat'), pass],
  ['contains_any', {}, io('I like pears', 'apples, pears'), pass],
  ['contains_any', { values: ['dog', 'bird'] }, io('a cat'), fail],
  ['contains_all', { values: ['a', 'cat'] }, io('a cat'), pass],
  ['contains_all', {}, io('a cat', 'cat, dog'), fail],
  ['regex', { pattern: '^\\d{3}-\\d{4}$' }, io('555-1234'), pass],
  ['regex', {}, io('order #123', '#\\d+'), pass],
  ['regex', { pattern: 'abc', flags: 'i' }, io('ABC'), pass],
  ['regex', { pattern: 'abc' }, io('ABC'), fail],
  ['json_valid', {}, io('[1, 2]'), pass],
  ['json_valid', { objectOnly: true }, io('[1, 2]'), fail],
  ['json_valid', {}, io('{"a": 1,}'), fail],
  [
    'json_schema',
    { schema: { type: 'object', required: ['a'], properties: { a: { type: 'number' } } } },
    io('{"a": 3}'),
    pass,
  ],
  ['json_schema', { schema: { type: 'object', required: ['a'] } }, io('{"b": 3}'), fail],
  ['json_schema', { schema: { type: 'object' } }, io('not json'), fail],
  ['numeric_tolerance', { tolerance: 0.01 }, io('3.141', '3.14'), pass],
  ['numeric_tolerance', { tolerance: 0.0001 }, io('3.141', '3.14'), fail],
  ['numeric_tolerance', { tolerance: 0.1, relative: true, expected: 100 }, io('109'), pass],
  ['numeric_tolerance', {}, io('forty', '40'), fail],
  ['levenshtein', {}, io('kitten', 'sitting'), { status: 'success', score: 1 - 3 / 7 }],
  ['levenshtein', { threshold: 0.9 }, io('kitten', 'sitting'), { status: 'success', label: 'fail' }],
  ['bleu', {}, io('the cat sat on the mat', 'the cat sat on the mat'), { status: 'success', score: 1 }],
  ['rouge_l', {}, io('the cat sat', 'the cat sat'), { status: 'success', score: 1 }],
  [
    'rouge_l',
    { threshold: 0.5 },
    io('dogs bark loudly', 'the cat sat'),
    { status: 'success', score: 0, label: 'fail' },
  ],
  ['latency_threshold', { maxMs: 2000 }, makeInput({}, { span }), pass],
  ['latency_threshold', { maxMs: 1000 }, makeInput({}, { span }), fail],
  ['latency_threshold', { maxMs: 4000, scope: 'trace' }, makeInput({}, { span, trace: traceSpans }), fail],
  ['cost_threshold', { maxUsd: 0.03 }, makeInput({}, { span }), pass],
  ['cost_threshold', { maxUsd: 0.03, scope: 'trace' }, makeInput({}, { span, trace: traceSpans }), fail],
];

describe('the deterministic built-ins', () => {
  it.each(rows)('%s %j', async (name, params, input, expected) => {
    const out = await run(name, params, input);
    if (typeof expected.score === 'number' && expected.label === undefined)
      expect(out.score).toBeCloseTo(expected.score, 6);
    expect(out).toMatchObject(expected.label === undefined ? { status: expected.status } : expected);
    expect(out.reasoning).not.toBe('');
  });

  it('covers every built-in in the table, each with a description', () => {
    const tested = new Set(rows.map((r) => r[0]));
    for (const b of BUILTIN_EVALUATORS) {
      expect(tested.has(b.name), b.name).toBe(true);
      expect(b.description.length).toBeGreaterThan(10);
    }
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['regex', { pattern: '(' }, 'params.pattern'],
    ['json_schema', { schema: { type: 'nonsense' } }, 'params.schema'],
    ['numeric_tolerance', { tolerance: -1 }, 'params.tolerance'],
    ['latency_threshold', {}, 'params.maxMs'],
    ['nope', {}, 'unknown built-in'],
  ])('refuses bad params of %s when saved', async (name, params, message) => {
    const problems = await runtime.validate({ type: 'builtin', name, params }, ctx);
    expect(problems.join('\n')).toContain(message);
    const out = await run(name, params, io('x', 'y'));
    expect(out).toMatchObject({ status: 'failed', error: { code: 'invalid_params' } });
  });

  it('fails without the field it reads, and without a span for the span thresholds', async () => {
    for (const out of [
      await run('exact', {}, io('x')),
      await run('latency_threshold', { maxMs: 1 }, io('x')),
    ])
      expect(out).toMatchObject({ status: 'failed', error: { code: 'missing_input' } });
  });
});

describe('the text measures', () => {
  it('computes Levenshtein distance in code points', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('héllo👋', 'hello👋')).toBe(1);
  });

  it('computes BLEU with the brevity penalty and smoothing', () => {
    const ref = tokens('the quick brown fox jumps over the lazy dog', false);
    expect(bleu(ref, ref)).toBeCloseTo(1, 9);
    const short = bleu(tokens('the quick brown fox', false), ref);
    expect(short).toBeGreaterThan(0);
    expect(short).toBeLessThan(0.5);
    expect(bleu(tokens('zebra', false), ref)).toBe(0);
  });

  it('computes ROUGE-L F1 from the longest common subsequence', () => {
    // LCS of "police killed the gunman" and "police kill the gunman" is 3 tokens: P = R = 3/4.
    expect(
      rougeL(tokens('police killed the gunman', true), tokens('police kill the gunman', true)),
    ).toBeCloseTo(0.75, 9);
  });

  it('refuses inputs too large for a quadratic measure', () => {
    expect(() => levenshtein('a'.repeat(6_000), 'b')).toThrow(/at most/);
  });
});
