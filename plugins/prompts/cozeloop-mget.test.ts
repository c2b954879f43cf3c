import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopCall, loopJson, seedDemoPrompt, weatherTool } from './cozeloop-test-kit';
import { chatTemplate, openPromptsTestbed, type PromptsTestbed } from './prompts-test-kit';

// Cozeloop Prompt Hub (POST /v1/loop/prompts/mget) as its SDKs read it: envelope, int64 strings, error codes.
let t: PromptsTestbed;
beforeAll(async () => {
  t = await openPromptsTestbed();
  await seedDemoPrompt(t);
});
afterAll(() => t.close());

const loop = (path: string, body: unknown, key?: string) => loopCall(t, path, body, key);
const json = loopJson;

describe('POST /v1/loop/prompts/mget', () => {
  it('answers {code:0, msg:"", data:{items}} with int64s as strings and the Prompt fields the SDKs read', async () => {
    const res = await loop('mget', {
      workspace_id: 'ws-a',
      queries: [
        { prompt_key: 'ptaas_demo', version: '0.0.2' },
        { prompt_key: 'ptaas_demo', label: 'production' },
        { prompt_key: 'ptaas_demo' },
      ],
    });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.code).toBe(0);
    expect(body.msg).toBe('');
    const [byVersion, byLabel, latest] = body.data.items;
    expect(byVersion?.query).toEqual({ prompt_key: 'ptaas_demo', version: '0.0.2' });
    expect(byLabel?.prompt.version).toBe('0.0.1');
    expect(latest?.prompt.version).toBe('0.0.2');
    const prompt = byVersion?.prompt;
    expect(prompt).toMatchObject({
      workspace_id: 'ws-a',
      prompt_key: 'ptaas_demo',
      version: '0.0.2',
      display_name: 'PTaaS demo',
      prompt_type: 'normal',
      prompt_template: {
        template_type: 'normal',
        messages: [
          { role: 'system', content: 'You are a travel agent for {{company}}.' },
          { role: 'user', content: 'Plan {{days}} days in {{city}}.' },
        ],
        variable_defs: [
          { key: 'company', desc: '', type: 'string' },
          { key: 'days', desc: '', type: 'integer' },
          { key: 'city', desc: '', type: 'string' },
        ],
        metadata: { v: '2' },
      },
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather of a city' } }],
      tool_call_config: { tool_choice: 'auto' },
      llm_config: { temperature: 0.3, max_tokens: 200, name: t.modelId },
    });
    const parameters = prompt?.tools[0]?.function?.parameters;
    expect(typeof parameters).toBe('string');
    expect(JSON.parse(parameters ?? '')).toEqual(weatherTool.parameters);
    for (const value of [prompt?.id, prompt?.created_at, prompt?.updated_at]) expect(value).toMatch(/^\d+$/);
  });

  it('returns the caller draft for version $Draft', async () => {
    await t.call('/api/v1/prompts/ptaas_demo/draft', {
      method: 'PUT',
      body: { template: chatTemplate({ metadata: { draft: 'yes' } }) },
    });
    const body = await json(
      await loop('mget', {
        workspace_id: 'ws-a',
        queries: [{ prompt_key: 'ptaas_demo', version: '$Draft' }],
      }),
    );
    expect(body.data.items[0]?.prompt.prompt_template.metadata).toEqual({ draft: 'yes' });
    const other = await json(
      await loop(
        'mget',
        { workspace_id: 'ws-a', queries: [{ prompt_key: 'ptaas_demo', version: '$Draft' }] },
        t.keys.reader,
      ),
    );
    expect(other.code).toBe(600500404);
  });

  it('reports business errors as HTTP 200 with a non-zero code, credential errors with their status', async () => {
    const missing = await loop('mget', { workspace_id: 'ws-a', queries: [{ prompt_key: 'nope' }] });
    expect(missing.status).toBe(200);
    expect(await json(missing)).toEqual({ code: 600500404, msg: 'prompt "nope" not found' });
    const badLabel = await json(
      await loop('mget', { workspace_id: 'ws-a', queries: [{ prompt_key: 'ptaas_demo', label: 'gamma' }] }),
    );
    expect(badLabel).toEqual({ code: 600500404, msg: 'prompt "ptaas_demo" has no label gamma' });
    const tooMany = await json(
      await loop('mget', {
        workspace_id: 'ws-a',
        queries: Array.from({ length: 26 }, () => ({ prompt_key: 'ptaas_demo' })),
      }),
    );
    expect(tooMany.code).toBe(600500400);
    expect(tooMany.msg).toMatch(/^queries: /);
    const notJson = await t.call('/v1/loop/prompts/mget', { body: '{"workspace_id":', key: t.keys.writer });
    expect(await json(notJson)).toEqual({ code: 600500400, msg: 'the body must be JSON' });
    expect(await json(await loop('mget', { workspace_id: '', queries: [] }))).toEqual({
      code: 600500400,
      msg: 'workspace_id is required',
    });

    const otherWorkspace = await loop('mget', {
      workspace_id: 'ws-b',
      queries: [{ prompt_key: 'ptaas_demo' }],
    });
    expect(otherWorkspace.status).toBe(403);
    expect((await json(otherWorkspace)).code).toBe(600500403);
    const noKey = await t.app.request('/v1/loop/prompts/mget', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workspace_id: 'ws-a', queries: [{ prompt_key: 'ptaas_demo' }] }),
    });
    expect(noKey.status).toBe(401);
    expect((await json(noKey)).code).toBe(600500401);
  });
});
