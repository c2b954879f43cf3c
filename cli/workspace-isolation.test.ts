import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../core/access/api-keys';
import { createWorkspace, type Workspace } from '../core/access/workspaces';
import { createLogger } from '../core/logger';
import type { Scope } from '../schemas/access';
import { bearer, callApi, exportGrpc, exportHttp, protobufExport, type Headers } from './access-test-kit';
import { hexId, msToNs } from './otlp-json-request';
import { startTestInstance, type TestInstance } from './test-instance';

const GRPC_OK = 0;
const GRPC_PERMISSION_DENIED = 7;
const GRPC_UNAUTHENTICATED = 16;

const logLines: string[] = [];
const secrets: string[] = [];
let spanloop: TestInstance;
let a: Workspace;
let b: Workspace;
const keys: Record<string, { id: string; secret: string }> = {};
const traceA = hexId(16);
let traceB = '';
const nowMs = Date.now();
const range = `from=${nowMs - 3_600_000}&to=${nowMs + 600_000}`;
const tempoRange = `start=${Math.floor(nowMs / 1000) - 3600}&end=${Math.floor(nowMs / 1000) + 600}`;

const as = (name: string): Headers => bearer(keys[name]?.secret ?? '');

beforeAll(async () => {
  spanloop = await startTestInstance(
    { auth: { mode: 'required', maxFailures: 1000 } },
    createLogger('debug', (line) => logLines.push(line)),
  );
  const created = await Promise.all([
    createWorkspace(spanloop.metadata, { name: 'team-a' }),
    createWorkspace(spanloop.metadata, { name: 'team-b' }),
  ]);
  if (!created[0] || !created[1]) throw new Error('workspaces not created');
  [a, b] = created;
  const specs: [string, Workspace, Scope[]][] = [
    ['a', a, ['ingest', 'read']],
    ['b', b, ['ingest', 'read']],
    ['adminA', a, ['read', 'admin']],
    ['viewerA', a, ['read']],
  ];
  for (const [name, ws, scopes] of specs) {
    const { key, secret } = await createApiKey(spanloop.metadata, { workspaceId: ws.id, name, scopes });
    keys[name] = { id: key.id, secret };
    secrets.push(secret);
  }
  const sent = await exportHttp(spanloop, as('a'), [
    {
      service: 'svc-a',
      spans: [
        {
          traceId: traceA,
          spanId: hexId(8),
          name: 'op-a',
          startNs: msToNs(nowMs - 1000),
          durationNs: msToNs(5),
          attributes: { 'session.id': 'session-a', 'user.id': 'user-a' },
        },
      ],
    },
  ]);
  expect(sent.status).toBe(200);
  const grpcExport = protobufExport('svc-b');
  traceB = grpcExport.traceId;
  expect((await exportGrpc(spanloop, as('b'), grpcExport.body)).code).toBe(GRPC_OK);
});
afterAll(async () => {
  await spanloop.stop();
});

describe('workspace isolation with SPANLOOP_AUTH=required', () => {
  it("reads only the key's own workspace on every read path, even with the other workspace's ids", async () => {
    const own = await callApi(spanloop, `/api/v1/traces/${traceB}`, as('b'));
    expect(own.status).toBe(200);
    for (const path of [
      `/api/v1/traces/${traceB}`,
      `/tempo/api/traces/${traceB}`,
      `/tempo/api/v2/traces/${traceB}`,
      `/jaeger/api/traces/${traceB}`,
    ])
      expect((await callApi(spanloop, path, as('a'))).status, path).toBe(404);
    const listings = [
      `/api/v1/traces?${range}`,
      `/api/v1/sessions?${range}`,
      `/api/v1/users?${range}`,
      `/api/v1/metrics?${range}&groupBy=service`,
      `/tempo/api/search?${tempoRange}`,
      `/tempo/api/search/tag/service.name/values?${tempoRange}`,
      '/jaeger/api/services',
      '/metrics',
    ];
    for (const path of listings) {
      const r = await callApi(spanloop, path, as('a'));
      expect(r.status, path).toBe(200);
      expect(r.text, path).not.toContain(traceB);
      expect(r.text, path).not.toContain('svc-b');
    }
    const mine = await callApi(spanloop, `/api/v1/traces?${range}`, as('a'));
    expect(mine.text).toContain(traceA);
    const services = await callApi(spanloop, '/jaeger/api/services', as('b'));
    expect(JSON.parse(services.text)).toMatchObject({ data: ['svc-b'] });
  });

  it('refuses a key that names another workspace, on the API, OTLP/HTTP and OTLP/gRPC, and writes nothing there', async () => {
    for (const wanted of [b.id, b.name]) {
      const headers = { ...as('a'), 'cozeloop-workspace-id': wanted };
      expect((await callApi(spanloop, `/api/v1/traces/${traceB}`, headers)).status).toBe(403);
      const http = await exportHttp(spanloop, headers, [
        {
          service: 'intruder',
          spans: [{ traceId: hexId(16), spanId: hexId(8), name: 'x', startNs: msToNs(nowMs) }],
        },
      ]);
      expect(http.status).toBe(403);
      expect((await exportGrpc(spanloop, headers, protobufExport('intruder').body)).code).toBe(
        GRPC_PERMISSION_DENIED,
      );
    }
    const bServices = await callApi(spanloop, '/jaeger/api/services', as('b'));
    expect(bServices.text).not.toContain('intruder');
  });

  it('lets a read-only credential read but not ingest or manage', async () => {
    expect((await callApi(spanloop, `/api/v1/traces/${traceA}`, as('viewerA'))).status).toBe(200);
    const http = await exportHttp(spanloop, as('viewerA'), [
      {
        service: 'viewer',
        spans: [{ traceId: hexId(16), spanId: hexId(8), name: 'x', startNs: msToNs(nowMs) }],
      },
    ]);
    expect(http.status).toBe(403);
    expect((await exportGrpc(spanloop, as('viewerA'))).code).toBe(GRPC_PERMISSION_DENIED);
    const create = await callApi(spanloop, '/api/v1/keys', as('viewerA'), {
      method: 'POST',
      body: { scopes: ['read'] },
    });
    expect(create.status).toBe(403);
    const patch = await callApi(spanloop, '/api/v1/workspace', as('viewerA'), {
      method: 'PATCH',
      body: { retentionDays: 1 },
    });
    expect(patch.status).toBe(403);
    // An ingest key cannot manage keys either.
    expect((await callApi(spanloop, '/api/v1/keys', as('a'))).status).toBe(403);
  });

  it("shows and revokes only the admin's own workspace's keys", async () => {
    const listed = await callApi(spanloop, '/api/v1/keys', as('adminA'));
    expect(listed.status).toBe(200);
    const ids = (JSON.parse(listed.text) as { keys: { id: string }[] }).keys.map((k) => k.id).sort();
    expect(ids).toEqual([keys.a?.id, keys.adminA?.id, keys.viewerA?.id].sort());
    const revoke = await callApi(spanloop, `/api/v1/keys/${keys.b?.id ?? ''}`, as('adminA'), {
      method: 'DELETE',
    });
    expect(revoke.status).toBe(404);
    expect((await callApi(spanloop, `/api/v1/traces/${traceB}`, as('b'))).status).toBe(200);
  });

  it('creates a key once, then refuses it at once when revoked or expired', async () => {
    const created = await callApi(spanloop, '/api/v1/keys', as('adminA'), {
      method: 'POST',
      body: { name: 'short-lived', scopes: ['ingest', 'read'] },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('cache-control')).toBe('no-store');
    const key = JSON.parse(created.text) as { id: string; secret: string; publicKey: string };
    secrets.push(key.secret);
    const basic = {
      authorization: `Basic ${Buffer.from(`${key.publicKey}:${key.secret}`).toString('base64')}`,
    };
    expect((await callApi(spanloop, `/api/v1/traces/${traceA}`, basic)).status).toBe(200);
    expect((await exportGrpc(spanloop, { 'x-api-key': key.secret })).code).toBe(GRPC_OK);
    expect(
      (await callApi(spanloop, `/api/v1/keys/${key.id}`, as('adminA'), { method: 'DELETE' })).status,
    ).toBe(200);
    const refused = await callApi(spanloop, `/api/v1/traces/${traceA}`, basic);
    expect([refused.status, JSON.parse(refused.text)]).toEqual([
      401,
      { error: { code: 'unauthenticated', message: 'API key revoked' } },
    ]);
    expect((await exportHttp(spanloop, { 'x-api-key': key.secret }, [])).status).toBe(401);
    expect((await exportGrpc(spanloop, { 'x-api-key': key.secret })).code).toBe(GRPC_UNAUTHENTICATED);

    const expiring = await callApi(spanloop, '/api/v1/keys', as('adminA'), {
      method: 'POST',
      body: { scopes: ['read'], expiresAt: new Date(Date.now() + 1500).toISOString() },
    });
    const soon = JSON.parse(expiring.text) as { secret: string };
    secrets.push(soon.secret);
    expect((await callApi(spanloop, `/api/v1/traces/${traceA}`, bearer(soon.secret))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    expect((await callApi(spanloop, `/api/v1/traces/${traceA}`, bearer(soon.secret))).status).toBe(401);
  });

  it('answers missing, malformed and SQL-looking credentials with 401 and keeps serving', async () => {
    const bad: Headers[] = [
      {},
      { authorization: 'Bearer' },
      { authorization: 'Token abc' },
      { authorization: 'Basic %%%' },
      { 'x-api-key': "sl-sk-' OR '1'='1' --" },
      { 'x-api-key': `sl-sk-${'A'.repeat(43)}` },
      { authorization: `Bearer ${'x'.repeat(8000)}` },
    ];
    for (const headers of bad) {
      const label = JSON.stringify(headers).slice(0, 60);
      expect((await callApi(spanloop, `/api/v1/traces/${traceA}`, headers)).status, label).toBe(401);
      expect((await exportHttp(spanloop, headers, [])).status, label).toBe(401);
      expect((await exportGrpc(spanloop, headers)).code, label).toBe(GRPC_UNAUTHENTICATED);
    }
    const sqlWorkspace = await callApi(spanloop, '/api/v1/me', {
      ...as('a'),
      'cozeloop-workspace-id': "x' OR 1=1 --",
    });
    expect(sqlWorkspace.status).toBe(403);
    const huge = await callApi(spanloop, '/api/v1/me', { authorization: `Bearer ${'y'.repeat(20_000)}` });
    expect([401, 431]).toContain(huge.status);
    expect((await callApi(spanloop, '/healthz', {})).status).toBe(200);
    expect((await callApi(spanloop, '/api/v1/openapi.json', {})).status).toBe(200);
  });

  it('never writes a secret to the logs, and lists keys without them', async () => {
    const listed = await callApi(spanloop, '/api/v1/keys', as('adminA'));
    for (const secret of secrets) {
      expect(listed.text).not.toContain(secret);
      for (const line of logLines) expect(line).not.toContain(secret);
    }
    expect(logLines.length).toBeGreaterThan(0);
  });
});
