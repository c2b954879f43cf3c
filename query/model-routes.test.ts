import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
const KEY = 'sk-route-secret-0123456789ABCD';
const HEADER_VALUE = 'portkey-virtual-key-777';

/** An API over the testbed acting as `workspaceId` with `scopes`. */
function api(workspaceId: string, scopes: Scope[] = ['read', 'write'], withRegistry = true) {
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
      ...(withRegistry ? { modelRegistry: { secrets: bed.box, gateway: bed.gateway() } } : {}),
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
});
afterAll(async () => {
  await fake.close();
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

  it('needs the write scope to change the registry or call a model', async () => {
    const a = api('ws-a');
    const provider = ProviderView.parse(
      (await a('POST', '/model-providers', { name: 'scoped', kind: 'openai', baseUrl: fake.url })).json,
    );
    const reader = api('ws-a', ['read']);
    expect((await reader('GET', '/model-providers')).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', '/model-providers', { name: 'n', kind: 'openai' }],
      ['PATCH', `/model-providers/${provider.id}`, { name: 'n' }],
      ['DELETE', `/model-providers/${provider.id}`],
      ['POST', '/models', { providerId: provider.id, name: 'n', model: 'm' }],
      ['POST', '/models/any/chat', { messages: [{ role: 'user', content: 'x' }] }],
    ] as const) {
      const r = await reader(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.text).toMatch(/write scope/);
    }
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
    const unkeyed = api('ws-a', ['read', 'write'], false);
    const r = await unkeyed('POST', '/model-providers', { name: 'nokey', kind: 'openai' });
    expect(r.status).toBe(503);
    expect((await unkeyed('GET', '/model-providers')).status).toBe(200);
  });
});
