import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunAnswer } from '../plugins/prompts/prompts-test-kit';
import type { TraceSearchResult } from '../schemas/span-query';
import type { StoredSpan, TraceView } from '../schemas/span-view';
import {
  openPromptsInstance,
  PRICES,
  registerModel,
  sseEvents,
  tripTemplate,
  type PromptsInstance,
} from './prompts-instance-kit';

// The prompts playground as a user meets it in a running Spanloop: a model registered through the API (the fake
// OpenAI server behind it), a committed prompt, runs through the playground and Cozeloop's PTaaS endpoints, and
// each run read back as a trace; every answer checked against the OpenAPI document the instance serves.
let i: PromptsInstance;
let modelId: string;
const started = Date.now() - 60_000;
const variables = { company: 'Acme', city: 'Porto' };

/** Polls until `read` answers a value or five seconds passed (plugin and model spans are exported in batches). */
async function eventually<T>(read: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The trace once it holds the root run span and its model call. */
const traceOf = (traceId: string) =>
  eventually(async () => {
    const res = await fetch(`${i.spanloop.api}/api/v1/traces/${traceId}`, { headers: i.writer });
    if (res.status !== 200) return undefined;
    const trace = (await res.json()) as TraceView;
    return trace.spans.some((s) => s.llm.spanType === 'llm') && trace.spans.some((s) => s.parentSpanId === '')
      ? trace
      : undefined;
  });

/** Checks one run's trace: `prompt_run trip` at the root with the version, the model call below it, priced. */
function expectRunTrace(trace: TraceView, expected: { run: string; input: string; output: string }) {
  const root = trace.spans.find((s) => s.parentSpanId === '') as StoredSpan;
  expect(root.name).toBe('prompt_run trip');
  expect(root.statusCode).toBe('Ok');
  expect(root.llm).toMatchObject({ promptKey: 'trip', promptVersion: '1.0.0' });
  expect(root.attributes['spanloop.prompt.run']).toBe(expected.run);
  const llm = trace.spans.find((s) => s.llm.spanType === 'llm') as StoredSpan;
  expect(llm.parentSpanId).toBe(root.spanId);
  expect(llm.llm).toMatchObject({
    requestModel: 'gpt-4o-mini',
    promptKey: 'trip',
    promptVersion: '1.0.0',
    inputTokens: 30,
    outputTokens: 5,
  });
  expect(llm.llm.input.map((m) => [m.role, m.content])).toEqual([
    ['system', 'You are a travel agent for Acme.'],
    ['user', expected.input],
  ]);
  expect(llm.llm.output.map((m) => [m.role, m.content])).toEqual([['assistant', expected.output]]);
  expect(llm.llm.totalCost).toBeCloseTo(30 * PRICES.inputPrice + 5 * PRICES.outputPrice, 12);
}

beforeAll(async () => {
  i = await openPromptsInstance('playground-team');
});
afterAll(() => i.stop());

describe('the prompts playground in a running Spanloop', () => {
  it('registers a provider and a model through the API, and a prompt version using it', async () => {
    modelId = await registerModel(i);
    const prompt = await i.call('post', '/api/v1/prompts', '/api/v1/prompts', {
      key: 'trip',
      template: tripTemplate(modelId),
    });
    expect(prompt.status).toBe(201);
    const commit = await i.call('post', '/api/v1/prompts/{key}/versions', '/api/v1/prompts/trip/versions', {
      version: '1.0.0',
      commitMessage: 'first',
    });
    expect(commit.status).toBe(201);
  });

  it('runs the playground and reads the run back as a trace: prompt_run, then the priced model call', async () => {
    i.fake.enqueue({
      type: 'message',
      text: 'Morning at Ribeira.',
      usage: { inputTokens: 30, outputTokens: 5 },
    });
    const res = await i.call('post', '/api/v1/prompts/{key}/playground', '/api/v1/prompts/trip/playground', {
      version: '1.0.0',
      variables,
    });
    expect(res.status).toBe(200);
    const run = res.body as RunAnswer;
    expect(run).toMatchObject({
      messages: [{ role: 'assistant', content: 'Morning at Ribeira.' }],
      finishReason: 'stop',
      usage: { inputTokens: 30, outputTokens: 5 },
      model: 'gpt-4o-mini',
      steps: 1,
    });
    expect(run.cost).toBeCloseTo(30 * PRICES.inputPrice + 5 * PRICES.outputPrice, 12);
    expect(i.fake.requests.at(-1)?.body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.3 });
    expectRunTrace(await traceOf(run.traceId), {
      run: 'playground',
      input: 'Plan a day in Porto.',
      output: 'Morning at Ribeira.',
    });
  });

  it('streams the playground as server-sent events, ending with the result', async () => {
    i.fake.enqueue({
      type: 'message',
      text: 'Lunch at Bolhão.',
      usage: { inputTokens: 30, outputTokens: 5 },
    });
    const res = await i.call(
      'post',
      '/api/v1/prompts/{key}/playground/stream',
      '/api/v1/prompts/trip/playground/stream',
      { version: '1.0.0', variables: { ...variables, city: 'Lisbon' } },
    );
    expect(res.status).toBe(200);
    expect(res.mediaType).toBe('text/event-stream');
    const events = sseEvents(res.body as string);
    expect(
      events
        .filter((e) => e.event === 'text')
        .map((e) => e.data.text)
        .join(''),
    ).toBe('Lunch at Bolhão.');
    const done = events.at(-1);
    expect(done?.event).toBe('done');
    const result = done?.data as unknown as RunAnswer;
    expect(i.validate('#/components/schemas/PromptRunResult', result)).toEqual([]);
    expect(result).toMatchObject({ finishReason: 'stop', usage: { inputTokens: 30, outputTokens: 5 } });
    expect(i.fake.requests.at(-1)?.body).toMatchObject({ stream: true });
    expectRunTrace(await traceOf(result.traceId), {
      run: 'playground',
      input: 'Plan a day in Lisbon.',
      output: 'Lunch at Bolhão.',
    });
  });

  it("runs Cozeloop's execute and execute_streaming with a Bearer key, each run traced", async () => {
    const request = (city: string) => ({
      workspace_id: i.team.id,
      prompt_identifier: { prompt_key: 'trip', version: '1.0.0' },
      variable_vals: [
        { key: 'company', value: 'Acme' },
        { key: 'city', value: city },
      ],
    });
    i.fake.enqueue({
      type: 'message',
      text: 'Dinner in Braga.',
      usage: { inputTokens: 30, outputTokens: 5 },
    });
    const executed = await i.call(
      'post',
      '/v1/loop/prompts/execute',
      '/v1/loop/prompts/execute',
      request('Braga'),
    );
    expect(executed.status).toBe(200);
    expect(executed.body).toEqual({
      code: 0,
      msg: '',
      data: {
        message: { role: 'assistant', content: 'Dinner in Braga.' },
        finish_reason: 'stop',
        usage: { input_tokens: 30, output_tokens: 5 },
      },
    });
    i.fake.enqueue({ type: 'message', text: 'A walk in Faro.', usage: { inputTokens: 30, outputTokens: 5 } });
    const streamed = await i.call(
      'post',
      '/v1/loop/prompts/execute_streaming',
      '/v1/loop/prompts/execute_streaming',
      request('Faro'),
    );
    expect(streamed.status).toBe(200);
    expect(streamed.mediaType).toBe('text/event-stream');
    const events = sseEvents(streamed.body as string);
    expect(events.every((e) => e.event === 'data')).toBe(true);
    for (const e of events)
      expect(i.validate('#/components/schemas/CozeloopExecuteFrame', e.data)).toEqual([]);
    const text = events.map((e) => (e.data.message as { content?: string }).content ?? '').join('');
    expect(text).toBe('A walk in Faro.');
    expect(events.at(-1)?.data).toMatchObject({
      finish_reason: 'stop',
      usage: { input_tokens: 30, output_tokens: 5 },
    });

    // Cozeloop answers no trace id: the runs are found by their prompt key.
    const search = `/api/v1/traces?from=${started}&to=${Date.now() + 60_000}&promptKey=trip&rootOnly=true`;
    const found = await eventually(async () => {
      const res = await fetch(`${i.spanloop.api}${search}`, { headers: i.writer });
      const body = (await res.json()) as TraceSearchResult;
      return body.traces.length >= 4 ? body : undefined;
    });
    expect(found.traces.map((t) => t.rootSpanName)).toEqual(Array(4).fill('prompt_run trip'));
    const runs = await Promise.all(found.traces.map((t) => traceOf(t.traceId)));
    const executes = runs.filter((t) =>
      t.spans.some((s) => s.attributes['spanloop.prompt.run'] === 'execute'),
    );
    expect(executes).toHaveLength(2);
    for (const [trace, city, output] of [
      [executes.find((t) => JSON.stringify(t).includes('Braga')), 'Braga', 'Dinner in Braga.'],
      [executes.find((t) => JSON.stringify(t).includes('Faro')), 'Faro', 'A walk in Faro.'],
    ] as const)
      expectRunTrace(trace as TraceView, { run: 'execute', input: `Plan a day in ${city}.`, output });
    for (const t of found.traces) {
      expect(t).toMatchObject({ inputTokens: 30, outputTokens: 5 });
      expect(t.totalCost).toBeCloseTo(30 * PRICES.inputPrice + 5 * PRICES.outputPrice, 12);
    }
  });

  it('counts every run in the per-version metrics', async () => {
    const res = await i.call(
      'get',
      '/api/v1/prompts/{key}/metrics',
      `/api/v1/prompts/trip/metrics?from=${started}&to=${Date.now() + 60_000}`,
    );
    expect(res.status).toBe(200);
    const { versions } = res.body as RunAnswer;
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({
      version: '1.0.0',
      requests: 4,
      errors: 0,
      errorRate: 0,
      tokens: { input: 120, output: 20, total: 140 },
    });
    expect(versions[0]?.costUsd).toBeCloseTo(4 * (30 * PRICES.inputPrice + 5 * PRICES.outputPrice), 12);
    expect(versions[0]?.latencyMs.p50).toBeGreaterThan(0);
  });
});
