import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, callApi, type Headers } from './access-test-kit';
import { startTestInstance, type TestInstance } from './test-instance';

const OWNER = { email: 'owner@example.test', password: 'owner password 1' };
let spanloop: TestInstance;
let owner: Headers;

beforeAll(async () => {
  spanloop = await startTestInstance({
    auth: { mode: 'required', adminEmail: OWNER.email, adminPassword: OWNER.password, maxFailures: 1000 },
  });
  owner = await login(OWNER.email, OWNER.password);
});
afterAll(async () => {
  await spanloop.stop();
});

async function tryLogin(email: string, password: string) {
  const r = await callApi(spanloop, '/api/v1/auth/login', {}, { method: 'POST', body: { email, password } });
  const cookie = /spanloop_session=([^;]+)/.exec(r.headers.get('set-cookie') ?? '')?.[1];
  return { status: r.status, headers: cookie === undefined ? {} : { cookie: `spanloop_session=${cookie}` } };
}

async function login(email: string, password: string): Promise<Headers> {
  const r = await tryLogin(email, password);
  expect(r.status, `login ${email}`).toBe(200);
  return r.headers;
}

const api = (headers: Headers, path: string, method = 'GET', body?: unknown) =>
  callApi(spanloop, `/api/v1${path}`, headers, { method, ...(body === undefined ? {} : { body }) });

/** Invites a new user with a role as the owner; it accepts by setting a password. Answers its id and a session. */
async function newMember(email: string, role: string): Promise<{ id: string; session: Headers }> {
  const invited = await api(owner, '/workspace/invitations', 'POST', { email, role });
  expect(invited.status, invited.text).toBe(201);
  const { token } = JSON.parse(invited.text) as { token: string };
  const r = await api({}, `/invitations/${token}/accept`, 'POST', { password: `${email} pw` });
  expect(r.status, r.text).toBe(200);
  const { user } = JSON.parse(r.text) as { user: { id: string } };
  return { id: user.id, session: await login(email, `${email} pw`) };
}

const ownerId = async (): Promise<string> =>
  (JSON.parse((await api(owner, '/me')).text) as { userId: string }).userId;

describe('workspace members and roles', () => {
  it('lists members with their roles; members join only through invitations', async () => {
    const m = await newMember('member1@example.test', 'member');
    const list = JSON.parse((await api(owner, '/workspace/members')).text) as { members: unknown[] };
    expect(list.members).toEqual([
      { userId: m.id, email: 'member1@example.test', role: 'member' },
      { userId: await ownerId(), email: OWNER.email, role: 'owner' },
    ]);
    // Direct adding is gone; inviting an existing member again, or with a bad body, is refused.
    const direct = await api(owner, '/workspace/members', 'POST', {
      email: 'member1@example.test',
      role: 'viewer',
    });
    expect(direct.status).toBe(404);
    const again = await api(owner, '/workspace/invitations', 'POST', {
      email: 'member1@example.test',
      role: 'viewer',
    });
    expect(again.status).toBe(409);
    const withPassword = { email: OWNER.email, role: 'viewer', password: 'takeover attempt' };
    expect((await api(owner, '/workspace/invitations', 'POST', withPassword)).status).toBe(400);
    for (const bad of [{ email: 'x@y', role: 'god' }, { email: 'no-at', role: 'viewer' }, { role: 'viewer' }])
      expect((await api(owner, '/workspace/invitations', 'POST', bad)).status).toBe(400);
    expect((await api(owner, '/workspace/members/usr_missing', 'PATCH', { role: 'viewer' })).status).toBe(
      404,
    );
    expect((await api(owner, '/workspace/members/usr_missing', 'DELETE')).status).toBe(404);
  });

  it('refuses member management to viewers, members and keys without the admin scope', async () => {
    const viewer = await newMember('viewer@example.test', 'viewer');
    const member = await newMember('member2@example.test', 'member');
    for (const who of [viewer.session, member.session]) {
      expect((await api(who, '/workspace/members')).status).toBe(403);
      const invite = await api(who, '/workspace/invitations', 'POST', {
        email: 'x@example.test',
        role: 'viewer',
      });
      expect(invite.status).toBe(403);
      expect((await api(who, '/workspace/invitations')).status).toBe(403);
      expect((await api(who, `/workspace/members/${viewer.id}`, 'PATCH', { role: 'admin' })).status).toBe(
        403,
      );
      expect((await api(who, `/workspace/members/${member.id}`, 'DELETE')).status).toBe(403);
    }
    const key = await api(owner, '/keys', 'POST', { name: 'reader', scopes: ['read', 'write'] });
    const reader = bearer((JSON.parse(key.text) as { secret: string }).secret);
    expect((await api(reader, '/workspace/members')).status).toBe(403);
  });

  it('lets an admin manage members below owner but never grant, change or remove an owner', async () => {
    const adm = await newMember('admin@example.test', 'admin');
    const target = await newMember('target@example.test', 'viewer');
    const promote = await api(adm.session, `/workspace/members/${target.id}`, 'PATCH', { role: 'owner' });
    expect(promote.status).toBe(403);
    const addOwner = await api(adm.session, '/workspace/invitations', 'POST', {
      email: 'new-owner@example.test',
      role: 'owner',
    });
    expect(addOwner.status).toBe(403);
    const id = await ownerId();
    expect((await api(adm.session, `/workspace/members/${id}`, 'PATCH', { role: 'viewer' })).status).toBe(
      403,
    );
    expect((await api(adm.session, `/workspace/members/${id}`, 'DELETE')).status).toBe(403);
    const raise = await api(adm.session, `/workspace/members/${target.id}`, 'PATCH', { role: 'member' });
    expect(JSON.parse(raise.text)).toEqual({
      userId: target.id,
      email: 'target@example.test',
      role: 'member',
    });
    // An admin-scope key acts as an admin too.
    const key = await api(owner, '/keys', 'POST', { name: 'admin key', scopes: ['admin'] });
    const adminKey = bearer((JSON.parse(key.text) as { secret: string }).secret);
    expect((await api(adminKey, `/workspace/members/${target.id}`, 'PATCH', { role: 'owner' })).status).toBe(
      403,
    );
    expect((await api(adminKey, `/workspace/members/${target.id}`, 'PATCH', { role: 'viewer' })).status).toBe(
      200,
    );
  });

  it('keeps the last owner: it can be neither demoted nor removed until another owner exists', async () => {
    const id = await ownerId();
    expect((await api(owner, `/workspace/members/${id}`, 'PATCH', { role: 'admin' })).status).toBe(409);
    expect((await api(owner, `/workspace/members/${id}`, 'DELETE')).status).toBe(409);
    const second = await newMember('owner2@example.test', 'owner');
    expect((await api(second.session, `/workspace/members/${id}`, 'PATCH', { role: 'admin' })).status).toBe(
      200,
    );
    expect((await api(second.session, `/workspace/members/${second.id}`, 'DELETE')).status).toBe(409);
    expect((await api(second.session, `/workspace/members/${id}`, 'PATCH', { role: 'owner' })).status).toBe(
      200,
    );
  });

  it("ends a removed member's access at once", async () => {
    const gone = await newMember('leaving@example.test', 'member');
    expect((await api(gone.session, '/workspace')).status).toBe(200);
    expect((await api(owner, `/workspace/members/${gone.id}`, 'DELETE')).status).toBe(204);
    expect((await api(gone.session, '/workspace')).status).toBe(403);
    expect((await api(gone.session, '/me')).status).toBe(403);
    const list = JSON.parse((await api(owner, '/workspace/members')).text) as {
      members: { userId: string }[];
    };
    expect(list.members.map((m) => m.userId)).not.toContain(gone.id);
  });

  it('changes a password: the new one logs in, the old one fails, and other sessions end', async () => {
    const user = await newMember('changer@example.test', 'viewer');
    const other = await login('changer@example.test', 'changer@example.test pw');
    const path = '/me/password';
    const wrong = await api(user.session, path, 'POST', {
      currentPassword: 'not it',
      newPassword: 'a brand new password',
    });
    expect(wrong.status).toBe(403);
    expect(
      (await api(user.session, path, 'POST', { currentPassword: 'x', newPassword: 'short' })).status,
    ).toBe(400);
    expect((await api({}, path, 'POST', { currentPassword: 'x', newPassword: 'long enough' })).status).toBe(
      401,
    );
    const changed = await api(user.session, path, 'POST', {
      currentPassword: 'changer@example.test pw',
      newPassword: 'a brand new password',
    });
    expect(changed.status, changed.text).toBe(204);
    expect((await api(user.session, '/me')).status).toBe(200);
    expect((await api(other, '/me')).status).toBe(401);
    expect((await tryLogin('changer@example.test', 'changer@example.test pw')).status).toBe(401);
    expect((await tryLogin('changer@example.test', 'a brand new password')).status).toBe(200);
  });
});
