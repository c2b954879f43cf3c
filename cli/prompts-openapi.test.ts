import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentedResponse } from '../query/openapi/response-conformance';
import {
  openPromptsInstance,
  registerModel,
  tripTemplate,
  type PromptsInstance,
} from './prompts-instance-kit';

// Every prompts route that changes state, the Cozeloop ones included, against the OpenAPI document a running
// Spanloop serves: successes and errors alike answer with the documented status, media type and body. (The GET
// routes are walked by openapi.test.ts.)
let i: PromptsInstance;
let modelId: string;
const variables = { company: 'Acme', city: 'Porto' };
const template = tripTemplate;

beforeAll(async () => {
  i = await openPromptsInstance('openapi-team');
  modelId = await registerModel(i);
  await i.call('post', '/api/v1/prompts', '/api/v1/prompts', { key: 'trip', template: template(modelId) });
  await i.call('post', '/api/v1/prompts/{key}/versions', '/api/v1/prompts/trip/versions', {
    version: '1.0.0',
  });
});
afterAll(() => i.stop());

describe('the prompts routes against the OpenAPI document', () => {
  it('answers every other prompts route as the document says, errors included', async () => {
    const key = '/api/v1/prompts/{key}';
    const draft = await i.call('put', `${key}/draft`, '/api/v1/prompts/trip/draft', {
      template: template(modelId),
    });
    expect(draft.status).toBe(200);
    expect(
      (await i.call('post', `${key}/draft/revert`, '/api/v1/prompts/trip/draft/revert', { version: '1.0.0' }))
        .status,
    ).toBe(200);
    expect((await i.call('delete', `${key}/draft`, '/api/v1/prompts/trip/draft')).status).toBe(204);
    expect((await i.call('get', `${key}/draft`, '/api/v1/prompts/trip/draft')).status).toBe(404);
    expect((await i.call('patch', key, '/api/v1/prompts/trip', { description: 'day plans' })).status).toBe(
      200,
    );
    expect((await i.call('patch', key, '/api/v1/prompts/trip', {})).status).toBe(400);
    const rendered = await i.call('post', `${key}/render`, '/api/v1/prompts/trip/render', { variables });
    expect(rendered.body).toMatchObject({ key: 'trip', version: '1.0.0', model: { modelId } });
    expect(
      (await i.call('post', `${key}/render`, '/api/v1/prompts/trip/render', { variables: { city: 3 } }))
        .status,
    ).toBe(400);
    const second = await i.call('post', `${key}/versions`, '/api/v1/prompts/trip/versions', {
      version: '1.1.0',
      template: { ...template(modelId), model: { modelId, params: { temperature: 0.9 } } },
    });
    expect(second.status).toBe(201);
    expect(
      (
        await i.call('post', `${key}/versions`, '/api/v1/prompts/trip/versions', {
          version: '1.1.0',
          template: template(modelId),
        })
      ).status,
    ).toBe(409);
    expect(
      (await i.call('put', `${key}/labels/{label}`, '/api/v1/prompts/trip/labels/beta', { version: '1.1.0' }))
        .status,
    ).toBe(200);
    expect(
      (await i.call('delete', `${key}/versions/{version}`, '/api/v1/prompts/trip/versions/1.1.0')).status,
    ).toBe(409);

    i.fake.enqueue({ type: 'message', text: 'A', usage: { inputTokens: 3, outputTokens: 1 } });
    i.fake.enqueue({ type: 'message', text: 'B', usage: { inputTokens: 3, outputTokens: 1 } });
    const compared = await i.call(
      'post',
      `${key}/playground/compare`,
      '/api/v1/prompts/trip/playground/compare',
      {
        variables,
        variants: [{ version: '1.0.0' }, { label: 'beta' }, { version: '1.0.0', modelId: 'no-such-model' }],
      },
    );
    expect(compared.status).toBe(200);
    expect((compared.body as { results: { ok: boolean }[] }).results.map((r) => r.ok)).toEqual([
      true,
      true,
      false,
    ]);

    const fetched = await fetch(`${i.spanloop.api}/api/v1/prompts/trip?label=beta`, { headers: i.writer });
    const etag = fetched.headers.get('etag') ?? '';
    const cached = await fetch(`${i.spanloop.api}/api/v1/prompts/trip?label=beta`, {
      headers: { ...i.writer, 'if-none-match': etag },
    });
    expect(documentedResponse(i.doc, key, cached.status)).toBeDefined();
    expect(cached.status).toBe(304);

    const mget = await i.call('post', '/v1/loop/prompts/mget', '/v1/loop/prompts/mget', {
      workspace_id: i.team.id,
      queries: [{ prompt_key: 'trip', label: 'beta' }, { prompt_key: 'trip' }],
    });
    expect(mget.body).toMatchObject({ code: 0, data: { items: [{ prompt: { version: '1.1.0' } }, {}] } });
    const missing = await i.call('post', '/v1/loop/prompts/execute', '/v1/loop/prompts/execute', {
      workspace_id: i.team.id,
      prompt_identifier: { prompt_key: 'nope' },
    });
    expect(missing).toMatchObject({ status: 200, body: { code: 600500404 } });
    const anonymous = await i.call(
      'post',
      '/v1/loop/prompts/mget',
      '/v1/loop/prompts/mget',
      { workspace_id: i.team.id, queries: [] },
      {},
    );
    expect(anonymous).toMatchObject({ status: 401, body: { code: 600500401 } });

    expect((await i.call('delete', `${key}/labels/{label}`, '/api/v1/prompts/trip/labels/beta')).status).toBe(
      204,
    );
    expect(
      (await i.call('delete', `${key}/versions/{version}`, '/api/v1/prompts/trip/versions/1.1.0')).status,
    ).toBe(204);
    const created = await i.call('post', '/api/v1/prompts', '/api/v1/prompts', { key: 'scratch' });
    expect(created.body).toMatchObject({ prompt: { key: 'scratch' }, draft: null });
    expect((await i.call('post', '/api/v1/prompts', '/api/v1/prompts', { key: 'scratch' })).status).toBe(409);
    expect((await i.call('delete', key, '/api/v1/prompts/scratch')).status).toBe(204);
    expect((await i.call('delete', key, '/api/v1/prompts/scratch')).status).toBe(404);
  });

  it("answers Cozeloop's prompt management as the document says, and executes what it committed", async () => {
    const loop = '/v1/loop/prompts';
    const created = await i.call('post', loop, loop, {
      workspace_id: i.team.id,
      prompt_name: 'Greeter',
      prompt_key: 'greeter',
    });
    const id = (created.body as { prompt_id: string }).prompt_id;
    const byId = `${loop}/{prompt_id}`;
    const detail = {
      prompt_template: {
        template_type: 'normal',
        messages: [{ role: 'user', content: 'Greet {{name}}.' }],
        variable_defs: [{ key: 'name', desc: '', type: 'string' }],
      },
      tools: [],
      model_config: { model_id: modelId },
    };
    const saved = await i.call('post', `${byId}/drafts/save`, `${loop}/${id}/drafts/save`, {
      workspace_id: i.team.id,
      prompt_draft: { detail },
    });
    expect(saved.body).toMatchObject({ code: 0, draft_info: { is_modified: true } });
    const bad = await i.call('post', `${byId}/drafts/save`, `${loop}/${id}/drafts/save`, {
      workspace_id: i.team.id,
    });
    expect(bad).toMatchObject({ status: 200, body: { code: 600500400 } });
    const committed = await i.call('post', `${byId}/drafts/commit`, `${loop}/${id}/drafts/commit`, {
      workspace_id: i.team.id,
      commit_version: '0.1.0',
    });
    expect(committed.body).toEqual({ code: 0, msg: '' });
    const got = await i.call(
      'get',
      byId,
      `${loop}/${id}?workspace_id=${i.team.id}&with_commit=true&with_draft=true`,
    );
    expect(got.body).toMatchObject({
      code: 0,
      prompt: { prompt_commit: { detail, commit_info: { version: '0.1.0' } } },
    });
    const commits = await i.call(
      'post',
      `${byId}/commits/list`,
      `${loop}/${id}/commits/list?with_commit_detail=true`,
      {
        workspace_id: i.team.id,
        page_size: 10,
      },
    );
    expect(commits.body).toMatchObject({
      has_more: false,
      prompt_commit_detail_mapping: { '0.1.0': detail },
    });
    const listed = await i.call('post', `${loop}/list`, `${loop}/list`, {
      workspace_id: i.team.id,
      key_word: 'greet',
    });
    expect(listed.body).toMatchObject({ data: { total: 1, prompts: [{ id, latest_version: '0.1.0' }] } });

    i.fake.enqueue({ type: 'message', text: 'Hello, Ana!', usage: { inputTokens: 4, outputTokens: 3 } });
    const executed = await i.call('post', `${loop}/execute`, `${loop}/execute`, {
      workspace_id: i.team.id,
      prompt_identifier: { prompt_key: 'greeter' },
      variable_vals: [{ key: 'name', value: 'Ana' }],
    });
    expect(executed.body).toMatchObject({ code: 0, data: { message: { content: 'Hello, Ana!' } } });
    expect(i.fake.requests.at(-1)?.body).toMatchObject({
      messages: [{ role: 'user', content: 'Greet Ana.' }],
    });

    expect((await i.call('delete', byId, `${loop}/${id}?workspace_id=${i.team.id}`)).body).toEqual({
      code: 0,
      msg: '',
    });
    expect((await i.call('get', byId, `${loop}/${id}?workspace_id=${i.team.id}`)).body).toMatchObject({
      code: 600500404,
    });
  });
});
