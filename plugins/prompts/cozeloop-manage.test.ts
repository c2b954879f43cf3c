import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopCall, weatherTool } from './cozeloop-test-kit';
import { bodyOf, openPromptsTestbed, type PromptsTestbed } from './prompts-test-kit';

// Cozeloop's prompt management OpenAPI (coze.loop.prompt.openapi.thrift) as its SDKs and scripts call it.
let t: PromptsTestbed;
let promptId: string;
beforeAll(async () => {
  t = await openPromptsTestbed();
});
afterAll(() => t.close());

interface Answer {
  code: number;
  msg: string;
  prompt_id?: string;
  data?: { prompts: Record<string, unknown>[]; total: number };
  prompt?: Record<string, unknown> & {
    prompt_basic: Record<string, unknown>;
    prompt_draft?: { detail: Record<string, unknown>; draft_info: Record<string, unknown> };
    prompt_commit?: { detail: Record<string, unknown>; commit_info: Record<string, unknown> };
  };
  draft_info?: Record<string, unknown>;
  prompt_commit_infos?: { version: string; description: string; committed_by: string }[];
  prompt_commit_detail_mapping?: Record<string, unknown>;
  has_more?: boolean;
  next_page_token?: string;
}

/** A POST to /v1/loop/prompts/<path>, or to /v1/loop/prompts itself for ''. */
const post = async (path: string, body: unknown, key?: string) => {
  const res =
    path === ''
      ? await t.call('/v1/loop/prompts', { body, ...(key === undefined ? {} : { key }) })
      : await loopCall(t, path, body, key);
  return { status: res.status, body: await bodyOf<Answer>(res) };
};
const send = async (method: 'GET' | 'DELETE', path: string, key?: string) => {
  const res = await t.call(`/v1/loop/prompts/${path}`, { method, ...(key === undefined ? {} : { key }) });
  return { status: res.status, body: await bodyOf<Answer>(res) };
};

/** A PromptDetail as the Cozeloop SDKs send it. */
const detail = (model: string, system = 'You plan trips for {{company}}.') => ({
  prompt_template: {
    template_type: 'normal',
    messages: [
      { role: 'system', content: system },
      { role: 'placeholder', content: 'history' },
      { role: 'user', content: 'Plan a day in {{city}}.' },
    ],
    variable_defs: [
      { key: 'company', desc: 'who we are', type: 'string' },
      { key: 'city', desc: '', type: 'string' },
      { key: 'history', desc: '', type: 'placeholder' },
    ],
  },
  tools: [
    {
      type: 'function',
      function: {
        name: weatherTool.name,
        description: weatherTool.description,
        parameters: JSON.stringify(weatherTool.parameters),
      },
    },
  ],
  tool_call_config: { tool_choice: 'auto' },
  model_config: { model_id: model, temperature: 0.4, max_tokens: 300 },
});

describe('Cozeloop prompt management', () => {
  it('creates a prompt and answers its prompt_id; a taken key or a snippet is a business error', async () => {
    const created = await post('', {
      workspace_id: 'ws-a',
      prompt_name: 'Trip planner',
      prompt_key: 'trip_planner',
      prompt_description: 'plans trips',
      prompt_type: 'normal',
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      code: 0,
      msg: '',
      prompt_id: expect.stringMatching(/^\d+$/) as string,
    });
    promptId = created.body.prompt_id ?? '';
    const again = await post('', { workspace_id: 'ws-a', prompt_name: 'x', prompt_key: 'trip_planner' });
    expect(again).toMatchObject({ status: 200, body: { code: 600500409 } });
    const snippet = await post('', {
      workspace_id: 'ws-a',
      prompt_name: 'x',
      prompt_key: 'snip',
      prompt_type: 'snippet',
    });
    expect(snippet.body.code).toBe(600500400);
    expect(snippet.body.msg).toMatch(/snippets are not/);
    const reader = await post('', { workspace_id: 'ws-a', prompt_name: 'x', prompt_key: 'r' }, t.keys.reader);
    expect(reader).toMatchObject({ status: 403, body: { code: 600500403 } });
  });

  it('saves the caller’s draft from a PromptDetail and gives it back unchanged', async () => {
    const saved = await post(`${promptId}/drafts/save`, {
      workspace_id: 'ws-a',
      prompt_draft: { detail: detail(t.modelId) },
    });
    expect(saved.body).toMatchObject({
      code: 0,
      draft_info: { user_id: expect.stringMatching(/^key:/) as string, is_modified: true },
    });
    expect(saved.body.draft_info).not.toHaveProperty('base_version');
    const got = await send('GET', `${promptId}?workspace_id=ws-a&with_draft=true`);
    expect(got.body.prompt?.prompt_draft?.detail).toEqual(detail(t.modelId));
    expect(got.body.prompt).toMatchObject({
      id: promptId,
      workspace_id: 'ws-a',
      prompt_key: 'trip_planner',
      prompt_basic: { display_name: 'Trip planner', description: 'plans trips' },
    });
    expect(got.body.prompt?.prompt_basic).not.toHaveProperty('latest_version');
    // Another caller has no draft.
    const other = await send('GET', `${promptId}?workspace_id=ws-a&with_draft=true`, t.keys.writer2);
    expect(other.body.prompt).not.toHaveProperty('prompt_draft');
  });

  it('refuses a detail that is not a valid template, naming the field', async () => {
    const bad = detail(t.modelId);
    bad.prompt_template.variable_defs = bad.prompt_template.variable_defs.slice(0, 2);
    const res = await post(`${promptId}/drafts/save`, {
      workspace_id: 'ws-a',
      prompt_draft: { detail: bad },
    });
    expect(res.body.code).toBe(600500400);
    expect(res.body.msg).toMatch(/prompt_draft\.detail: messages\.1\.content: .*"history" is not one/);
    const jinja = { ...detail(t.modelId), prompt_template: { template_type: 'go_template' } };
    const engine = await post(`${promptId}/drafts/save`, {
      workspace_id: 'ws-a',
      prompt_draft: { detail: jinja },
    });
    expect(engine.body.msg).toMatch(/template_type must be normal or jinja2/);
  });

  it('commits the draft as a version, which mget then serves', async () => {
    const committed = await post(`${promptId}/drafts/commit`, {
      workspace_id: 'ws-a',
      commit_version: '1.0.0',
      commit_description: 'first',
    });
    expect(committed.body).toEqual({ code: 0, msg: '' });
    const twice = await post(`${promptId}/drafts/commit`, { workspace_id: 'ws-a', commit_version: '1.0.0' });
    expect(twice.body.code).toBe(600500409);
    const none = await post(
      `${promptId}/drafts/commit`,
      { workspace_id: 'ws-a', commit_version: '1.0.1' },
      t.keys.writer2,
    );
    expect(none.body).toMatchObject({
      code: 600500400,
      msg: expect.stringMatching(/save one first/) as string,
    });

    const got = await send('GET', `${promptId}?workspace_id=ws-a&with_commit=true&with_draft=true`);
    expect(got.body.prompt?.prompt_commit).toMatchObject({
      detail: detail(t.modelId),
      commit_info: {
        version: '1.0.0',
        description: 'first',
        committed_by: expect.stringMatching(/^key:/) as string,
      },
    });
    expect(got.body.prompt?.prompt_draft?.draft_info).toMatchObject({
      base_version: '1.0.0',
      is_modified: false,
    });
    expect(got.body.prompt?.prompt_basic).toMatchObject({
      latest_version: '1.0.0',
      latest_committed_at: expect.stringMatching(/^\d+$/) as string,
    });
    const mget = await post('mget', { workspace_id: 'ws-a', queries: [{ prompt_key: 'trip_planner' }] });
    expect(mget.body).toMatchObject({
      code: 0,
      data: { items: [{ prompt: { id: promptId, version: '1.0.0', llm_config: { temperature: 0.4 } } }] },
    });
  });

  it('lists commits newest first in pages, with their details when asked', async () => {
    await post(`${promptId}/drafts/save`, {
      workspace_id: 'ws-a',
      prompt_draft: { detail: detail(t.modelId, 'You plan short trips for {{company}}.') },
    });
    await post(`${promptId}/drafts/commit`, { workspace_id: 'ws-a', commit_version: '1.1.0' });
    const first = await post(`${promptId}/commits/list`, { workspace_id: 'ws-a', page_size: 1 });
    expect(first.body).toMatchObject({ code: 0, has_more: true });
    expect(first.body.prompt_commit_infos?.map((c) => c.version)).toEqual(['1.1.0']);
    expect(first.body).not.toHaveProperty('prompt_commit_detail_mapping');
    const second = await post(`${promptId}/commits/list?with_commit_detail=true`, {
      workspace_id: 'ws-a',
      page_size: 1,
      page_token: first.body.next_page_token,
    });
    expect(second.body).toMatchObject({ has_more: false, prompt_commit_infos: [{ version: '1.0.0' }] });
    expect(second.body).not.toHaveProperty('next_page_token');
    expect(second.body.prompt_commit_detail_mapping).toEqual({ '1.0.0': detail(t.modelId) });
    const zero = await post(`${promptId}/commits/list`, { workspace_id: 'ws-a', page_size: 0 });
    expect(zero.body.code).toBe(600500400);
  });

  it('lists prompts by page with their total, filtered by key word and creator', async () => {
    for (const key of ['alpha', 'beta', 'gamma'])
      await post('', { workspace_id: 'ws-a', prompt_name: `${key} prompt`, prompt_key: key }, t.keys.writer2);
    const page = await post('list', { workspace_id: 'ws-a', page_number: 2, page_size: 2 });
    expect(page.body.data?.total).toBe(4);
    expect(page.body.data?.prompts.map((p) => p.prompt_key)).toEqual(['gamma', 'trip_planner']);
    expect(page.body.data?.prompts[1]).toMatchObject({ id: promptId, latest_version: '1.1.0' });
    const found = await post('list', { workspace_id: 'ws-a', key_word: 'TRIP' });
    expect(found.body.data).toMatchObject({ total: 1, prompts: [{ prompt_key: 'trip_planner' }] });
    const creator = String(page.body.data?.prompts[0]?.created_by);
    const mine = await post('list', { workspace_id: 'ws-a', creator });
    expect(mine.body.data?.prompts.map((p) => p.prompt_key)).toEqual(['alpha', 'beta', 'gamma']);
    const other = await post('list', { workspace_id: 'ws-b' }, t.keys.otherWorkspace);
    expect(other.body.data).toEqual({ prompts: [], total: 0 });
  });

  it('deletes a prompt; unknown ids, other workspaces and bad ids answer as Cozeloop does', async () => {
    const foreign = await send('GET', `${promptId}?workspace_id=ws-b`, t.keys.otherWorkspace);
    expect(foreign.body.code).toBe(600500404);
    const wrongWorkspace = await send('GET', `${promptId}?workspace_id=ws-a`, t.keys.otherWorkspace);
    expect(wrongWorkspace).toMatchObject({ status: 403, body: { code: 600500403 } });
    expect((await send('GET', 'abc?workspace_id=ws-a')).body).toMatchObject({
      code: 600500400,
      msg: expect.stringMatching(/^prompt_id: /) as string,
    });
    expect((await send('DELETE', `${promptId}?workspace_id=ws-a`, t.keys.reader)).status).toBe(403);
    expect((await send('DELETE', `${promptId}?workspace_id=ws-a`)).body).toEqual({ code: 0, msg: '' });
    expect((await send('GET', `${promptId}?workspace_id=ws-a`)).body.code).toBe(600500404);
    expect((await send('DELETE', `${promptId}?workspace_id=ws-a`)).body.code).toBe(600500404);
  });
});
