import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EgressPolicy } from '../core/egress/types';
import { silentLogger } from '../core/logger';
import { startFakeOpenAi } from '../core/model-gateway/fake-openai-server';
import type { FakeModelServer } from '../core/model-gateway/fake-server-kit';
import { openGatewayTestbed, type GatewayTestbed } from '../core/model-gateway/gateway-test-kit';
import type { Scope } from '../schemas/access';
import { ChatResultView, ModelList, ModelView, ProviderList, ProviderView } from '../schemas/models';
import type { WorkspaceEnv } from './auth-middleware';
import { errorHandler } from './error-response';
import { modelRoutes } from './model-routes';

let bed: GatewayTestbed;
let fake: FakeModelServer;
/** A second server on 127.0.0.1, as someone who wants the key would run. */
let elsewhere: FakeModelServer;
/** Answers every request with 400 and a body that is not JSON. */
let htmlErrors: { url: string; server: Server };
let egress: EgressPolicy;
const KEY = 'sk-route-secret-0123456789ABCD';
const HEADER_VALUE = 'portkey-virtual-key-777';

/** An API over the testbed acting as `workspaceId` with `scopes`. */
function api(workspaceId: string, scopes: Scope[] = ['read', 'write', 'admin'], withRegistry = true) {
  const app = new Hono<WorkspaceEnv>();
  app.onError(errorHandler(silentLogger));
  app.use('*', async (c, next) => {
    c.set('principal', { workspaceId, retentionDays: 0, scopes, subject: { kind: 'anonymous' } });
    c.set('workspaceId', workspaceId);
    await next();
  });
  app.route(
    '/api/v1',
    modelRoutes({
      metadata: bed.store,
      ...(withRegistry
        ? { modelRegistry: { secrets: bed.box, gateway: bed.gateway({ egress }), egress } }
        : {}),
    }),
  );
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(`/api/v1${path}`, {
      method,
      ...(body === undefined
        ? {}
        : {
            body: typeof body === 'string' ? body : JSON.stringify(body),
            headers: { 'content-type': 'application/json' },
          }),
    });
    const text = await res.text();
    return {
      status: res.status,
      text,
      json: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>),
      headers: res.headers,
    };
  };
  return call;
}

beforeAll(async () => {
  bed = await openGatewayTestbed();
  fake = await startFakeOpenAi({ apiKey: KEY });
  elsewhere = await startFakeOpenAi();
  const server = createServer((_req, res) => {
    res
      .writeHead(400, { 'content-type': 'text/html' })
      .end('<html>internal admin page: db password hunter2</html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  htmlErrors = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server };
  for (const url of [fake.url, elsewhere.url, htmlErrors.url]) bed.allow(url);
  egress = bed.egress();
});
afterAll(async () => {
  await fake.close();
  await elsewhere.close();
  await new Promise((resolve) => htmlErrors.server.close(resolve));
  await bed.close();
});

describe('model registry API', () => {
  it('never returns a provider key or header value, only whether one is set and its last characters', async () => {
    const a = api('ws-a');
    const created = await a('POST', '/model-providers', {
      name: 'openai',
      kind: 'openai',
      baseUrl: fake.url,
      apiKey: KEY,
      headers: { 'x-portkey-virtual-key': HEADER_VALUE },
      rateLimitRpm: 120,
    });
    expect(created.status).toBe(201);
    const view = ProviderView.parse(created.json);
    expect(view).toMatchObject({
      hasApiKey: true,
      apiKeyHint: 'ABCD',
      headerNames: ['x-portkey-virtual-key'],
      vendor: 'openai',
    });
    const reads = [
      created,
      await a('GET', '/model-providers'),
      await a('GET', `/model-providers/${view.id}`),
    ];
    const patched = await a('PATCH', `/model-providers/${view.id}`, { timeoutMs: 5000 });
    expect(patched.status).toBe(200);
    for (const r of [...reads, patched]) {
      expect(r.text).not.toContain(KEY);
      expect(r.text).not.toContain(KEY.slice(0, 10));
      expect(r.text).not.toContain(HEADER_VALUE);
    }
    expect(ProviderList.parse(reads[1]?.json).providers.map((p) => p.id)).toContain(view.id);
    const cleared = await a('PATCH', `/model-providers/${view.id}`, { apiKey: null });
    expect(ProviderView.parse(cleared.json)).toMatchObject({
      hasApiKey: false,
      apiKeyHint: null,
      timeoutMs: 5000,
    });
  });

  it('registers models, calls one, and guards a provider in use', async () => {
    const a = api('ws-a');
    const provider = ProviderView.parse(
      (await a('POST', '/model-providers', { name: 'calls', kind: 'openai', baseUrl: fake.url, apiKey: KEY }))
        .json,
    );
    const created = await a('POST', '/models', {
      providerId: provider.id,
      name: 'mini',
      model: 'gpt-4o-mini',
      paramSchema: [{ name: 'temperature', type: 'float', min: 0, max: 1, default: 0.3 }],
    });
    expect(created.status).toBe(201);
    const model = ModelView.parse(created.json);
    expect(ModelView.parse((await a('GET', '/models/mini')).json).id).toBe(model.id);
    expect(ModelList.parse((await a('GET', '/models')).json).models.map((m) => m.name)).toContain('mini');

    const chat = await a('POST', `/models/${model.id}/chat`, {
      messages: [{ role: 'user', content: 'hello API' }],
    });
    expect(chat.status).toBe(200);
    expect(ChatResultView.parse(chat.json)).toMatchObject({
      message: { role: 'assistant', content: 'hello API' },
      finishReason: 'stop',
    });
    expect(fake.requests[fake.requests.length - 1]?.body).toMatchObject({
      model: 'gpt-4o-mini',
      temperature: 0.3,
    });

    const hot = await a('POST', `/models/${model.id}/chat`, {
      messages: [{ role: 'user', content: 'x' }],
      params: { temperature: 1.7 },
    });
    expect(hot.status).toBe(400);
    expect(hot.json).toEqual({
      error: {
        code: 'invalid_argument',
        message: 'parameter temperature of model "mini": 1.7 is above the maximum 1',
      },
    });
    fake.enqueue({ type: 'error', status: 429, retryAfter: '600' });
    const limited = await a('POST', `/models/${model.id}/chat`, {
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('600');

    const inUse = await a('DELETE', `/model-providers/${provider.id}`);
    expect(inUse.status).toBe(409);
    expect((await a('DELETE', `/models/${model.id}`)).status).toBe(204);
    expect((await a('GET', `/models/${model.id}`)).status).toBe(404);
    expect((await a('DELETE', `/model-providers/${provider.id}`)).status).toBe(204);
  });

  it('keeps workspaces apart: another workspace sees, changes and calls nothing of it', async () => {
    const a = api('ws-a');
    const b = api('ws-b');
    const provider = ProviderView.parse(
      (await a('POST', '/model-providers', { name: 'private', kind: 'anthropic', apiKey: KEY })).json,
    );
    const model = ModelView.parse(
      (
        await a('POST', '/models', {
          providerId: provider.id,
          name: 'private-model',
          model: 'claude-haiku-4-5',
        })
      ).json,
    );
    expect(ProviderList.parse((await b('GET', '/model-providers')).json).providers).toEqual([]);
    expect(ModelList.parse((await b('GET', '/models')).json).models).toEqual([]);
    for (const [method, path, body] of [
      ['GET', `/model-providers/${provider.id}`],
      ['PATCH', `/model-providers/${provider.id}`, { name: 'mine' }],
      ['DELETE', `/model-providers/${provider.id}`],
      ['GET', `/models/${model.id}`],
      ['GET', '/models/private-model'],
      ['PATCH', `/models/${model.id}`, { name: 'mine' }],
      ['DELETE', `/models/${model.id}`],
      ['POST', `/models/${model.id}/chat`, { messages: [{ role: 'user', content: 'x' }] }],
    ] as const)
      expect((await b(method, path, body)).status, `${method} ${path}`).toBe(404);
    const cross = await b('POST', '/models', { providerId: provider.id, name: 'x', model: 'y' });
    expect(cross.status).toBe(400);
    expect(ProviderView.parse((await a('GET', `/model-providers/${provider.id}`)).json).name).toBe('private');
  });

  it('needs the admin scope to change providers and models (calling one: the run scope, cli/scopes.test.ts)', async () => {
    const a = api('ws-a');
    const provider = ProviderView.parse(
      (
        await a('POST', '/model-providers', {
          name: 'scoped',
          kind: 'openai',
          baseUrl: fake.url,
          apiKey: KEY,
        })
      ).json,
    );
    const model = ModelView.parse(
      (await a('POST', '/models', { providerId: provider.id, name: 'scoped-model', model: 'm' })).json,
    );
    const changes = [
      ['POST', '/model-providers', { name: 'n', kind: 'openai' }],
      ['PATCH', `/model-providers/${provider.id}`, { baseUrl: elsewhere.url }],
      ['DELETE', `/model-providers/${provider.id}`],
      ['POST', '/models', { providerId: provider.id, name: 'n', model: 'm' }],
      ['PATCH', `/models/${model.id}`, { name: 'n' }],
      ['DELETE', `/models/${model.id}`],
    ] as const;
    const reader = api('ws-a', ['read']);
    expect((await reader('GET', '/model-providers')).status).toBe(200);
    const member = api('ws-a', ['ingest', 'read', 'write', 'run']);
    for (const [method, path, body] of changes) {
      const r = await member(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.text).toMatch(/admin scope/);
      expect((await reader(method, path, body)).status, `${method} ${path}`).toBe(403);
    }
    expect(ProviderView.parse((await a('GET', `/model-providers/${provider.id}`)).json).baseUrl).toBe(
      fake.url,
    );
  });

  it('drops the stored key and headers when an update points the provider elsewhere without them', async () => {
    const a = api('ws-a');
    const provider = ProviderView.parse(
      (
        await a('POST', '/model-providers', {
          name: 'moved',
          kind: 'openai',
          baseUrl: fake.url,
          apiKey: KEY,
          headers: { 'x-portkey-virtual-key': HEADER_VALUE },
        })
      ).json,
    );
    const model = ModelView.parse(
      (await a('POST', '/models', { providerId: provider.id, name: 'moved-model', model: 'm' })).json,
    );
    const same = await a('PATCH', `/model-providers/${provider.id}`, { baseUrl: fake.url, timeoutMs: 9000 });
    expect(ProviderView.parse(same.json)).toMatchObject({
      hasApiKey: true,
      headerNames: ['x-portkey-virtual-key'],
    });
    expect(same.json).not.toHaveProperty('secretsDropped');

    const moved = await a('PATCH', `/model-providers/${provider.id}`, { baseUrl: elsewhere.url });
    expect(moved.status).toBe(200);
    expect(ProviderView.parse(moved.json)).toMatchObject({
      baseUrl: elsewhere.url,
      hasApiKey: false,
      apiKeyHint: null,
      headerNames: [],
      secretsDropped: ['apiKey', 'headers'],
    });
    const before = elsewhere.requests.length;
    const chat = await a('POST', `/models/${model.id}/chat`, { messages: [{ role: 'user', content: 'hi' }] });
    expect(chat.status).toBe(200);
    const received = elsewhere.requests.slice(before);
    expect(received).toHaveLength(1);
    expect(JSON.stringify(received)).not.toContain(KEY);
    expect(JSON.stringify(received)).not.toContain(HEADER_VALUE);
    expect(received[0]?.headers.authorization).toBeUndefined();

    // Moving back with the key entered again works; new headers alone also drop the key.
    const back = await a('PATCH', `/model-providers/${provider.id}`, { baseUrl: fake.url, apiKey: KEY });
    expect(ProviderView.parse(back.json)).toMatchObject({ hasApiKey: true, apiKeyHint: 'ABCD' });
    expect(back.json).not.toHaveProperty('secretsDropped');
    const headers = await a('PATCH', `/model-providers/${provider.id}`, {
      headers: { 'x-forwarded-host': 'e' },
    });
    expect(ProviderView.parse(headers.json)).toMatchObject({ hasApiKey: false, secretsDropped: ['apiKey'] });
    const kind = await a('PATCH', `/model-providers/${provider.id}`, { apiKey: KEY });
    expect(ProviderView.parse(kind.json).hasApiKey).toBe(true);
    const anthropic = await a('PATCH', `/model-providers/${provider.id}`, { kind: 'anthropic' });
    expect(ProviderView.parse(anthropic.json)).toMatchObject({
      hasApiKey: false,
      secretsDropped: ['apiKey', 'headers'],
    });
  });

  it('refuses a base URL at a forbidden literal address, naming SPANLOOP_EGRESS_ALLOW', async () => {
    const a = api('ws-a');
    for (const baseUrl of [
      'http://127.1:11434/v1',
      'http://[::ffff:127.0.0.1]:8000/v1',
      'http://169.254.169.254/latest',
      'http://0.0.0.0:8080',
      'http://2130706433/',
      'http://10.0.0.8/v1',
    ]) {
      const r = await a('POST', '/model-providers', {
        name: `bad-${baseUrl.length}`,
        kind: 'openai',
        baseUrl,
      });
      expect(r.status, baseUrl).toBe(400);
      expect(r.text, baseUrl).toMatch(/baseUrl: refusing to connect to .* set SPANLOOP_EGRESS_ALLOW=/);
    }
    const ok = ProviderView.parse(
      (await a('POST', '/model-providers', { name: 'ok-then-bad', kind: 'openai', baseUrl: fake.url })).json,
    );
    const r = await a('PATCH', `/model-providers/${ok.id}`, { baseUrl: 'http://127.0.0.1:11434/v1' });
    expect(r.status).toBe(400);
    expect(r.text).toContain(
      'refusing to connect to 127.0.0.1 (loopback): set SPANLOOP_EGRESS_ALLOW=127.0.0.1:11434 to allow a local model server',
    );
  });

  it('relays at most the provider’s parsed error message, truncated, never a raw error body', async () => {
    const a = api('ws-a');
    const html = ProviderView.parse(
      (await a('POST', '/model-providers', { name: 'html', kind: 'openai', baseUrl: htmlErrors.url })).json,
    );
    const htmlModel = ModelView.parse(
      (await a('POST', '/models', { providerId: html.id, name: 'html-model', model: 'm' })).json,
    );
    const chat = { messages: [{ role: 'user', content: 'x' }] };
    const r = await a('POST', `/models/${htmlModel.id}/chat`, chat);
    expect(r.status).toBe(400);
    expect(r.text).toContain('400');
    expect(r.text).not.toContain('hunter2');
    expect(r.text).not.toContain('<html>');

    const json = ProviderView.parse(
      (
        await a('POST', '/model-providers', {
          name: 'long-errors',
          kind: 'openai',
          baseUrl: fake.url,
          apiKey: KEY,
        })
      ).json,
    );
    const jsonModel = ModelView.parse(
      (await a('POST', '/models', { providerId: json.id, name: 'long-model', model: 'm' })).json,
    );
    fake.enqueue({ type: 'error', status: 400, message: `${'m'.repeat(299)}TAIL-NOT-SHOWN` });
    const long = await a('POST', `/models/${jsonModel.id}/chat`, chat);
    expect(long.status).toBe(400);
    const message = (long.json as { error: { message: string } }).error.message;
    expect(message).toContain(`400 ${'m'.repeat(299)}T…`);
    expect(message).not.toContain('TAIL-NOT-SHOWN');
  });

  it('answers bad bodies with 400 naming the field, and 503 without a server key', async () => {
    const a = api('ws-a');
    const cases: [string, string, unknown, RegExp][] = [
      ['POST', '/model-providers', { name: 'x', kind: 'cohere' }, /kind: /],
      [
        'POST',
        '/model-providers',
        { name: 'x', kind: 'openai', baseUrl: 'ftp://x' },
        /baseUrl: must be an http\(s\) URL/,
      ],
      ['POST', '/model-providers', { name: 'x', kind: 'openai', secret: 1 }, /secret/],
      ['POST', '/model-providers', { name: 'x', kind: 'openai', maxRetries: 99 }, /maxRetries/],
      ['POST', '/model-providers', 'not json', /must be JSON/],
      [
        'POST',
        '/models',
        {
          providerId: 'p',
          name: 'n',
          model: 'm',
          paramSchema: [{ name: 't', type: 'float', min: 2, max: 1 }],
        },
        /min 2 is above max 1/,
      ],
      ['POST', '/models', { providerId: 'p', name: 'n', model: 'm', defaultParams: { seed: 1 } }, /seed/],
      ['POST', '/models/x/chat', { messages: [] }, /messages/],
    ];
    for (const [method, path, body, message] of cases) {
      const r = await a(method, path, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.text, JSON.stringify(body)).toMatch(message);
    }
    const big = await a('POST', '/model-providers', {
      name: 'x',
      kind: 'openai',
      apiKey: 'k'.repeat(70_000),
    });
    expect(big.status).toBe(413);
    const unkeyed = api('ws-a', ['read', 'write', 'admin'], false);
    const r = await unkeyed('POST', '/model-providers', { name: 'nokey', kind: 'openai' });
    expect(r.status).toBe(503);
    expect((await unkeyed('GET', '/model-providers')).status).toBe(200);
  });
});
