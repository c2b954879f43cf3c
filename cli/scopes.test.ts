import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../core/access/password';
import { createUser, setMember } from '../core/access/users';
import type { Role, Scope } from '../schemas/access';
import { callApi, keyHeaders, type Headers } from './access-test-kit';
import {
  openPromptsInstance,
  registerModel,
  tripTemplate,
  type PromptsInstance,
} from './prompts-instance-kit';

// One rule for every credential: reads need read, changes need write, model calls (money) need run.
let i: PromptsInstance;
let modelId: string;

beforeAll(async () => {
  i = await openPromptsInstance('scope-team');
  modelId = await registerModel(i);
  const prompt = await callApi(i.spanloop, '/api/v1/prompts', i.writer, {
    method: 'POST',
    body: { key: 'trip', template: tripTemplate(modelId) },
  });
  expect(prompt.status).toBe(201);
  const commit = await callApi(i.spanloop, '/api/v1/prompts/trip/versions', i.writer, {
    method: 'POST',
    body: { version: '1.0.0' },
  });
  expect(commit.status).toBe(201);
});
afterAll(() => i.stop());

/** A user of the team with `role`, logged in through the API, acting in the team's workspace. */
async function session(role: Role): Promise<Headers> {
  const email = `${role}@scopes.test`;
  const user = await createUser(i.spanloop.metadata, {
    email,
    passwordHash: await hashPassword('pw-12345678'),
  });
  if (user === undefined) throw new Error('user not created');
  await setMember(i.spanloop.metadata, i.team.id, user.id, role);
  const r = await callApi(
    i.spanloop,
    '/api/v1/auth/login',
    {},
    {
      method: 'POST',
      body: { email, password: 'pw-12345678' },
    },
  );
  const token = /spanloop_session=([^;]+)/.exec(r.headers.get('set-cookie') ?? '')?.[1] ?? '';
  return { cookie: `spanloop_session=${token}`, 'x-spanloop-workspace': i.team.id };
}

const key = (scopes: Scope[]) => keyHeaders(i.spanloop, i.team.id, scopes);

const variables = { company: 'Acme', city: 'Porto' };
const execute = {
  workspace_id: '',
  prompt_identifier: { prompt_key: 'trip', version: '1.0.0' },
  variable_vals: [
    { key: 'company', value: 'Acme' },
    { key: 'city', value: 'Porto' },
  ],
};

/** The status of each kind of call as `who`. */
async function matrix(who: Headers): Promise<Record<string, number>> {
  const call = async (path: string, method = 'GET', body?: unknown) => {
    i.fake.enqueue({ type: 'message', text: 'ok', usage: { inputTokens: 1, outputTokens: 1 } });
    return (await callApi(i.spanloop, path, who, { method, ...(body === undefined ? {} : { body }) })).status;
  };
  const loop = { ...execute, workspace_id: i.team.id };
  return {
    read: await call('/api/v1/prompts/trip'),
    search: await call('/api/v1/traces/search', 'POST', { from: Date.now() - 3_600_000, to: Date.now() }),
    mget: await call('/v1/loop/prompts/mget', 'POST', {
      workspace_id: i.team.id,
      queries: [{ prompt_key: 'trip' }],
    }),
    write: await call('/api/v1/prompts/trip', 'PATCH', { description: 'changed' }),
    playground: await call('/api/v1/prompts/trip/playground', 'POST', { version: '1.0.0', variables }),
    stream: await call('/api/v1/prompts/trip/playground/stream', 'POST', { version: '1.0.0', variables }),
    execute: await call('/v1/loop/prompts/execute', 'POST', loop),
    executeStreaming: await call('/v1/loop/prompts/execute_streaming', 'POST', loop),
    chat: await call(`/api/v1/models/${modelId}/chat`, 'POST', {
      messages: [{ role: 'user', content: 'hi' }],
    }),
  };
}

const expectMatrix = (got: Record<string, number>, allowed: readonly string[]) => {
  const want = Object.fromEntries(Object.keys(got).map((k) => [k, allowed.includes(k) ? 200 : 403]));
  expect(got).toEqual(want);
};

const READS = ['read', 'search', 'mget'];
const RUNS = ['playground', 'stream', 'execute', 'executeStreaming', 'chat'];

describe('scopes: read to look, write to change, run to spend money', () => {
  it('keeps viewers and read-only keys from model calls', async () => {
    expectMatrix(await matrix(await key(['read'])), READS);
    expectMatrix(await matrix(await session('viewer')), READS);
  });

  it('lets a write-only key change prompts under /api/v1 but not read them or call models', async () => {
    expectMatrix(await matrix(await key(['write'])), ['write']);
  });

  it('lets a run key call models, and only that', async () => {
    expectMatrix(await matrix(await key(['run'])), RUNS);
  });

  it('gives members reads, writes and runs', async () => {
    expectMatrix(await matrix(await session('member')), [...READS, 'write', ...RUNS]);
    expectMatrix(await matrix(await key(['read', 'write', 'run'])), [...READS, 'write', ...RUNS]);
  });

  it('accepts the run scope when an admin creates a key', async () => {
    const admin = await session('admin');
    const created = await callApi(i.spanloop, '/api/v1/keys', admin, {
      method: 'POST',
      body: { name: 'runner', scopes: ['ingest', 'read', 'write', 'run', 'admin'] },
    });
    expect(created.status, created.text).toBe(201);
    expect(JSON.parse(created.text)).toMatchObject({ scopes: ['ingest', 'read', 'write', 'run', 'admin'] });
    const me = JSON.parse((await callApi(i.spanloop, '/api/v1/me', admin)).text) as { scopes: string[] };
    expect(me.scopes).toContain('run');
  });
});
