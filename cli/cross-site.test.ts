import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, keyHeaders, type Headers } from './access-test-kit';
import { startTestInstance, type TestInstance } from './test-instance';

const OWNER = { email: 'owner@example.test', password: 'owner password 1' };
const EVIL = 'https://evil.example';
let spanloop: TestInstance;
let cookie: Headers;

beforeAll(async () => {
  spanloop = await startTestInstance({
    auth: { mode: 'required', adminEmail: OWNER.email, adminPassword: OWNER.password, maxFailures: 1000 },
  });
  cookie = (await login({})).cookie;
});
afterAll(async () => {
  await spanloop.stop();
});

/** A raw request as a browser form or fetch would send it: any body type, any headers. */
async function send(path: string, method: string, headers: Headers, body?: string) {
  const res = await fetch(`${spanloop.api}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

async function login(headers: Headers, contentType = 'application/json') {
  const r = await send(
    '/api/v1/auth/login',
    'POST',
    { 'content-type': contentType, ...headers },
    JSON.stringify(OWNER),
  );
  const token = /spanloop_session=([^;]+)/.exec(r.headers.get('set-cookie') ?? '')?.[1];
  return { ...r, cookie: token === undefined ? {} : { cookie: `spanloop_session=${token}` } };
}

const workspaceNames = async (): Promise<string[]> =>
  (
    JSON.parse((await callApi(spanloop, '/api/v1/workspaces', cookie)).text) as {
      workspaces: { name: string }[];
    }
  ).workspaces.map((w) => w.name);

const retention = async (): Promise<number | null> =>
  (
    JSON.parse((await callApi(spanloop, '/api/v1/workspace', cookie)).text) as {
      retentionDays: number | null;
    }
  ).retentionDays;

describe('cross-site requests with the session cookie (SPANLOOP_AUTH=required)', () => {
  it('refuses cookie-authenticated POST, PATCH and DELETE from another site and writes nothing', async () => {
    const key = JSON.parse(
      (await callApi(spanloop, '/api/v1/keys', cookie, { method: 'POST', body: { scopes: ['read'] } })).text,
    ) as { id: string };
    const bodies: [string, string][] = [
      ['text/plain', '{"name":"csrf-plain"}'],
      ['application/x-www-form-urlencoded', 'name=csrf-form'],
      ['application/json', '{"name":"csrf-json"}'],
    ];
    const crossSiteHeaders: Headers[] = [
      { origin: EVIL },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: 'https://other.localhost' },
    ];
    for (const [type, body] of bodies)
      for (const h of crossSiteHeaders) {
        const r = await send('/api/v1/workspaces', 'POST', { ...cookie, ...h, 'content-type': type }, body);
        expect(r.status, `${type} ${JSON.stringify(h)}`).toBe(403);
      }
    const patch = await send(
      '/api/v1/workspace',
      'PATCH',
      { ...cookie, origin: EVIL, 'content-type': 'text/plain' },
      '{"retentionDays":1}',
    );
    expect(patch.status).toBe(403);
    const del = await send(`/api/v1/keys/${key.id}`, 'DELETE', { ...cookie, 'sec-fetch-site': 'cross-site' });
    expect(del.status).toBe(403);
    const prompt = await send(
      '/api/v1/prompts',
      'POST',
      { ...cookie, origin: EVIL, 'content-type': 'text/plain' },
      '{"key":"csrf"}',
    );
    expect(prompt.status).toBe(403);

    expect(await workspaceNames()).toEqual(['default']);
    expect(await retention()).toBeNull();
    const keys = JSON.parse((await callApi(spanloop, '/api/v1/keys', cookie)).text) as {
      keys: { id: string; revokedAt: string | null }[];
    };
    expect(keys.keys.find((k) => k.id === key.id)?.revokedAt).toBeNull();
    expect((await callApi(spanloop, '/api/v1/prompts/csrf', cookie)).status).toBe(404);
  });

  it('serves same-origin console requests, directly and behind a proxy', async () => {
    const host = new URL(spanloop.api).host;
    const json = { ...cookie, 'content-type': 'application/json' };
    const direct = await send(
      '/api/v1/workspaces',
      'POST',
      { ...json, origin: `http://${host}` },
      '{"name":"a"}',
    );
    expect(direct.status, direct.text).toBe(201);
    const fetchMeta = await send(
      '/api/v1/workspaces',
      'POST',
      { ...json, 'sec-fetch-site': 'same-origin', origin: `http://${host}` },
      '{"name":"b"}',
    );
    expect(fetchMeta.status).toBe(201);
    const proxied = {
      ...json,
      origin: 'https://spanloop.example.com',
      'x-forwarded-host': 'spanloop.example.com',
      'x-forwarded-proto': 'https',
    };
    expect((await send('/api/v1/workspaces', 'POST', proxied, '{"name":"c"}')).status).toBe(201);
    // The proxy's host with another scheme, or another host behind the proxy, is another site.
    const otherScheme = { ...proxied, origin: 'http://spanloop.example.com' };
    expect((await send('/api/v1/workspaces', 'POST', otherScheme, '{"name":"d"}')).status).toBe(403);
    const otherHost = { ...proxied, origin: 'https://evil.example.com' };
    expect((await send('/api/v1/workspaces', 'POST', otherHost, '{"name":"e"}')).status).toBe(403);
    // No Origin and no Sec-Fetch-Site: not a browser, so not a cross-site forgery.
    expect((await send('/api/v1/workspaces', 'POST', json, '{"name":"f"}')).status).toBe(201);
    expect(await workspaceNames()).toEqual(['a', 'b', 'c', 'default', 'f']);
  });

  it('lets API keys through whatever their origin', async () => {
    const writer = await keyHeaders(spanloop, 'default', ['read', 'write']);
    const r = await send(
      '/api/v1/prompts',
      'POST',
      { ...writer, origin: EVIL, 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' },
      '{"key":"from-a-key"}',
    );
    expect(r.status, r.text).toBe(201);
  });

  it('refuses cross-site logins and logouts', async () => {
    const plain = await login({ origin: EVIL }, 'text/plain');
    expect(plain.status).toBe(403);
    expect(plain.headers.get('set-cookie')).toBeNull();
    expect((await login({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    const sameOrigin = await login({ 'sec-fetch-site': 'same-origin' });
    expect(sameOrigin.status).toBe(200);

    const logout = await send('/api/v1/auth/logout', 'POST', { ...sameOrigin.cookie, origin: EVIL });
    expect(logout.status).toBe(403);
    expect((await callApi(spanloop, '/api/v1/me', sameOrigin.cookie)).status).toBe(200);
    const own = await send('/api/v1/auth/logout', 'POST', {
      ...sameOrigin.cookie,
      'sec-fetch-site': 'same-origin',
    });
    expect(own.status).toBe(204);
    expect((await callApi(spanloop, '/api/v1/me', sameOrigin.cookie)).status).toBe(401);

    // Accepting an invitation creates an account and its session: refused from another site too.
    const invited = await callApi(spanloop, '/api/v1/workspace/invitations', cookie, {
      method: 'POST',
      body: { email: 'invitee@example.test', role: 'viewer' },
    });
    const { token } = JSON.parse(invited.text) as { token: string };
    const body = JSON.stringify({ password: 'invitee password' });
    const accept = `/api/v1/invitations/${token}/accept`;
    const forged = await send(accept, 'POST', { origin: EVIL, 'content-type': 'text/plain' }, body);
    expect(forged.status).toBe(403);
    expect(forged.headers.get('set-cookie')).toBeNull();
    const accepted = await send(
      accept,
      'POST',
      { 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' },
      body,
    );
    expect(accepted.status, accepted.text).toBe(200);
  });

  it('never takes the session cookie on the SDK endpoints: a page on another site cannot post spans with it', async () => {
    const traceId = 'c5'.repeat(16);
    const spans = JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId,
                  spanId: '0123456789abcdef',
                  name: 'forged',
                  startTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
                  endTimeUnixNano: String(BigInt(Date.now() + 1) * 1_000_000n),
                },
              ],
            },
          ],
        },
      ],
    });
    const headers = { ...cookie, origin: EVIL, 'content-type': 'application/json' };
    for (const url of [`${spanloop.otlpHttp}/v1/traces`, `${spanloop.api}/api/public/otel/v1/traces`]) {
      const res = await fetch(url, { method: 'POST', headers, body: spans });
      expect(res.status, url).toBe(401);
    }
    const ingest = await send('/v1/loop/traces/ingest', 'POST', headers, JSON.stringify({ spans: [] }));
    expect(ingest.status).toBe(401);
    expect((await callApi(spanloop, `/api/v1/traces/${traceId}`, cookie)).status).toBe(404);
  });
});
