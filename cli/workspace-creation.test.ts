import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, type Headers } from './access-test-kit';
import { startTestInstance, type TestInstance } from './test-instance';

const OWNER = { email: 'owner@example.test', password: 'owner password 1' };
let spanloop: TestInstance;

beforeAll(async () => {
  spanloop = await startTestInstance({
    auth: {
      mode: 'required',
      adminEmail: OWNER.email,
      adminPassword: OWNER.password,
      maxFailures: 1000,
      workspaceCreation: 'everyone',
    },
  });
});
afterAll(async () => {
  await spanloop.stop();
});

const sessionOf = (set: string | null): Headers => {
  const token = /spanloop_session=([^;]+)/.exec(set ?? '')?.[1];
  return token === undefined ? {} : { cookie: `spanloop_session=${token}` };
};

describe('SPANLOOP_WORKSPACE_CREATION=everyone', () => {
  it('lets a logged-in user who is no administrator create a workspace it then owns', async () => {
    const login = await callApi(spanloop, '/api/v1/auth/login', {}, { method: 'POST', body: OWNER });
    const owner = sessionOf(login.headers.get('set-cookie'));
    const r = await callApi(spanloop, '/api/v1/workspace/invitations', owner, {
      method: 'POST',
      body: { email: 'creator@example.test', role: 'viewer' },
    });
    const { token } = JSON.parse(r.text) as { token: string };
    const joined = await callApi(
      spanloop,
      `/api/v1/invitations/${token}/accept`,
      {},
      {
        method: 'POST',
        body: { password: 'creator password' },
      },
    );
    const viewer = sessionOf(joined.headers.get('set-cookie'));
    const created = await callApi(spanloop, '/api/v1/workspaces', viewer, {
      method: 'POST',
      body: { name: 'mine' },
    });
    expect(created.status, created.text).toBe(201);
    const me = await callApi(spanloop, '/api/v1/me', { ...viewer, 'x-spanloop-workspace': 'mine' });
    expect(JSON.parse(me.text)).toMatchObject({ role: 'owner' });
  });
});
