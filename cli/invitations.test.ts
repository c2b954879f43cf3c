import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, type Headers } from './access-test-kit';
import { startTestInstance, type TestInstance } from './test-instance';

const OWNER = { email: 'owner@example.test', password: 'owner password 1' };
const auth = { mode: 'required', adminEmail: OWNER.email, adminPassword: OWNER.password, maxFailures: 1000 };
let spanloop: TestInstance;
let owner: Headers;

beforeAll(async () => {
  spanloop = await startTestInstance({ auth });
  owner = await login(spanloop, OWNER.email, OWNER.password);
});
afterAll(async () => {
  await spanloop.stop();
});

const sessionOf = (set: string | null): Headers => {
  const token = /spanloop_session=([^;]+)/.exec(set ?? '')?.[1];
  return token === undefined ? {} : { cookie: `spanloop_session=${token}` };
};

async function login(on: TestInstance, email: string, password: string): Promise<Headers> {
  const r = await callApi(on, '/api/v1/auth/login', {}, { method: 'POST', body: { email, password } });
  expect(r.status, `login ${email}`).toBe(200);
  return sessionOf(r.headers.get('set-cookie'));
}

const api = (headers: Headers, path: string, method = 'GET', body?: unknown) =>
  callApi(spanloop, `/api/v1${path}`, headers, { method, ...(body === undefined ? {} : { body }) });

interface Created {
  id: string;
  token: string;
  path: string;
  email: string;
  role: string;
  expiresAt: string;
}

async function invite(by: Headers, email: string, role = 'member', workspace?: string): Promise<Created> {
  const headers = workspace === undefined ? by : { ...by, 'x-spanloop-workspace': workspace };
  const r = await api(headers, '/workspace/invitations', 'POST', { email, role });
  expect(r.status, r.text).toBe(201);
  return JSON.parse(r.text) as Created;
}

/** Accepts by link as a new account; answers its session. */
async function acceptAsNew(token: string, password: string): Promise<Headers> {
  const r = await api({}, `/invitations/${token}/accept`, 'POST', { password });
  expect(r.status, r.text).toBe(200);
  return sessionOf(r.headers.get('set-cookie'));
}

const workspaceNames = async (who: Headers): Promise<string[]> =>
  (JSON.parse((await api(who, '/workspaces')).text) as { workspaces: { name: string }[] }).workspaces.map(
    (w) => w.name,
  );

describe('workspace invitations', () => {
  it('answers the same whether or not the invited email has an account, with the link once', async () => {
    const existing = await invite(owner, 'someone@example.test', 'viewer');
    await acceptAsNew(existing.token, 'someone password');
    const team = JSON.parse((await api(owner, '/workspaces', 'POST', { name: 'team' })).text) as {
      id: string;
    };

    const forAccount = await api(
      { ...owner, 'x-spanloop-workspace': 'team' },
      '/workspace/invitations',
      'POST',
      {
        email: 'someone@example.test',
        role: 'member',
      },
    );
    const forNobody = await api(
      { ...owner, 'x-spanloop-workspace': 'team' },
      '/workspace/invitations',
      'POST',
      {
        email: 'nobody@example.test',
        role: 'member',
      },
    );
    expect(forAccount.status).toBe(201);
    expect(forNobody.status).toBe(201);
    const a = JSON.parse(forAccount.text) as Record<string, unknown>;
    const b = JSON.parse(forNobody.text) as Record<string, unknown>;
    expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
    expect(a).toMatchObject({ workspaceId: team.id, email: 'someone@example.test', role: 'member' });
    expect(String(a.path)).toBe(`/#/invitation?token=${String(a.token)}`);
    expect(forAccount.headers.get('cache-control')).toBe('no-store');

    // The list shows both without tokens; inviting again replaces the pending invitation and its link.
    const listed = JSON.parse(
      (await api({ ...owner, 'x-spanloop-workspace': 'team' }, '/workspace/invitations')).text,
    ) as {
      invitations: Record<string, unknown>[];
    };
    expect(listed.invitations.map((i) => i.email).sort()).toEqual([
      'nobody@example.test',
      'someone@example.test',
    ]);
    expect(listed.invitations.every((i) => i.token === undefined)).toBe(true);
    const again = await invite(owner, 'nobody@example.test', 'viewer', 'team');
    expect((await api({}, `/invitations/${String(b.token)}`)).status).toBe(404);
    expect(JSON.parse((await api({}, `/invitations/${again.token}`)).text)).toMatchObject({
      workspaceName: 'team',
      role: 'viewer',
      accountExists: false,
    });
  });

  it('lets a new user accept by setting a password, then see and use the workspace', async () => {
    const inv = await invite(owner, 'New.Person@example.test', 'member');
    expect(inv.email).toBe('new.person@example.test');
    expect(Date.parse(inv.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    expect((await api({}, `/invitations/${inv.token}/accept`, 'POST', {})).status).toBe(401);
    expect((await api({}, `/invitations/${inv.token}/accept`, 'POST', { password: 'short' })).status).toBe(
      400,
    );
    const session = await acceptAsNew(inv.token, 'a new password');
    expect(await workspaceNames(session)).toEqual(['default']);
    const me = JSON.parse((await api(session, '/me')).text) as { role: string };
    expect(me.role).toBe('member');
    expect(
      (await api({}, `/invitations/${inv.token}/accept`, 'POST', { password: 'another one' })).status,
    ).toBe(404);
    await login(spanloop, 'new.person@example.test', 'a new password');
  });

  it('lets an existing user accept only when logged in as the invited email, never by setting a password', async () => {
    const existing = await invite(owner, 'second@example.test', 'viewer');
    const second = await acceptAsNew(existing.token, 'second password');
    await api(owner, '/workspaces', 'POST', { name: 'lab' });
    const inv = await invite(owner, 'second@example.test', 'member', 'lab');
    expect(JSON.parse((await api({}, `/invitations/${inv.token}`)).text)).toMatchObject({
      accountExists: true,
    });
    const takeover = await api({}, `/invitations/${inv.token}/accept`, 'POST', {
      password: 'takeover attempt',
    });
    expect(takeover.status).toBe(409);
    const stranger = await login(spanloop, 'new.person@example.test', 'a new password');
    expect((await api(stranger, `/invitations/${inv.token}/accept`, 'POST')).status).toBe(403);
    expect(await workspaceNames(stranger)).not.toContain('lab');

    // The invitee's own list, accepted from there.
    const mine = JSON.parse((await api(second, '/me/invitations')).text) as { invitations: { id: string }[] };
    expect(mine.invitations).toEqual([
      expect.objectContaining({ id: inv.id, workspaceName: 'lab', role: 'member' }),
    ]);
    expect((await api(stranger, `/me/invitations/${inv.id}/accept`, 'POST')).status).toBe(404);
    expect((await api(second, `/me/invitations/${inv.id}/accept`, 'POST')).status).toBe(200);
    expect(await workspaceNames(second)).toEqual(['default', 'lab']);
    expect((await api({}, '/me/invitations')).status).toBe(401);
  });

  it('declines, revokes and expires invitations', async () => {
    const declined = await invite(owner, 'decliner@example.test');
    expect((await api({}, `/invitations/${declined.token}/decline`, 'POST')).status).toBe(204);
    expect(
      (await api({}, `/invitations/${declined.token}/accept`, 'POST', { password: 'long enough' })).status,
    ).toBe(404);

    const revoked = await invite(owner, 'revoked@example.test');
    expect((await api(owner, `/workspace/invitations/${revoked.id}`, 'DELETE')).status).toBe(204);
    expect((await api(owner, `/workspace/invitations/${revoked.id}`, 'DELETE')).status).toBe(404);
    expect((await api({}, `/invitations/${revoked.token}`)).status).toBe(404);

    const expired = await invite(owner, 'late@example.test');
    await spanloop.metadata.query(
      "UPDATE workspace_invitations SET expires_at = now() - interval '1 second' WHERE id = $1",
      [expired.id],
    );
    expect((await api({}, `/invitations/${expired.token}`)).status).toBe(404);
    expect(
      (await api({}, `/invitations/${expired.token}/accept`, 'POST', { password: 'long enough' })).status,
    ).toBe(404);
    const listed = JSON.parse((await api(owner, '/workspace/invitations')).text) as {
      invitations: { id: string }[];
    };
    expect(listed.invitations.map((i) => i.id)).not.toContain(expired.id);

    // The invitee declines from its own list.
    const viewerInv = await invite(owner, 'own-list@example.test', 'viewer');
    const own = await acceptAsNew(viewerInv.token, 'own list password');
    await api(owner, '/workspaces', 'POST', { name: 'declined-ws' });
    const pending = await invite(owner, 'own-list@example.test', 'member', 'declined-ws');
    expect((await api(own, `/me/invitations/${pending.id}/decline`, 'POST')).status).toBe(204);
    expect(await workspaceNames(own)).toEqual(['default']);

    // A viewer can neither invite nor revoke.
    expect(
      (await api(own, '/workspace/invitations', 'POST', { email: 'x@example.test', role: 'viewer' })).status,
    ).toBe(403);
    expect((await api(own, `/workspace/invitations/${declined.id}`, 'DELETE')).status).toBe(403);
  });

  it('lets only instance administrators create workspaces by default', async () => {
    const inv = await invite(owner, 'creator@example.test');
    const member = await acceptAsNew(inv.token, 'creator password');
    const refused = await api(member, '/workspaces', 'POST', { name: 'mine' });
    expect(refused.status).toBe(403);
    expect(await workspaceNames(member)).toEqual(['default']);
    expect((await api(owner, '/workspaces', 'POST', { name: 'admins-one' })).status).toBe(201);
  });
});
