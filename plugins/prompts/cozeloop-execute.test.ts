import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopCall, loopJson, seedDemoPrompt, sseFrames as frames } from './cozeloop-test-kit';
import { openPromptsTestbed, type PromptsTestbed } from './prompts-test-kit';

// Cozeloop PTaaS (execute, execute_streaming) as its SDKs read it: envelope, SSE frames, error frames.
let t: PromptsTestbed;
beforeAll(async () => {
  t = await openPromptsTestbed();
  await seedDemoPrompt(t);
});
afterAll(() => t.close());

const loop = (path: string, body: unknown, key?: string) => loopCall(t, path, body, key);
const json = loopJson;

describe('POST /v1/loop/prompts/execute', () => {
  it('renders text variable values by their declared types, appends messages, and answers message/finish_reason/usage', async () => {
    t.fake.enqueue({
      type: 'message',
      text: 'Two days in Lisbon.',
      usage: { inputTokens: 21, outputTokens: 6 },
    });
    const res = await loop('execute', {
      workspace_id: 'ws-a',
      prompt_identifier: { prompt_key: 'ptaas_demo', label: 'production' },
      variable_vals: [
        { key: 'company', value: 'Acme' },
        { key: 'days', value: '2' },
        { key: 'city', value: 'Lisbon' },
      ],
      messages: [{ role: 'user', content: 'Keep the answer brief.' }],
    });
    expect(await json(res)).toEqual({
      code: 0,
      msg: '',
      data: {
        message: { role: 'assistant', content: 'Two days in Lisbon.' },
        finish_reason: 'stop',
        usage: { input_tokens: 21, output_tokens: 6 },
      },
    });
    const sent = t.fake.requests.at(-1)?.body as { messages: { content: string }[]; tools?: unknown[] };
    expect(sent.messages.map((m) => m.content)).toEqual([
      'You are a travel agent for Acme.',
      'Plan 2 days in Lisbon.',
      'Keep the answer brief.',
    ]);
    expect(sent.tools).toHaveLength(1);
    const root = t.bed
      .spans()
      .filter((s) => s.name === 'prompt_run ptaas_demo')
      .at(-1);
    expect(root?.attributes).toMatchObject({
      'spanloop.prompt.version': '0.0.1',
      'spanloop.prompt.run': 'execute',
    });
  });

  it('takes custom tools, tool choice and model config, and returns tool calls in the wire shape', async () => {
    t.fake.enqueue({
      type: 'message',
      toolCalls: [{ id: 'call_9', name: 'lookup', arguments: '{"q":"x"}' }],
    });
    const body = await json(
      await loop('execute', {
        workspace_id: 'ws-a',
        prompt_identifier: { prompt_key: 'ptaas_demo', version: '0.0.1' },
        variable_vals: [
          { key: 'company', value: 'A' },
          { key: 'days', value: '1' },
          { key: 'city', value: 'B' },
        ],
        custom_tools: [
          {
            type: 'function',
            function: { name: 'lookup', description: 'Look up', parameters: '{"type":"object"}' },
          },
        ],
        custom_tool_call_config: {
          tool_choice: 'specific',
          tool_choice_specification: { type: 'function', name: 'lookup' },
        },
        custom_model_config: { model_id: t.modelId, temperature: 0.9, max_tokens: 50 },
      }),
    );
    expect(body.data).toMatchObject({
      message: {
        role: 'assistant',
        tool_calls: [
          {
            index: 0,
            id: 'call_9',
            type: 'function',
            function_call: { name: 'lookup', arguments: '{"q":"x"}' },
          },
        ],
      },
      finish_reason: 'tool_calls',
    });
    const sent = t.fake.requests.at(-1)?.body as {
      tools: { function: { name: string } }[];
      tool_choice: unknown;
      temperature: number;
    };
    expect(sent.tools.map((x) => x.function.name)).toEqual(['lookup']);
    expect(sent.tool_choice).toEqual({ type: 'function', function: { name: 'lookup' } });
    expect(sent.temperature).toBe(0.9);
  });

  it('reads null fields as absent, as the Python SDK sends every unset optional', async () => {
    t.fake.enqueue({ type: 'message', text: 'Porto it is.', usage: { inputTokens: 9, outputTokens: 3 } });
    const unset = { placeholder_messages: null, multi_part_values: null };
    const res = await loop('execute', {
      workspace_id: 'ws-a',
      prompt_identifier: { prompt_key: 'ptaas_demo', version: null, label: 'production' },
      variable_vals: [
        { key: 'company', value: 'Acme', ...unset },
        { key: 'days', value: '1', ...unset },
        { key: 'city', value: 'Porto', ...unset },
      ],
      messages: null,
    });
    expect(await json(res)).toMatchObject({ code: 0, data: { message: { content: 'Porto it is.' } } });
    const sent = t.fake.requests.at(-1)?.body as { messages: { content: string }[] };
    expect(sent.messages.map((m) => m.content)).toEqual([
      'You are a travel agent for Acme.',
      'Plan 1 days in Porto.',
    ]);
    // A null where a value is required is still named.
    const missing = await json(
      await loop('execute', { workspace_id: 'ws-a', prompt_identifier: { prompt_key: null } }),
    );
    expect(missing.code).toBe(600500400);
    expect(missing.msg).toContain('prompt_key');
  });

  it('answers 400 codes naming the variable that is unknown or has the wrong type', async () => {
    const identifier = { prompt_key: 'ptaas_demo', version: '0.0.1' };
    const unknown = await json(
      await loop('execute', {
        workspace_id: 'ws-a',
        prompt_identifier: identifier,
        variable_vals: [{ key: 'budget', value: '9' }],
      }),
    );
    expect(unknown).toEqual({
      code: 600500400,
      msg: 'unknown variable "budget"; this prompt\'s variables are: city, company, days',
    });
    const typed = await json(
      await loop('execute', {
        workspace_id: 'ws-a',
        prompt_identifier: identifier,
        variable_vals: [{ key: 'days', value: 'two' }],
      }),
    );
    expect(typed).toEqual({ code: 600500400, msg: 'variable "days" must be a number' });
  });
});

describe('POST /v1/loop/prompts/execute with message-list and multi-part variables', () => {
  it('fills a placeholder from placeholder_messages and a multi_part variable from multi_part_values', async () => {
    const template = {
      model: { modelId: t.modelId },
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'placeholder', content: 'history' },
        { role: 'user', content: '', parts: [{ type: 'multi_part_variable', key: 'question' }] },
      ],
      variables: [
        { key: 'history', type: 'placeholder' },
        { key: 'question', type: 'multi_part' },
      ],
    };
    await t.call('/api/v1/prompts', { body: { key: 'chat_history' } });
    await t.call('/api/v1/prompts/chat_history/versions', { body: { template } });
    t.fake.enqueue({ type: 'message', text: 'Noted.' });
    const body = await json(
      await loop('execute', {
        workspace_id: 'ws-a',
        prompt_identifier: { prompt_key: 'chat_history' },
        variable_vals: [
          {
            key: 'history',
            placeholder_messages: [
              { role: 'user', content: 'Hi {{not a variable}}' },
              { role: 'assistant', content: 'Hello' },
            ],
          },
          { key: 'question', multi_part_values: [{ type: 'text', text: 'What now?' }] },
        ],
      }),
    );
    expect(body).toMatchObject({ code: 0, data: { message: { content: 'Noted.' } } });
    const sent = t.fake.requests.at(-1)?.body as { messages: { role: string; content: string }[] };
    expect(sent.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi {{not a variable}}' },
      { role: 'assistant', content: 'Hello' },
      { role: 'user', content: 'What now?' },
    ]);
    const image = await json(
      await loop('execute', {
        workspace_id: 'ws-a',
        prompt_identifier: { prompt_key: 'chat_history' },
        variable_vals: [
          { key: 'question', multi_part_values: [{ type: 'video_url', video_url: 'https://v/x.mp4' }] },
        ],
      }),
    );
    expect(image).toEqual({
      code: 600500400,
      msg: 'variable "question": parts of type video_url are not supported',
    });
  });
});

describe('POST /v1/loop/prompts/execute_streaming', () => {
  const request = {
    workspace_id: 'ws-a',
    prompt_identifier: { prompt_key: 'ptaas_demo' },
    variable_vals: [
      { key: 'company', value: 'Acme' },
      { key: 'days', value: '3' },
      { key: 'city', value: 'Porto' },
    ],
  };

  it('streams `event: data` frames whose contents add up, the last with finish_reason and usage', async () => {
    t.fake.enqueue({
      type: 'message',
      text: 'Porto in three days, slowly.',
      usage: { inputTokens: 9, outputTokens: 7 },
    });
    const res = await loop('execute_streaming', request);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const all = frames(await res.text());
    expect(all.every((f) => f.event === 'data')).toBe(true);
    expect(all.map((f) => f.data.message?.content ?? '').join('')).toBe('Porto in three days, slowly.');
    expect(all.at(-1)?.data).toEqual({
      message: { role: 'assistant', content: '' },
      finish_reason: 'stop',
      usage: { input_tokens: 9, output_tokens: 7 },
    });
  });

  it('streams tool-call deltas whose arguments add up, then finish_reason tool_calls', async () => {
    t.fake.enqueue({
      type: 'message',
      toolCalls: [{ id: 'call_7', name: 'get_weather', arguments: '{"city":"Porto","unit":"C"}' }],
    });
    const all = frames(await (await loop('execute_streaming', request)).text());
    const calls = all.flatMap((f) => f.data.message?.tool_calls ?? []);
    expect(calls[0]).toMatchObject({ index: 0, id: 'call_7', function_call: { name: 'get_weather' } });
    expect(calls.map((c) => c.function_call.arguments).join('')).toBe('{"city":"Porto","unit":"C"}');
    expect(all.at(-1)?.data.finish_reason).toBe('tool_calls');
  });

  it('sends failures as `event: error` {code, msg, biz_extra}, and credential failures as a JSON status', async () => {
    const unknownLabel = await loop('execute_streaming', {
      ...request,
      prompt_identifier: { prompt_key: 'ptaas_demo', label: 'nope' },
    });
    expect(unknownLabel.status).toBe(200);
    expect(frames(await unknownLabel.text())).toEqual([
      {
        event: 'error',
        data: {
          code: 600500404,
          msg: 'prompt "ptaas_demo" has no label nope',
          biz_extra: { kind: 'not_found' },
        },
      },
    ]);
    t.fake.enqueue({ type: 'error', status: 400, message: 'context length exceeded' });
    const modelError = frames(await (await loop('execute_streaming', request)).text());
    expect(modelError.at(-1)).toMatchObject({ event: 'error', data: { code: 600500400 } });
    const denied = await loop('execute_streaming', { ...request, workspace_id: 'ws-b' });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('content-type')).toContain('application/json');
    expect((await json(denied)).code).toBe(600500403);
  });
});
