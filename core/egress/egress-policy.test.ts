import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EgressAllowList } from '../../schemas/egress';
import { AppError } from '../app-error';
import { createEgressPolicy, type EgressOptions } from './egress-policy';
import { MODEL_TEST_CERT, MODEL_TEST_KEY } from './self-signed.test-kit';
import type { EgressPolicy } from './types';

interface Listening {
  origin: string;
  port: number;
  connections: number;
  requests: { url: string; method: string; headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

const open: (Listening | EgressPolicy)[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

async function listen(handle: (req: IncomingMessage, res: ServerResponse) => void): Promise<Listening> {
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      l.requests.push({ url: req.url ?? '', method: req.method ?? '', headers: req.headers, body });
      handle(req, res);
    });
  });
  server.on('connection', () => l.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const l: Listening = {
    origin: `http://127.0.0.1:${port}`,
    port,
    connections: 0,
    requests: [],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  open.push(l);
  return l;
}

const hello = () => listen((_req, res) => res.end('hello'));

function policy(allow: string, more: Omit<EgressOptions, 'allow'> = {}): EgressPolicy {
  const p = createEgressPolicy({ allow: EgressAllowList.parse(allow), ...more });
  open.push(p);
  return p;
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe('the egress policy', () => {
  it('refuses loopback by default, naming the setting that allows a local model server', async () => {
    const server = await hello();
    const e = await refusal(policy('').fetch(`${server.origin}/v1/chat/completions`));
    expect(e.kind).toBe('invalid_argument');
    expect(e.message).toBe(
      `refusing to connect to 127.0.0.1 (loopback): set SPANLOOP_EGRESS_ALLOW=127.0.0.1:${server.port} to allow a local model server`,
    );
    expect(server.connections).toBe(0);
  });

  it.each([
    ['http://127.1:9/', 'loopback'],
    ['http://0x7f.1:9/', 'loopback'],
    ['http://2130706433:9/', 'loopback'],
    ['http://[::ffff:127.0.0.1]:9/', 'loopback'],
    ['http://[::1]:9/', 'loopback'],
    ['http://[64:ff9b::7f00:1]/', 'loopback'],
    ['http://[2002:a9fe:a9fe::]/', 'link-local'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local, cloud metadata'],
    ['http://0.0.0.0:9/', 'unspecified'],
    ['http://10.0.0.1/', 'private'],
    ['https://192.168.1.1/', 'private'],
    ['http://100.100.100.200/', 'carrier-grade NAT'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://255.255.255.255/', 'broadcast'],
  ])('refuses %s (%s) without DNS', (url, label) => {
    const checked = policy('').checkUrl(url);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.error.message).toContain(`(${label})`);
  });

  it('refuses other schemes and credentials in the URL; accepts public hosts and names without resolving them', () => {
    const p = policy('');
    expect(p.checkUrl('ftp://example.com/').ok).toBe(false);
    expect(p.checkUrl('file:///etc/passwd').ok).toBe(false);
    expect(p.checkUrl('https://user:pw@example.com/').ok).toBe(false);
    expect(p.checkUrl('https://api.openai.com/v1').ok).toBe(true);
    expect(p.checkUrl('http://localhost:11434/').ok).toBe(true);
    expect(p.checkUrl('https://8.8.8.8/').ok).toBe(true);
  });

  it('resolves names at connect time: localhost is refused with its address named', async () => {
    const server = await hello();
    const e = await refusal(policy('').fetch(`http://localhost:${server.port}/`));
    expect(e.message).toMatch(
      new RegExp(
        `^refusing to connect to localhost \\((127\\.0\\.0\\.1|::1)\\) \\(loopback\\): set SPANLOOP_EGRESS_ALLOW=localhost:${server.port}`,
      ),
    );
    expect(server.connections).toBe(0);
  });

  it('allows exactly the allow-listed address and port', async () => {
    const server = await hello();
    const other = await hello();
    const p = policy(`127.0.0.1:${server.port}`);
    expect(await (await p.fetch(`${server.origin}/x`)).text()).toBe('hello');
    await refusal(p.fetch(`${other.origin}/x`));
    expect(other.connections).toBe(0);
  });

  it('connects to the address it checked: a name only the policy resolver knows still reaches it', async () => {
    const server = await hello();
    const lookups: string[] = [];
    const p = policy(`model.test:${server.port}`, {
      resolve: (host) => {
        lookups.push(host);
        return Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
      },
    });
    const res = await p.fetch(`http://model.test:${server.port}/pinned`);
    expect(await res.text()).toBe('hello');
    expect(server.requests[0]?.headers.host).toBe(`model.test:${server.port}`);
    expect(lookups).toEqual(['model.test']);
    const e = await refusal(p.fetch(`http://model.test:1/`));
    expect(e.message).toContain('refusing to connect to model.test (127.0.0.1) (loopback)');
  });

  it('picks the first permitted address of a name and skips forbidden ones', async () => {
    const server = await hello();
    const p = policy(`127.0.0.1:${server.port}`, {
      resolve: () =>
        Promise.resolve([
          { address: '10.1.1.1', family: 4 },
          { address: '127.0.0.1', family: 4 },
        ]),
    });
    const checked = await p.check(`http://mixed.test:${server.port}/`);
    expect(checked.ok && checked.value.address).toBe('127.0.0.1');
    expect(await (await p.fetch(`http://mixed.test:${server.port}/`)).text()).toBe('hello');
    const none = await p.check('http://mixed.test:1/');
    expect(none.ok || none.error.message).toContain('refusing to connect to mixed.test (10.1.1.1) (private)');
  });

  it('checks every redirect hop: a redirect to a forbidden server is refused before connecting', async () => {
    const forbidden = await hello();
    const redirector = await listen((_req, res) => {
      res.writeHead(302, { location: `${forbidden.origin}/latest/meta-data/` }).end();
    });
    const p = policy(`127.0.0.1:${redirector.port}`);
    const e = await refusal(p.fetch(`${redirector.origin}/start`));
    expect(e.message).toContain(`SPANLOOP_EGRESS_ALLOW=127.0.0.1:${forbidden.port}`);
    expect(redirector.requests).toHaveLength(1);
    expect(forbidden.connections).toBe(0);
  });

  it('follows allowed redirects; another origin gets no credentials; 303 turns a POST into a GET', async () => {
    const target = await hello();
    const redirector = await listen((req, res) => {
      if (req.url === '/same') res.writeHead(307, { location: '/final' }).end();
      else if (req.url === '/final') res.end(`final ${req.method}`);
      else res.writeHead(303, { location: `${target.origin}/elsewhere` }).end();
    });
    const p = policy(`127.0.0.1:${redirector.port},127.0.0.1:${target.port}`);
    const init = {
      method: 'POST',
      body: '{"a":1}',
      headers: { authorization: 'Bearer sk-secret', 'x-api-key': 'k', 'content-type': 'application/json' },
    };
    expect(await (await p.fetch(`${redirector.origin}/same`, init)).text()).toBe('final POST');
    expect(redirector.requests[1]).toMatchObject({ method: 'POST', body: '{"a":1}' });
    expect(redirector.requests[1]?.headers.authorization).toBe('Bearer sk-secret');
    expect(await (await p.fetch(`${redirector.origin}/away`, init)).text()).toBe('hello');
    const moved = target.requests[0];
    expect(moved?.method).toBe('GET');
    expect(moved?.headers.authorization).toBeUndefined();
    expect(moved?.headers['x-api-key']).toBeUndefined();
  });

  it('gives up after the redirect limit, and hands 3xx back with redirect: manual', async () => {
    const loop = await listen((_req, res) => res.writeHead(302, { location: '/again' }).end());
    const p = policy(`127.0.0.1:${loop.port}`);
    expect((await refusal(p.fetch(loop.origin))).message).toMatch(/more than 5 redirects/);
    const manual = await p.fetch(loop.origin, { redirect: 'manual' });
    expect(manual.status).toBe(302);
  });

  it('bounds the answer, after decompression', async () => {
    const big = await listen((_req, res) => res.end('x'.repeat(5000)));
    const p = policy(`127.0.0.1:${big.port}`, { limits: { maxResponseBytes: 1000 } });
    const res = await p.fetch(big.origin);
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
  });

  it('streams: the first chunk arrives before the answer ends', async () => {
    let finish: () => void = () => undefined;
    const slow = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: one\n\n');
      finish = () => res.end('data: two\n\n');
    });
    const p = policy(`127.0.0.1:${slow.port}`);
    const res = await p.fetch(slow.origin);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('data: one\n\n');
    finish();
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read())
      rest += new TextDecoder().decode(r.value);
    expect(rest).toBe('data: two\n\n');
  });

  it('speaks TLS to the pinned address, verifying the certificate against the URL host name', async () => {
    const server = createTlsServer({ cert: MODEL_TEST_CERT, key: MODEL_TEST_KEY }, (req, res) =>
      res.end(`tls ${req.headers.host}`),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const p = policy(`model.test:${port},other.test:${port}`, {
        resolve: () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]),
        ca: MODEL_TEST_CERT,
      });
      expect(await (await p.fetch(`https://model.test:${port}/v1`)).text()).toBe(`tls model.test:${port}`);
      // The same address under a name the certificate does not carry: the connection is refused.
      const e = await refusal(p.fetch(`https://other.test:${port}/v1`));
      expect(e.message).toContain('cannot connect to other.test');
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('relays an abort as an AbortError', async () => {
    const never = await listen(() => undefined);
    const p = policy(`127.0.0.1:${never.port}`);
    const controller = new AbortController();
    const pending = p.fetch(never.origin, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
