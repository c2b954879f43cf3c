import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '../core/access/workspaces';
import { callApi, keyHeaders, newWorkspace, type Headers } from './access-test-kit';
import { startTestInstance, type TestInstance } from './test-instance';
import type { LoopAnswer } from '../plugins/prompts/prompts-test-kit';

// Deleted versions and versions that never existed, through the HTTP API of a running Spanloop.
let spanloop: TestInstance;
let team: Workspace;
let writer: Headers;

const template = (text: string) => ({ messages: [{ role: 'user', content: text }] });

const api = async (path: string, init: { method?: string; body?: unknown } = {}) => {
  const r = await callApi(spanloop, path, writer, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    ...init,
  });
  return { status: r.status, body: JSON.parse(r.text === '' ? 'null' : r.text) as unknown };
};

/** A prompt with versions 1.0.0, 1.0.1 and 1.0.2, each template naming its version; 1.0.2 is then deleted. */
const promptWithDeletedLatest = async (key: string) => {
  expect((await api('/api/v1/prompts', { body: { key, template: template('draft') } })).status).toBe(201);
  for (const version of ['1.0.0', '1.0.1', '1.0.2']) {
    expect(
      (await api(`/api/v1/prompts/${key}/draft`, { method: 'PUT', body: { template: template(version) } }))
        .status,
    ).toBe(200);
    expect(
      (await api(`/api/v1/prompts/${key}/versions`, { body: { version, commitMessage: version } })).status,
    ).toBe(201);
  }
  expect((await api(`/api/v1/prompts/${key}/versions/1.0.2`, { method: 'DELETE' })).status).toBe(204);
};

beforeAll(async () => {
  spanloop = await startTestInstance({ auth: { mode: 'required', maxFailures: 1000 } });
  team = await newWorkspace(spanloop, 'deleted-versions');
  writer = await keyHeaders(spanloop, team.id, ['ingest', 'read', 'write'], 'app');
});
afterAll(async () => {
  await spanloop.stop();
});

describe('prompt versions that were deleted or never existed', () => {
  it('serves the newest live version as latest on every read path, never the deleted one', async () => {
    await promptWithDeletedLatest('greet');
    for (const path of ['/api/v1/prompts/greet', '/api/v1/prompts/greet?label=latest'])
      expect(await api(path), path).toMatchObject({ status: 200, body: { version: { version: '1.0.1' } } });
    expect(await api('/api/v1/prompts/greet/render', { body: { variables: {} } })).toMatchObject({
      status: 200,
      body: { version: '1.0.1', messages: [{ role: 'user', content: '1.0.1' }] },
    });
    const listed = await api('/api/v1/prompts?search=greet');
    expect(listed).toMatchObject({
      status: 200,
      body: { prompts: [{ key: 'greet', latestVersion: '1.0.1' }] },
    });
    for (const query of [
      { prompt_key: 'greet' },
      { prompt_key: 'greet', version: '' },
      { prompt_key: 'greet', label: '' },
    ]) {
      const hub = await api('/v1/loop/prompts/mget', { body: { workspace_id: team.id, queries: [query] } });
      expect(hub.status, JSON.stringify(hub.body)).toBe(200);
      expect((hub.body as LoopAnswer).data?.items[0]?.prompt, JSON.stringify(hub.body)).toMatchObject({
        version: '1.0.1',
      });
    }
    expect(await api('/api/v1/prompts/greet?version=1.0.2')).toMatchObject({ status: 404 });
  });

  it('answers 404 when a label is pointed at a version that never existed or was deleted, and leaves the label be', async () => {
    await promptWithDeletedLatest('label-me');
    expect(
      (await api('/api/v1/prompts/label-me/labels/production', { method: 'PUT', body: { version: '1.0.0' } }))
        .status,
    ).toBe(200);
    for (const version of ['9.9.9', '1.0.2', '1.0.10'])
      expect(
        await api('/api/v1/prompts/label-me/labels/production', { method: 'PUT', body: { version } }),
        version,
      ).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect(
      await api('/api/v1/prompts/label-me/labels/staging', { method: 'PUT', body: { version: '7.7.7' } }),
    ).toMatchObject({ status: 404 });
    // A version of another prompt does not count.
    await promptWithDeletedLatest('other');
    await api('/api/v1/prompts/other/draft', { method: 'PUT', body: { template: template('x') } });
    expect(
      (await api('/api/v1/prompts/other/versions', { body: { version: '5.0.0', commitMessage: '' } })).status,
    ).toBe(201);
    expect(
      await api('/api/v1/prompts/label-me/labels/production', { method: 'PUT', body: { version: '5.0.0' } }),
    ).toMatchObject({ status: 404 });
    expect(await api('/api/v1/prompts/label-me/labels')).toMatchObject({
      status: 200,
      body: { labels: [{ label: 'production', version: '1.0.0' }] },
    });
    expect(await api('/api/v1/prompts/label-me?label=production')).toMatchObject({
      status: 200,
      body: { version: { version: '1.0.0' } },
    });
  });

  it('answers 404 for latest once every version is deleted', async () => {
    expect((await api('/api/v1/prompts', { body: { key: 'gone', template: template('x') } })).status).toBe(
      201,
    );
    expect(
      (await api('/api/v1/prompts/gone/versions', { body: { version: '1.0.0', commitMessage: '' } })).status,
    ).toBe(201);
    expect((await api('/api/v1/prompts/gone/versions/1.0.0', { method: 'DELETE' })).status).toBe(204);
    expect(await api('/api/v1/prompts/gone')).toMatchObject({ status: 404 });
    expect(await api('/api/v1/prompts/gone/render', { body: { variables: {} } })).toMatchObject({
      status: 404,
    });
  });
});
