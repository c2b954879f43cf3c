import { SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bodyOf,
  chatTemplate,
  openPromptsTestbed,
  type RunAnswer,
  type PromptsTestbed,
} from './prompts-test-kit';

let t: PromptsTestbed;
const variables = { company: 'Acme', days: 2, city: 'Porto' };
const weatherTool = {
  name: 'get_weather',
  description: 'Weather of a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } } },
};

beforeAll(async () => {
  t = await openPromptsTestbed();
  await t.call('/api/v1/prompts', { body: { key: 'trip' } });
  const template = chatTemplate({
    model: { modelId: t.modelId, params: { temperature: 0.2 } },
    tools: [weatherTool],
  });
  await t.call('/api/v1/prompts/trip/versions', { body: { template } });
});
afterAll(() => t.close());

const json = (res: Response) => bodyOf<RunAnswer>(res);
const spansOf = (traceId: string) => t.bed.spans().filter((s) => s.spanContext().traceId === traceId);
const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
const lastBody = () =>
  t.fake.requests.at(-1)?.body as { messages: { role: string; content: unknown }[]; temperature?: number };

describe('playground runs', () => {
  it('renders, calls the model and records a prompt_run root with the LLM span as its child', async () => {
    t.fake.enqueue({ type: 'message', text: 'Day 1: Ribeira.', usage: { inputTokens: 30, outputTokens: 5 } });
    const res = await t.call('/api/v1/prompts/trip/playground', {
      body: {
        version: '1.0.0',
        variables,
        messages: [
          { role: 'assistant', content: 'Sure!' },
          { role: 'user', content: 'Go on' },
        ],
      },
    });
    expect(res.status).toBe(200);
    const run = await json(res);
    expect(run).toMatchObject({
      messages: [{ role: 'assistant', content: 'Day 1: Ribeira.' }],
      finishReason: 'stop',
      usage: { inputTokens: 30, outputTokens: 5 },
      steps: 1,
    });
    expect(lastBody().messages.map((m) => m.content)).toEqual([
      'You are a travel agent for Acme.',
      'Plan 2 days in Porto.',
      'Sure!',
      'Go on',
    ]);
    expect(lastBody().temperature).toBe(0.2);
    const spans = spansOf(run.traceId);
    const root = spans.find((s) => s.name === 'prompt_run trip');
    const llm = spans.find((s) => s.name.startsWith('chat '));
    expect(root?.attributes).toMatchObject({
      'spanloop.workspace_id': 'ws-a',
      'spanloop.prompt.key': 'trip',
      'spanloop.prompt.version': '1.0.0',
      'spanloop.prompt.run': 'playground',
    });
    expect(root?.status.code).toBe(SpanStatusCode.OK);
    expect(llm && parentOf(llm)).toBe(root?.spanContext().spanId);
    expect(llm?.attributes).toMatchObject({
      'spanloop.prompt.key': 'trip',
      'spanloop.prompt.version': '1.0.0',
    });
  });

  it('feeds mock tool responses back and continues, recording each tool as a span', async () => {
    t.fake.enqueue(
      { type: 'message', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Porto"}' }] },
      { type: 'message', text: 'Pack an umbrella.' },
    );
    const run = await json(
      await t.call('/api/v1/prompts/trip/playground', {
        body: { variables, mockToolResponses: [{ name: 'get_weather', response: '{"rain":true}' }] },
      }),
    );
    expect(run.steps).toBe(2);
    expect(run.messages).toEqual([
      {
        role: 'assistant',
        content: '',
        toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Porto"}' }],
      },
      { role: 'tool', content: '{"rain":true}', toolCallId: 'call_1', name: 'get_weather' },
      { role: 'assistant', content: 'Pack an umbrella.' },
    ]);
    expect(lastBody().messages.at(-1)).toMatchObject({ role: 'tool', content: '{"rain":true}' });
    const spans = spansOf(run.traceId);
    expect(spans.filter((s) => s.name.startsWith('chat '))).toHaveLength(2);
    expect(spans.find((s) => s.name === 'execute_tool get_weather')?.attributes).toMatchObject({
      'spanloop.tool.mocked': true,
    });
  });

  it('stops at a tool call without a mock, and at maxSteps', async () => {
    const call = { type: 'message' as const, toolCalls: [{ name: 'get_weather', arguments: '{}' }] };
    t.fake.enqueue(call);
    const unmocked = await json(await t.call('/api/v1/prompts/trip/playground', { body: { variables } }));
    expect(unmocked).toMatchObject({ finishReason: 'tool_calls', steps: 1 });
    t.fake.enqueue(call, call);
    const bounded = await json(
      await t.call('/api/v1/prompts/trip/playground', {
        body: { variables, maxSteps: 2, mockToolResponses: [{ name: 'get_weather', response: 'sunny' }] },
      }),
    );
    expect(bounded).toMatchObject({ finishReason: 'tool_calls', steps: 2 });
  });

  it('streams text as SSE and ends with done', async () => {
    t.fake.enqueue({
      type: 'message',
      text: 'Hello from the stream',
      usage: { inputTokens: 7, outputTokens: 4 },
    });
    const res = await t.call('/api/v1/prompts/trip/playground/stream', { body: { variables } });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const frames = (await res.text())
      .trim()
      .split('\n\n')
      .map((f) => ({
        event: /^event: (.*)$/m.exec(f)?.[1],
        data: JSON.parse(/^data: (.*)$/m.exec(f)?.[1] ?? 'null') as { text?: string },
      }));
    const text = frames
      .filter((f) => f.event === 'text')
      .map((f) => f.data.text as string)
      .join('');
    expect(text).toBe('Hello from the stream');
    expect(frames.at(-1)).toMatchObject({
      event: 'done',
      data: { usage: { inputTokens: 7, outputTokens: 4 }, finishReason: 'stop' },
    });
  });

  it('answers bad input before streaming, and model failures as an error event', async () => {
    const bad = await t.call('/api/v1/prompts/trip/playground/stream', { body: { variables: { nope: 1 } } });
    expect(bad.status).toBe(400);
    t.fake.enqueue({ type: 'error', status: 400, message: 'context too long' });
    const failed = await t.call('/api/v1/prompts/trip/playground/stream', { body: { variables } });
    const text = await failed.text();
    expect(text).toContain('event: error');
    expect(text).toContain('"code":"invalid_argument"');
  });

  it('records a failed model call as an error on the root span', async () => {
    const res = await t.call('/api/v1/prompts/trip/playground', {
      body: { variables, modelId: 'no-such-model' },
    });
    expect(res.status).toBe(400);
    const root = t.bed
      .spans()
      .filter((s) => s.name === 'prompt_run trip')
      .at(-1);
    expect(root?.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('compares variants side by side in one trace, a failing variant included', async () => {
    t.fake.enqueue({ type: 'echo' }, { type: 'echo' });
    const res = await t.call('/api/v1/prompts/trip/playground/compare', {
      body: {
        variables,
        variants: [
          { name: 'v1 cold', version: '1.0.0', params: { temperature: 0 } },
          { name: 'inline', template: chatTemplate({ model: { modelId: t.modelId } }) },
          { name: 'broken', version: '1.0.0', modelId: 'no-such-model' },
        ],
      },
    });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.results.map((r) => [r.name, r.ok])).toEqual([
      ['v1 cold', true],
      ['inline', true],
      ['broken', false],
    ]);
    expect(body.results[0]?.version).toBe('1.0.0');
    expect(body.results[1]?.version).toBeNull();
    expect(body.results[2]?.error.code).toBe('invalid_argument');
    const spans = spansOf(body.traceId);
    const compare = spans.find((s) => s.name === 'prompt_compare trip');
    const runs = spans.filter((s) => s.name === 'prompt_run trip');
    expect(runs).toHaveLength(3);
    for (const r of runs) expect(parentOf(r)).toBe(compare?.spanContext().spanId);
    expect(compare?.attributes['spanloop.prompt.key']).toBeUndefined();
  });
});
