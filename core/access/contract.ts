import { describe, expect, it } from 'vitest';
import { coreMetadataMigrations } from '../../schemas/postgres/core-migrations';
import { migrateMetadata } from '../metadata/migrate';
import type { MetadataStore } from '../metadata/types';
import { createApiKey, listApiKeys, revokeApiKey } from './api-keys';
import { createAuthenticator } from './authenticator';
import { ensureDefaults } from './bootstrap';
import { createFailureLimiter } from './failure-limiter';
import {
  acceptInvitation,
  createInvitation,
  declineInvitation,
  findInvitation,
  invitationsOfEmail,
  listInvitations,
} from './invitations';
import { verifyPassword } from './password';
import type { AuthRequest } from './principal';
import { createSession } from './sessions';
import { createUser, memberRole, setMember, userByEmail } from './users';
import { createWorkspace, DEFAULT_WORKSPACE_ID } from './workspaces';

const headers = (h: Record<string, string>, address = '10.0.0.1'): AuthRequest => ({
  header: (name) => h[name.toLowerCase()],
  address,
});
const basic = (pk: string, sk: string) => `Basic ${Buffer.from(`${pk}:${sk}`).toString('base64')}`;

/** Workspaces, keys, sessions and authentication on one engine: run by access-pglite.test.ts and access-pg.test.ts. */
export const accessContract = (name: string, open: () => Promise<MetadataStore>) =>
  describe(`access on ${name}`, () => {
    let store: MetadataStore;
    const setup = async () => {
      store = await open();
      await migrateMetadata(store, coreMetadataMigrations);
      return store;
    };
    const authenticator = (anonymous = false, now = () => new Date()) =>
      createAuthenticator({
        sql: store,
        anonymousScopes: anonymous ? ['ingest', 'read'] : [],
        limiter: createFailureLimiter({ maxFailures: 5, windowMs: 60_000 }),
        now,
      });

    it('creates the default workspace and the first administrator once', async () => {
      await setup();
      const first = await ensureDefaults(store, { email: 'Root@Example.test' });
      expect(first?.email).toBe('root@example.test');
      expect(first?.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(
        await ensureDefaults(store, { email: 'other@example.test', password: 'another-password' }),
      ).toBeUndefined();
      const admin = await userByEmail(store, 'root@example.test');
      expect(admin?.passwordHash).toMatch(/^scrypt\$/);
      expect(admin?.instanceAdmin).toBe(true);
      expect(await verifyPassword(first?.generatedPassword ?? '', admin?.passwordHash ?? '')).toBe(true);
      expect(
        await store.query('SELECT user_id, role FROM workspace_members WHERE workspace_id = $1', [
          DEFAULT_WORKSPACE_ID,
        ]),
      ).toEqual([{ user_id: admin?.id, role: 'owner' }]);
      expect(await createWorkspace(store, { name: 'default' })).toBeUndefined();
      await store.close();
    });

    it('keeps only a hash of each secret and refuses revoked and expired keys at once', async () => {
      await setup();
      const a = await createWorkspace(store, { name: 'team-a' });
      const b = await createWorkspace(store, { name: 'team-b' });
      if (!a || !b) throw new Error('workspaces not created');
      let clock = new Date('2030-01-01T00:00:00Z');
      const auth = authenticator(false, () => clock);
      const { key, secret } = await createApiKey(store, {
        workspaceId: a.id,
        name: 'sdk',
        scopes: ['ingest', 'read'],
      });
      expect(secret.startsWith(key.secretPrefix)).toBe(true);
      const dump = JSON.stringify(await store.query('SELECT * FROM api_keys'));
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(secret.slice(key.secretPrefix.length));

      const viaBearer = await auth(headers({ authorization: `Bearer ${secret}` }));
      expect(viaBearer).toEqual({
        ok: true,
        value: {
          workspaceId: a.id,
          retentionDays: 0,
          scopes: ['ingest', 'read'],
          subject: { kind: 'key', keyId: key.id },
        },
      });
      expect((await auth(headers({ 'x-api-key': secret }))).ok).toBe(true);
      expect((await auth(headers({ authorization: basic(key.publicKey, secret) }))).ok).toBe(true);
      expect((await listApiKeys(store, a.id))[0]?.lastUsedAt).toEqual(clock);

      // Another workspace's id cannot revoke it; its own can, and the next request is refused.
      expect(await revokeApiKey(store, b.id, key.id)).toBe(false);
      expect(await revokeApiKey(store, a.id, key.id)).toBe(true);
      const revoked = await auth(headers({ authorization: `Bearer ${secret}` }, '10.0.0.2'));
      expect(revoked.ok ? undefined : revoked.error.message).toBe('API key revoked');

      const soon = await createApiKey(store, {
        workspaceId: a.id,
        name: 'short',
        scopes: ['read'],
        expiresAt: new Date(clock.getTime() + 1000),
      });
      expect((await auth(headers({ 'x-api-key': soon.secret }, '10.0.0.3'))).ok).toBe(true);
      clock = new Date(clock.getTime() + 1000);
      const expired = await auth(headers({ 'x-api-key': soon.secret }, '10.0.0.3'));
      expect(expired.ok ? undefined : expired.error.message).toBe('API key expired');
      await store.close();
    });

    it("honours the workspace header only for the key's own workspace", async () => {
      await setup();
      const a = await createWorkspace(store, { name: 'alpha' });
      const b = await createWorkspace(store, { name: 'beta' });
      if (!a || !b) throw new Error('workspaces not created');
      const { secret } = await createApiKey(store, { workspaceId: a.id, name: 'k', scopes: ['read'] });
      const auth = authenticator();
      for (const wanted of [a.id, 'alpha']) {
        const r = await auth(headers({ 'x-api-key': secret, 'cozeloop-workspace-id': wanted }));
        expect(r.ok && r.value.workspaceId).toBe(a.id);
      }
      for (const wanted of [b.id, 'beta', 'no-such-workspace', "' OR 1=1 --"]) {
        const r = await auth(headers({ 'x-api-key': secret, 'cozeloop-workspace-id': wanted }));
        expect(r.ok ? 'ok' : r.error.kind).toBe('permission_denied');
      }
      await store.close();
    });

    it('lets keyless requests into the default workspace only when allowed', async () => {
      await setup();
      await ensureDefaults(store, { email: 'admin@localhost', password: 'a-long-password' });
      await createWorkspace(store, { name: 'private' });
      const open = await authenticator(true)(headers({}));
      expect(open).toEqual({
        ok: true,
        value: {
          workspaceId: DEFAULT_WORKSPACE_ID,
          retentionDays: 0,
          scopes: ['ingest', 'read'],
          subject: { kind: 'anonymous' },
        },
      });
      const elsewhere = await authenticator(true)(headers({ 'cozeloop-workspace-id': 'private' }));
      expect(elsewhere.ok ? 'ok' : elsewhere.error.kind).toBe('unauthenticated');
      const closed = await authenticator(false)(headers({}));
      expect(closed.ok ? 'ok' : closed.error.kind).toBe('unauthenticated');
      await store.close();
    });

    it('refuses malformed and unknown credentials, and rate limits repeated failures per address', async () => {
      await setup();
      const auth = authenticator();
      const bad: Record<string, string>[] = [
        { authorization: 'Bearer' },
        { authorization: 'Bearer sl-sk-short' },
        { authorization: `Bearer sl-sk-${'A'.repeat(43)}` },
        { authorization: 'Digest abc' },
        { authorization: 'Basic !!!not-base64' },
        { authorization: basic('sl-pk-nothex', `sl-sk-${'A'.repeat(43)}`) },
        { authorization: `Bearer ${'x'.repeat(100_000)}` },
        { 'x-api-key': "sl-sk-' OR '1'='1" },
        { authorization: 'Bearer a', 'x-api-key': 'b' },
        { cookie: 'spanloop_session=not-a-token' },
      ];
      for (const [i, h] of bad.entries()) {
        const r = await auth(headers(h, `192.0.2.${i}`));
        expect(r.ok ? 'ok' : r.error.kind, JSON.stringify(h).slice(0, 80)).toBe('unauthenticated');
      }
      const malformedWorkspace = await auth(headers({ 'cozeloop-workspace-id': 'w'.repeat(500) }));
      expect(malformedWorkspace.ok ? 'ok' : malformedWorkspace.error.kind).toBe('invalid_argument');

      const guess = headers({ authorization: `Bearer sl-sk-${'B'.repeat(43)}` }, '198.51.100.7');
      for (let i = 0; i < 5; i++) expect((await auth(guess)).ok).toBe(false);
      const limited = await auth(guess);
      expect(limited.ok ? undefined : [limited.error.kind, limited.error.retryAfterSeconds]).toEqual([
        'rate_limited',
        60,
      ]);
      // Other addresses are unaffected.
      const other = await auth(headers({ authorization: `Bearer sl-sk-${'B'.repeat(43)}` }, '198.51.100.8'));
      expect(other.ok ? 'ok' : other.error.kind).toBe('unauthenticated');
      await store.close();
    });

    it('gives a session the scopes of its role in the requested workspace', async () => {
      await setup();
      const ws = await createWorkspace(store, { name: 'docs', retentionDays: 30 });
      const user = await createUser(store, { email: 'viewer@example.test', passwordHash: null });
      if (!ws || !user) throw new Error('not created');
      await setMember(store, ws.id, user.id, 'viewer');
      const { token } = await createSession(store, user.id, new Date(Date.now() + 60_000));
      const auth = authenticator();
      const r = await auth(
        headers({ cookie: `a=b; spanloop_session=${token}`, 'x-spanloop-workspace': 'docs' }),
      );
      expect(r).toEqual({
        ok: true,
        value: {
          workspaceId: ws.id,
          retentionDays: 30,
          scopes: ['read'],
          subject: { kind: 'user', userId: user.id, role: 'viewer' },
        },
      });
      const notMember = await auth(headers({ cookie: `spanloop_session=${token}` }));
      expect(notMember.ok ? 'ok' : notMember.error.kind).toBe('permission_denied');
      await store.close();
    });

    it('keeps one pending invitation per workspace and email, hashed, used once, expiring', async () => {
      await setup();
      const ws = await createWorkspace(store, { name: 'invited' });
      if (!ws) throw new Error('not created');
      const t0 = new Date('2026-01-01T00:00:00Z');
      const input = { workspaceId: ws.id, actor: 'admin' as const, email: 'Guest@Example.test', now: t0 };
      const first = await createInvitation(store, { ...input, role: 'viewer' });
      const second = await createInvitation(store, { ...input, role: 'member' });
      if (!first.ok || !second.ok) throw new Error('not invited');
      expect(await createInvitation(store, { ...input, role: 'owner' })).toMatchObject({ ok: false });
      const listed = await listInvitations(store, ws.id, t0);
      expect(listed.map((i) => [i.email, i.role])).toEqual([['guest@example.test', 'member']]);
      const stored = await store.query('SELECT token_hash FROM workspace_invitations');
      expect(JSON.stringify(stored)).not.toContain(second.value.token);
      expect(await findInvitation(store, { token: first.value.token }, t0)).toMatchObject({ ok: false });
      expect(await findInvitation(store, { token: second.value.token }, t0)).toMatchObject({
        ok: true,
        value: { accountExists: false },
      });
      const week = new Date(t0.getTime() + 7 * 24 * 3600 * 1000);
      expect(await findInvitation(store, { token: second.value.token }, week)).toMatchObject({ ok: false });
      expect(await invitationsOfEmail(store, 'guest@example.test', week)).toEqual([]);

      const accepted = await acceptInvitation(
        store,
        { token: second.value.token },
        { passwordHash: 'h' },
        t0,
      );
      if (!accepted.ok) throw accepted.error;
      expect(await memberRole(store, ws.id, accepted.value.user.id)).toBe('member');
      expect(
        await acceptInvitation(store, { token: second.value.token }, { passwordHash: 'h' }, t0),
      ).toMatchObject({ ok: false });

      const other = await createInvitation(store, { ...input, email: 'x@example.test', role: 'viewer' });
      if (!other.ok) throw other.error;
      const wrongUser = await acceptInvitation(
        store,
        { token: other.value.token },
        { userId: accepted.value.user.id },
        t0,
      );
      expect(wrongUser.ok ? 'ok' : wrongUser.error.kind).toBe('permission_denied');
      expect(await declineInvitation(store, { token: other.value.token })).toBe(true);
      expect(await declineInvitation(store, { token: other.value.token })).toBe(false);
      await store.close();
    });
  });
