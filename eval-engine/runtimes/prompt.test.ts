import { SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic } from '../../core/model-gateway/fake-anthropic-server';
import { startFakeOpenAi } from '../../core/model-gateway/fake-openai-server';
import type { FakeModelServer, FakeReply } from '../../core/model-gateway/fake-server-kit';
import { openGatewayTestbed, type GatewayTestbed } from '../../core/model-gateway/gateway-test-kit';
import { makeInput, spanById, testEngine } from '../engine-test-kit';
import { JUDGE_TEMPLATES } from '../templates/judge-templates';
import type { OutputDefinition, PromptEvaluatorSpec } from '../types';
import { createPromptRuntime } from './prompt';

let bed: GatewayTestbed;
let openai: FakeModelServer;
let anthropic: FakeModelServer;
let openaiModel: string;
let anthropicModel: string;

beforeAll(async () => {
  bed = await openGatewayTestbed();
  openai = await startFakeOpenAi();
  anthropic = await startFakeAnthropic();
  openaiModel = (await bed.register({ provider: { kind: 'openai', baseUrl: openai.url, apiKey: 'sk-x' } }))
    .model.id;
  anthropicModel = (
    await bed.register({ provider: { kind: 'anthropic', baseUrl: anthropic.url, apiKey: 'sk-ant-x' } })
  ).model.id;
});
afterAll(async () => {
  await openai.close();
  await anthropic.close();
  await bed.close();
});

const judgeSpec = (overrides: Partial<PromptEvaluatorSpec> = {}): PromptEvaluatorSpec => ({
  type: 'prompt',
  messages: [
    { role: 'system', content: 'Judge whether the answer fits the question.' },
    { role: 'user', content: 'Question: {{input}}\nAnswer: {{output}}' },
  ],
  model: { modelId: openaiModel, temperature: 0 },
  ...overrides,
});
const input = makeInput({ input: 'What is 2+2?', output: '4' });
const provenance = {
  evaluatorName: 'fit',
  evaluatorId: 'ev_1',
  evaluatorVersionId: 'evv_1',
  recordId: 'rec_1',
};
const toolReply = (args: string, usage = { inputTokens: 30, outputTokens: 12 }): FakeReply => ({
  type: 'message',
  toolCalls: [{ name: 'eval', arguments: args }],
  usage,
});
const textReply = (text: string): FakeReply => ({ type: 'message', text });
const lastBody = (fake: FakeModelServer) =>
  fake.requests[fake.requests.length - 1]?.body as Record<string, unknown>;

const run = (spec: PromptEvaluatorSpec, options: { timeoutMs?: number } = {}) =>
  testEngine(bed, [createPromptRuntime(options)]).run('ws-a', spec, input, { provenance });

describe('the LLM judge (prompt runtime) on the fake OpenAI server', () => {
  it('forces the eval tool, renders {{var}}, and scores from the tool call with usage and a child model span', async () => {
    openai.enqueue(toolReply('{"reason": "2+2 is 4, the answer is right", "score": 0.9}'));
    const out = await run(judgeSpec());
    expect(out).toMatchObject({
      status: 'success',
      score: 0.9,
      reasoning: '2+2 is 4, the answer is right',
      usage: { inputTokens: 30, outputTokens: 12, costUsd: 0 },
    });
    const body = lastBody(openai);
    expect(body.tool_choice).toEqual({ type: 'function', function: { name: 'eval' } });
    const tools = body.tools as { function: { name: string; parameters: { required: string[] } } }[];
    expect(tools[0]?.function.name).toBe('eval');
    expect(tools[0]?.function.parameters.required).toEqual(['reason', 'score']);
    const messages = body.messages as { role: string; content: string }[];
    expect(messages[1]?.content).toBe(
      'Question: What is 2+2?\nAnswer: 4\n\nIn any case, you must call the bound tool.',
    );
    const modelSpan = bed
      .spans()
      .find((s) => s.parentSpanContext?.spanId === out.spanId && s.name.startsWith('chat '));
    expect(modelSpan?.spanContext().traceId).toBe(out.traceId);
    expect(modelSpan?.attributes['spanloop.span.role']).toBe('evaluator');
  });

  it('reads a JSON reply in content mode, without tools', async () => {
    openai.enqueue(textReply('{"reason": "fine", "score": 1}'));
    const out = await run(judgeSpec({ mode: 'content' }));
    expect(out).toMatchObject({ status: 'success', score: 1, reasoning: 'fine' });
    expect(lastBody(openai).tools).toBeUndefined();
    const messages = lastBody(openai).messages as { content: string }[];
    expect(messages[messages.length - 1]?.content).toContain('Answer with a single JSON object');
  });

  it('repairs broken JSON (single quotes, a trailing comma, a code fence)', async () => {
    openai.enqueue(textReply("```json\n{'reason': 'mostly right', 'score': 0.7,}\n```"));
    const out = await run(judgeSpec({ mode: 'content' }));
    expect(out).toMatchObject({ status: 'success', score: 0.7, reasoning: 'mostly right' });
  });

  it('finds the score in prose, keeping the whole reply as the reason', async () => {
    const prose = 'The answer is correct but terse. Overall score: 0.8 out of 1.';
    openai.enqueue(textReply(prose));
    const out = await run(judgeSpec({ mode: 'content' }));
    expect(out).toMatchObject({ status: 'success', score: 0.8, reasoning: prose });
  });

  it('falls back to the text when the model answers without the tool', async () => {
    openai.enqueue(textReply('I think so. {"score": 0.6, "reason": "partly"} Done.'));
    const out = await run(judgeSpec());
    expect(out).toMatchObject({ status: 'success', score: 0.6, reasoning: 'partly' });
  });

  it('fails an out-of-range score with score_out_of_range, never clamping it', async () => {
    openai.enqueue(toolReply('{"reason": "great", "score": 7}'));
    const out = await run(judgeSpec());
    expect(out.status).toBe('failed');
    expect(out.score).toBeUndefined();
    expect(out.error?.code).toBe('score_out_of_range');
    expect(out.reasoning).toBe('great');
    expect(out.usage.inputTokens).toBe(30);
    const span = spanById(bed, out.spanId);
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.events[0]?.attributes?.['error.type']).toBe('score_out_of_range');
  });

  it('fails a refusal with bad_judge_reply', async () => {
    openai.enqueue(textReply("I'm sorry, but I can't help with evaluating this."));
    const out = await run(judgeSpec());
    expect(out.status).toBe('failed');
    expect(out.error?.code).toBe('bad_judge_reply');
    expect(out.error?.message).toContain("I'm sorry");
  });

  it('answers timeout when the model does not answer within the judge deadline', async () => {
    openai.enqueue({ type: 'message', text: '{"score": 1}', delayMs: 3_000 });
    const out = await run(judgeSpec(), { timeoutMs: 200 });
    expect(out.status).toBe('failed');
    expect(out.error?.code).toBe('timeout');
  });

  it('retries a 429 and then scores', async () => {
    const before = openai.requests.length;
    openai.enqueue(
      { type: 'error', status: 429, retryAfterMs: 10 },
      toolReply('{"reason": "ok", "score": 0.5}'),
    );
    const out = await run(judgeSpec());
    expect(out).toMatchObject({ status: 'success', score: 0.5 });
    expect(openai.requests.length - before).toBe(2);
  });

  it('fails a model error as a result, not a throw', async () => {
    openai.enqueue({ type: 'error', status: 400, message: 'bad request' });
    const out = await run(judgeSpec());
    expect(out.status).toBe('failed');
    expect(out.error?.code).toBe('model_error');
  });

  it.each<[OutputDefinition, string, { score?: number; label?: string } | string]>([
    [{ kind: 'enum', values: [0, 1] }, '{"reason": "r", "score": 1}', { score: 1 }],
    [{ kind: 'enum', values: [0, 1] }, '{"reason": "r", "score": 0.5}', 'score_out_of_range'],
    [{ kind: 'boolean' }, '{"reason": "r", "score": true}', { score: 1, label: 'pass' }],
    [{ kind: 'boolean' }, '{"reason": "r", "score": "no idea"}', 'bad_judge_reply'],
    [{ kind: 'categories', values: ['good', 'bad'] }, '{"reason": "r", "score": "Bad"}', { label: 'bad' }],
    [
      { kind: 'categories', values: ['good', 'bad'] },
      '{"reason": "r", "score": "meh"}',
      'score_out_of_range',
    ],
    [{ kind: 'range', min: 1, max: 5 }, '{"reason": "r", "score": 4}', { score: 4 }],
    [{ kind: 'range', min: 1, max: 5 }, '{"reason": "r", "score": 0}', 'score_out_of_range'],
  ])('checks the score against the declared output %j: %s', async (output, args, expected) => {
    openai.enqueue(toolReply(args));
    const out = await run(judgeSpec({ output }));
    if (typeof expected === 'string') expect(out.error?.code).toBe(expected);
    else expect(out).toMatchObject({ status: 'success', ...expected });
  });

  it('declares a categories tool whose score is a string enum', async () => {
    openai.enqueue(toolReply('{"reason": "r", "score": "good"}'));
    await run(judgeSpec({ output: { kind: 'categories', values: ['good', 'bad'] } }));
    const tools = lastBody(openai).tools as {
      function: { parameters: { properties: { score: unknown } } };
    }[];
    expect(tools[0]?.function.parameters.properties.score).toMatchObject({
      type: 'string',
      enum: ['good', 'bad'],
    });
  });

  it('renders a missing field empty and names it on the evaluation span', async () => {
    openai.enqueue(toolReply('{"reason": "r", "score": 0.1}'));
    const out = await testEngine(bed, [createPromptRuntime()]).run(
      'ws-a',
      judgeSpec(),
      makeInput({ input: 'Q' }),
      { provenance },
    );
    expect(out.status).toBe('success');
    expect(spanById(bed, out.spanId)?.attributes['spanloop.judge.missing_inputs']).toEqual(['output']);
  });

  it('puts the chat history after the system messages when asked', async () => {
    openai.enqueue(toolReply('{"reason": "r", "score": 1}'));
    await testEngine(bed, [createPromptRuntime()]).run(
      'ws-a',
      judgeSpec({ receiveChatHistory: true }),
      { ...input, historyMessages: [{ role: 'user', content: 'earlier turn' }] },
      { provenance },
    );
    const messages = lastBody(openai).messages as { role: string; content: string }[];
    expect(messages.map((m) => m.content.slice(0, 12))).toEqual([
      'Judge whethe',
      'earlier turn',
      'Question: Wh',
    ]);
  });
});

describe('the LLM judge on the fake Anthropic server', () => {
  it('forces the eval tool as tool_choice {type: tool} and scores from tool_use', async () => {
    anthropic.enqueue(toolReply('{"reason": "right", "score": 1}', { inputTokens: 50, outputTokens: 9 }));
    const out = await run(judgeSpec({ model: { modelId: anthropicModel, maxTokens: 300 } }));
    expect(out).toMatchObject({ status: 'success', score: 1, usage: { inputTokens: 50, outputTokens: 9 } });
    expect(lastBody(anthropic).tool_choice).toEqual({ type: 'tool', name: 'eval' });
  });

  it('parses prose with a score when the model ignores the tool', async () => {
    anthropic.enqueue(textReply('Reasonable answer. Score = 0.4'));
    const out = await run(judgeSpec({ model: { modelId: anthropicModel } }));
    expect(out).toMatchObject({ status: 'success', score: 0.4 });
  });
});

describe('the built-in judge templates', () => {
  it('ships the 14 templates, each using exactly its declared inputs and scoring 0..1', () => {
    expect(JUDGE_TEMPLATES.map((t) => t.key.replace('builtin_template_', ''))).toEqual([
      'relevance',
      'conciseness',
      'correctness',
      'hallucination',
      'harmfulness',
      'maliciousness',
      'helpfulness',
      'controversiality',
      'misogyny',
      'criminality',
      'insensitivity',
      'depth',
      'creativity',
      'detail',
    ]);
    for (const t of JUDGE_TEMPLATES) {
      const used = [
        ...t.spec.messages
          .map((m) => m.content)
          .join('\n')
          .matchAll(/\{\{(\w+)\}\}/g),
      ].map((m) => m[1]);
      expect(new Set(used), t.key).toEqual(new Set(t.inputs));
      expect(t.spec.output).toEqual({ kind: 'range', min: 0, max: 1 });
    }
  });

  it('runs a template end to end once a model is chosen', async () => {
    const correctness = JUDGE_TEMPLATES.find((t) => t.key === 'builtin_template_correctness');
    if (correctness === undefined) throw new Error('no correctness template');
    openai.enqueue(toolReply('{"reason": "matches the reference", "score": 1}'));
    const out = await testEngine(bed, [createPromptRuntime()]).run(
      'ws-a',
      { ...correctness.spec, model: { modelId: openaiModel } },
      makeInput({ input: 'Capital of France?', output: 'Paris', reference_output: 'Paris' }),
      { provenance: { evaluatorName: 'correctness' } },
    );
    expect(out).toMatchObject({ status: 'success', score: 1 });
    const messages = lastBody(openai).messages as { content: string }[];
    expect(messages[1]?.content).toContain('<reference_output>\nParis\n</reference_output>');
  });
});
