import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../core/access/workspaces';
import { bearer, callApi, exportGrpc, exportHttp, type Headers } from './access-test-kit';
import { hexId, msToNs } from './otlp-json-request';
import { startTestInstance, type TestInstance } from './test-instance';

const PASSWORD = 'correct horse battery staple';
const INIT = { publicKey: `sl-pk-${'ab'.repeat(12)}`, secret: `sl-sk-${'Q'.repeat(43)}` };
let spanloop: TestInstance;

beforeAll(async () => {
  // The default policy on loopback, with a configured administrator and a low failure limit.
  spanloop = await startTestInstance({
    auth: {
      adminEmail: 'owner@example.test',
      adminPassword: PASSWORD,
      maxFailures: 3,
      initPublicKey: INIT.publicKey,
      initSecretKey: INIT.secret,
    },
  });
});
afterAll(async () => {
  await spanloop.stop();
});

const span = () => ({ traceId: hexId(16), spanId: hexId(8), name: 'op', startNs: msToNs(Date.now()) });

async function login(password: string, address: Headers = {}) {
  const r = await callApi(spanloop, '/api/v1/auth/login', address, {
    method: 'POST',
    body: { email: 'OWNER@example.test', password },
  });
  const cookie = /spanloop_session=([^;]+)/.exec(r.headers.get('set-cookie') ?? '')?.[1];
  return { ...r, cookie: cookie === undefined ? {} : { cookie: `spanloop_session=${cookie}` } };
}

describe('access on loopback with the default policy', () => {
  it('reports the configured administrator once, without a generated password', () => {
    expect(spanloop.firstAdmin).toEqual({ email: 'owner@example.test' });
  });

  it('registers the configured initial key pair for ingest and reads in the default workspace', async () => {
    const basic = {
      authorization: `Basic ${Buffer.from(`${INIT.publicKey}:${INIT.secret}`).toString('base64')}`,
    };
    const me = JSON.parse((await callApi(spanloop, '/api/v1/me', basic)).text) as Record<string, unknown>;
    expect(me).toMatchObject({ workspaceId: DEFAULT_WORKSPACE_ID, scopes: ['ingest', 'read'], kind: 'key' });
    const swapped = {
      authorization: `Basic ${Buffer.from(`sl-pk-${'cd'.repeat(12)}:${INIT.secret}`).toString('base64')}`,
    };
    expect((await callApi(spanloop, '/api/v1/me', swapped)).status).toBe(401);
  });

  it('accepts keyless ingest and reads into the default workspace only', async () => {
    expect((await exportHttp(spanloop, {}, [{ service: 'local', spans: [span()] }])).status).toBe(200);
    expect((await exportGrpc(spanloop, {})).code).toBe(0);
    const me = await callApi(spanloop, '/api/v1/me', {});
    expect(JSON.parse(me.text)).toEqual({
      workspaceId: DEFAULT_WORKSPACE_ID,
      scopes: ['ingest', 'read'],
      kind: 'anonymous',
    });
    const elsewhere = { 'cozeloop-workspace-id': 'someone-else' };
    expect((await exportHttp(spanloop, elsewhere, [{ service: 'x', spans: [span()] }])).status).toBe(401);
    expect((await callApi(spanloop, '/api/v1/me', elsewhere)).status).toBe(401);
    // Keyless callers cannot manage anything.
    expect((await callApi(spanloop, '/api/v1/keys', {})).status).toBe(403);
  });

  it('logs a user in with a secure session cookie that manages workspaces and keys', async () => {
    const huge = { email: 'x'.repeat(70_000), password: PASSWORD };
    expect((await callApi(spanloop, '/api/v1/auth/login', {}, { method: 'POST', body: huge })).status).toBe(
      413,
    );
    const notJson = await fetch(`${spanloop.api}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    });
    expect(notJson.status).toBe(400);
    const form = await fetch(`${spanloop.api}/api/v1/auth/login`, {
      method: 'POST',
      body: 'email=a&password=b',
    });
    expect(form.status).toBe(415);
    const session = await login(PASSWORD);
    expect(session.status).toBe(200);
    expect(session.headers.get('set-cookie')).toMatch(/HttpOnly/);
    expect(session.headers.get('set-cookie')).toMatch(/Secure/);
    expect(session.headers.get('set-cookie')).toMatch(/SameSite=Strict/);
    const me = JSON.parse((await callApi(spanloop, '/api/v1/me', session.cookie)).text) as Record<
      string,
      unknown
    >;
    expect(me).toMatchObject({ workspaceId: DEFAULT_WORKSPACE_ID, kind: 'user', role: 'owner' });

    const created = await callApi(spanloop, '/api/v1/workspaces', session.cookie, {
      method: 'POST',
      body: { name: 'research', retentionDays: 30 },
    });
    expect(created.status).toBe(201);
    const research = JSON.parse(created.text) as { id: string };
    const again = await callApi(spanloop, '/api/v1/workspaces', session.cookie, {
      method: 'POST',
      body: { name: 'research' },
    });
    expect(again.status).toBe(409);
    const listed = JSON.parse((await callApi(spanloop, '/api/v1/workspaces', session.cookie)).text) as {
      workspaces: { name: string }[];
    };
    expect(listed.workspaces.map((w) => w.name)).toEqual(['default', 'research']);

    // The console picks the workspace with a header; the new key works there and only there.
    const inResearch = { ...session.cookie, 'x-spanloop-workspace': 'research' };
    const patched = await callApi(spanloop, '/api/v1/workspace', inResearch, {
      method: 'PATCH',
      body: { retentionDays: 7 },
    });
    expect(JSON.parse(patched.text)).toMatchObject({ id: research.id, retentionDays: 7 });
    const key = JSON.parse(
      (await callApi(spanloop, '/api/v1/keys', inResearch, { method: 'POST', body: { scopes: ['ingest'] } }))
        .text,
    ) as { secret: string; workspaceId: string };
    expect(key.workspaceId).toBe(research.id);
    expect((await exportHttp(spanloop, bearer(key.secret), [{ service: 'r', spans: [span()] }])).status).toBe(
      200,
    );
    expect((await callApi(spanloop, '/api/v1/traces?from=0&to=1', bearer(key.secret))).status).toBe(403);

    const invalidBodies: unknown[] = [{ scopes: [] }, { scopes: ['root'] }, { scopes: ['read'], extra: 1 }];
    for (const body of invalidBodies)
      expect((await callApi(spanloop, '/api/v1/keys', inResearch, { method: 'POST', body })).status).toBe(
        400,
      );

    expect((await callApi(spanloop, '/api/v1/auth/logout', session.cookie, { method: 'POST' })).status).toBe(
      204,
    );
    expect((await callApi(spanloop, '/api/v1/keys', session.cookie)).status).toBe(401);
  });

  it('rate limits failed logins and failed keys per address, on the API and both OTLP transports', async () => {
    for (let i = 0; i < 3; i++) expect((await login('wrong password')).status).toBe(401);
    const limited = await login(PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

    // Failures of earlier tests from this address count too: the limit comes within three attempts.
    const guess = bearer(`sl-sk-${'Z'.repeat(43)}`);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await callApi(spanloop, '/api/v1/me', guess)).status);
    const limitedAt = statuses.indexOf(429);
    expect(limitedAt).toBeGreaterThan(-1);
    expect(statuses.slice(0, limitedAt).every((s) => s === 401)).toBe(true);
    const api = await callApi(spanloop, '/api/v1/me', guess);
    expect(api.status).toBe(429);
    expect(api.headers.get('retry-after')).not.toBeNull();
    expect((await exportHttp(spanloop, guess, [])).status).toBe(429);
    expect((await exportGrpc(spanloop, guess)).code).toBe(8);
  });
});
