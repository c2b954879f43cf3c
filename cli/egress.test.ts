import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSPACE_ID } from '../core/access/workspaces';
import { startFakeOpenAi } from '../core/model-gateway/fake-openai-server';
import type { FakeModelServer } from '../core/model-gateway/fake-server-kit';
import { ModelView, ProviderView } from '../schemas/models';
import { callApi, keyHeaders, type Headers } from './access-test-kit';
import { parseArgs } from './settings';
import { startTestInstance, type TestInstance } from './test-instance';

// SSRF and key theft from outside, through the real API of a Spanloop with keys required: the egress policy
// (SPANLOOP_EGRESS_ALLOW) and the provider registry's rules.

const KEY = 'sk-egress-provider-key-0123456789abcdef';

/** A server on 127.0.0.1 that counts the connections it gets: none may reach it. */
interface Trap {
  port: number;
  connections: number;
  server: Server;
}

async function listen(handle: RequestListener): Promise<Trap> {
  const server = createServer(handle);
  const trap: Trap = { port: 0, connections: 0, server };
  server.on('connection', () => trap.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  trap.port = (server.address() as AddressInfo).port;
  return trap;
}

const close = (t: Trap) =>
  new Promise<void>((resolve) => {
    t.server.closeAllConnections();
    t.server.close(() => resolve());
  });

let fake: FakeModelServer;
let thief: FakeModelServer;
let trap: Trap;
let redirector: Trap;
let spanloop: TestInstance;
let admin: Headers;
let member: Headers;

beforeAll(async () => {
  fake = await startFakeOpenAi({ apiKey: KEY });
  thief = await startFakeOpenAi();
  trap = await listen((_req, res) => res.end('{}'));
  redirector = await listen((_req, res) =>
    res.writeHead(307, { location: `http://127.0.0.1:${trap.port}/v1/chat/completions` }).end(),
  );
  spanloop = await startTestInstance({
    auth: { mode: 'required', maxFailures: 1000 },
    egress: { allow: `${fake.hostPort},${thief.hostPort},127.0.0.1:${redirector.port}` },
  });
  admin = await keyHeaders(spanloop, DEFAULT_WORKSPACE_ID, ['read', 'write', 'run', 'admin'], 'admin');
  member = await keyHeaders(spanloop, DEFAULT_WORKSPACE_ID, ['ingest', 'read', 'write', 'run'], 'member');
});
afterAll(async () => {
  await spanloop?.stop();
  for (const t of [trap, redirector]) if (t) await close(t);
  await fake?.close();
  await thief?.close();
});

const post = (path: string, body: unknown, headers = admin) =>
  callApi(spanloop, `/api/v1${path}`, headers, { method: 'POST', body });

let counter = 0;
/** A provider at `baseUrl` and a model on it; answers their ids, or the refusal of the provider. */
async function register(baseUrl: string, apiKey?: string) {
  counter++;
  const p = await post('/model-providers', {
    name: `p-${counter}`,
    kind: 'openai',
    baseUrl,
    ...(apiKey === undefined ? {} : { apiKey }),
  });
  if (p.status !== 201) return { refused: p };
  const provider = ProviderView.parse(JSON.parse(p.text));
  const m = await post('/models', { providerId: provider.id, name: `m-${counter}`, model: 'gpt-4o-mini' });
  expect(m.status, m.text).toBe(201);
  return { provider, model: ModelView.parse(JSON.parse(m.text)) };
}

const chat = (modelId: string, headers = admin) =>
  post(`/models/${modelId}/chat`, { messages: [{ role: 'user', content: 'hello' }] }, headers);

describe('outbound requests from a running Spanloop', () => {
  it('refuses literal loopback, mapped, metadata and unspecified base URLs at create, connecting nowhere', async () => {
    for (const host of [
      '127.1',
      '[::ffff:127.0.0.1]',
      '0x7f.1',
      '2130706433',
      '169.254.169.254',
      '0.0.0.0',
    ]) {
      const { refused } = await register(`http://${host}:${trap.port}/v1`, KEY);
      expect(refused?.status, host).toBe(400);
      expect(JSON.parse(refused?.text ?? '{}')).toMatchObject({
        error: {
          code: 'invalid_argument',
          message: expect.stringMatching(
            /^baseUrl: refusing to connect to .* set SPANLOOP_EGRESS_ALLOW=/,
          ) as string,
        },
      });
    }
    expect(trap.connections).toBe(0);
  });

  it('resolves a host name at call time and refuses localhost with a message naming the setting', async () => {
    const { model } = await register(`http://localhost:${trap.port}/v1`, KEY);
    const res = await chat(model?.id ?? '');
    expect(res.status).toBe(400);
    expect((JSON.parse(res.text) as { error: { message: string } }).error.message).toMatch(
      new RegExp(
        `refusing to connect to localhost \\(.*\\) \\(loopback\\): set SPANLOOP_EGRESS_ALLOW=localhost:${trap.port} to allow a local model server`,
      ),
    );
    expect(trap.connections).toBe(0);
  });

  it('refuses a redirect from an allow-listed server to a forbidden one before connecting to it', async () => {
    const { model } = await register(`http://127.0.0.1:${redirector.port}/v1`, KEY);
    const res = await chat(model?.id ?? '');
    expect(res.status).toBe(400);
    expect(res.text).toContain(`SPANLOOP_EGRESS_ALLOW=127.0.0.1:${trap.port}`);
    expect(redirector.connections).toBeGreaterThan(0);
    expect(trap.connections).toBe(0);
  });

  it('reaches an allow-listed local model server end to end', async () => {
    const { model } = await register(fake.url, KEY);
    fake.enqueue({ type: 'message', text: 'from the local server' });
    const res = await chat(model?.id ?? '', member);
    expect(res.status, res.text).toBe(200);
    expect((JSON.parse(res.text) as { message: { content: string } }).message.content).toBe(
      'from the local server',
    );
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('never sends a sealed key to a server someone else pointed the provider at', async () => {
    const { provider, model } = await register(fake.url, KEY);
    const id = provider?.id ?? '';
    // A member may call the model but not move the provider.
    const moved = await callApi(spanloop, `/api/v1/model-providers/${id}`, member, {
      method: 'PATCH',
      body: { baseUrl: thief.url },
    });
    expect(moved.status).toBe(403);
    // An admin who moves it without entering the key again leaves it without one.
    const repointed = await callApi(spanloop, `/api/v1/model-providers/${id}`, admin, {
      method: 'PATCH',
      body: { baseUrl: thief.url },
    });
    expect(ProviderView.parse(JSON.parse(repointed.text))).toMatchObject({
      hasApiKey: false,
      secretsDropped: ['apiKey'],
    });
    expect((await chat(model?.id ?? '', member)).status).toBe(200);
    expect(thief.requests.length).toBeGreaterThan(0);
    expect(JSON.stringify(thief.requests)).not.toContain(KEY);
    expect(JSON.stringify(thief.requests)).not.toContain(KEY.slice(-12));
  });

  it('reads SPANLOOP_EGRESS_ALLOW once, refusing a bad entry by name', () => {
    const parsed = parseArgs(['start'], {
      SPANLOOP_EGRESS_ALLOW: '127.0.0.1:11434, 10.0.0.0/8,[::1]:8000,ollama.internal',
    });
    expect('config' in parsed && parsed.config.egress.allow).toEqual([
      { kind: 'network', address: '127.0.0.1', prefix: 32, port: 11434 },
      { kind: 'network', address: '10.0.0.0', prefix: 8 },
      { kind: 'network', address: '::1', prefix: 128, port: 8000 },
      { kind: 'host', host: 'ollama.internal' },
    ]);
    expect(parseArgs(['start', '--egress-allow', '127.0.0.1:99999'], {})).toEqual({
      error: expect.stringContaining('"127.0.0.1:99999": the port must be 1 to 65535') as string,
    });
    expect(parseArgs(['start'], {})).toMatchObject({ config: { egress: { allow: [] } } });
  });
});
