import { randomBytes } from 'node:crypto';
import { SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../app-error';
import { startFakeAnthropic } from './fake-anthropic-server';
import { startFakeOpenAi } from './fake-openai-server';
import type { FakeModelServer } from './fake-server-kit';
import { openGatewayTestbed, type GatewayTestbed } from './gateway-test-kit';
import { createSecretBox } from './secret-box';
import type { ChatRequest } from './types';

let bed: GatewayTestbed;
let openai: FakeModelServer;
let anthropic: FakeModelServer;

beforeAll(async () => {
  bed = await openGatewayTestbed();
  openai = await startFakeOpenAi();
  anthropic = await startFakeAnthropic();
});
afterAll(async () => {
  await openai.close();
  await anthropic.close();
  await bed.close();
});

const ask = (modelId: string, extra: Partial<ChatRequest> = {}): ChatRequest => ({
  modelId,
  messages: [{ role: 'user', content: 'ping' }],
  ...extra,
});

const failure = async (promise: Promise<unknown>): Promise<AppError> => {
  const e: unknown = await promise.then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!(e instanceof AppError)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
};

const lastSpan = () => bed.spans()[bed.spans().length - 1];

describe('model gateway retries, timeouts, rate limits and validation', () => {
  it('retries a 429 after the Retry-After the provider asked for, then succeeds', async () => {
    const { model } = await bed.register({
      provider: { kind: 'openai', baseUrl: openai.url, maxRetries: 2 },
    });
    const before = openai.requests.length;
    openai.enqueue(
      { type: 'error', status: 429, retryAfter: '1' },
      { type: 'message', text: 'after the wait' },
    );
    const started = Date.now();
    const result = await bed.gateway().chat('ws-a', ask(model.id));
    expect(result.message.content).toBe('after the wait');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(openai.requests.length - before).toBe(2);
    const retry = lastSpan()?.events.find((e) => e.name === 'gen_ai.client.retry');
    expect(retry?.attributes).toMatchObject({ 'error.type': '429', 'spanloop.retry.delay_ms': 1000 });
  });

  it('retries 500s and dropped connections with back-off, on both providers', async () => {
    for (const [fake, kind] of [
      [openai, 'openai'],
      [anthropic, 'anthropic'],
    ] as const) {
      const { model } = await bed.register({ provider: { kind, baseUrl: fake.url, maxRetries: 3 } });
      const before = fake.requests.length;
      fake.enqueue(
        { type: 'error', status: 500 },
        { type: 'disconnect' },
        { type: 'error', status: kind === 'anthropic' ? 529 : 503 },
        { type: 'message', text: 'finally' },
      );
      const result = await bed.gateway().chat('ws-a', ask(model.id));
      expect(result.message.content, kind).toBe('finally');
      expect(fake.requests.length - before, kind).toBe(4);
      expect(lastSpan()?.events.filter((e) => e.name === 'gen_ai.client.retry').length, kind).toBe(3);
    }
  });

  it('gives up after maxRetries with unavailable and an error span', async () => {
    const { model } = await bed.register({
      provider: { kind: 'openai', baseUrl: openai.url, maxRetries: 1 },
    });
    const before = openai.requests.length;
    openai.enqueue(
      { type: 'error', status: 500, message: 'boom' },
      { type: 'error', status: 502, message: 'still down' },
    );
    const e = await failure(bed.gateway().chat('ws-a', ask(model.id)));
    expect(e.kind).toBe('unavailable');
    expect(e.message).toMatch(/still down/);
    expect(openai.requests.length - before).toBe(2);
    const span = lastSpan();
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes['error.type']).toBe('502');
    expect(span?.events.some((ev) => ev.name === 'exception')).toBe(true);
  });

  it('does not wait for a Retry-After beyond the policy: rate_limited with the wait', async () => {
    const { model } = await bed.register({
      provider: { kind: 'openai', baseUrl: openai.url, maxRetries: 3 },
    });
    const before = openai.requests.length;
    openai.enqueue({ type: 'error', status: 429, retryAfter: '120' });
    const started = Date.now();
    const e = await failure(bed.gateway().chat('ws-a', ask(model.id)));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(e).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 120 });
    expect(openai.requests.length - before).toBe(1);
  });

  it('times out a slow first byte, and retries it when allowed', async () => {
    const { model } = await bed.register({
      provider: { kind: 'openai', baseUrl: openai.url, timeoutMs: 200, maxRetries: 0 },
    });
    openai.enqueue({ type: 'message', text: 'too late', delayMs: 3000 });
    const started = Date.now();
    const e = await failure(bed.gateway().chat('ws-a', ask(model.id)));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(e.kind).toBe('unavailable');
    expect(e.message).toMatch(/no answer within 200 ms|did not answer in time/);
    expect(lastSpan()?.attributes['error.type']).toBe('timeout');

    const { model: patient } = await bed.register({
      provider: { kind: 'anthropic', baseUrl: anthropic.url, timeoutMs: 200, maxRetries: 1 },
    });
    anthropic.enqueue(
      { type: 'message', text: 'too late', delayMs: 3000 },
      { type: 'message', text: 'in time' },
    );
    expect((await bed.gateway().chat('ws-a', ask(patient.id))).message.content).toBe('in time');
  });

  it('times out a stream that stalls between chunks, but not one that keeps flowing', async () => {
    const { model } = await bed.register({
      provider: { kind: 'openai', baseUrl: openai.url, timeoutMs: 300, maxRetries: 0 },
    });
    const gateway = bed.gateway();
    openai.enqueue({ type: 'message', text: 'one two three four five six', chunkDelayMs: 100 });
    let text = '';
    for await (const c of gateway.stream('ws-a', ask(model.id))) if (c.type === 'text') text += c.text;
    expect(text).toBe('one two three four five six');

    // A reader slower than the timeout is not a silent provider.
    openai.enqueue({ type: 'message', text: 'slow reader' });
    text = '';
    for await (const c of gateway.stream('ws-a', ask(model.id))) {
      if (c.type === 'text') text += c.text;
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    expect(text).toBe('slow reader');

    openai.enqueue({ type: 'message', text: 'one two', chunkDelayMs: 1500 });
    const seen: string[] = [];
    const e = await failure(
      (async () => {
        for await (const c of gateway.stream('ws-a', ask(model.id))) if (c.type === 'text') seen.push(c.text);
      })(),
    );
    expect(e.kind).toBe('unavailable');
    expect(e.message).toMatch(/no answer within 300 ms/);
    expect(lastSpan()?.attributes['error.type']).toBe('timeout');
  });

  it('enforces a provider rate limit with 429 and a Retry-After instead of queueing', async () => {
    const { model } = await bed.register({
      provider: { kind: 'openai', baseUrl: openai.url, rateLimitRpm: 2 },
    });
    let clock = 1_000_000;
    const gateway = bed.gateway({ now: () => clock });
    const before = openai.requests.length;
    await gateway.chat('ws-a', ask(model.id));
    await gateway.chat('ws-a', ask(model.id));
    const e = await failure(gateway.chat('ws-a', ask(model.id)));
    expect(e).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 30 });
    expect(e.message).toMatch(/limited to 2 requests per minute/);
    expect(openai.requests.length - before).toBe(2);
    expect(lastSpan()?.attributes['error.type']).toBe('rate_limited');
    clock += 30_000;
    await gateway.chat('ws-a', ask(model.id));
    expect(openai.requests.length - before).toBe(3);
  });

  it('refuses parameters outside the model’s schema, naming them, before any request', async () => {
    const { model } = await bed.register({
      provider: { kind: 'openai', baseUrl: openai.url },
      model: {
        name: 'strict-model',
        paramSchema: [
          { name: 'temperature', type: 'float', min: 0, max: 1 },
          { name: 'max_tokens', type: 'int', min: 1, max: 1024 },
        ],
      },
    });
    const gateway = bed.gateway();
    const before = openai.requests.length;
    const cases: [unknown, RegExp][] = [
      [{ temperature: 1.5 }, /parameter temperature of model "strict-model": 1.5 is above the maximum 1/],
      [{ maxTokens: 4096 }, /parameter max_tokens of model "strict-model": 4096 is above the maximum 1024/],
      [{ maxTokens: 2.5 }, /params: maxTokens: .*expected int/],
      [{ temperature: 'hot' }, /params: temperature: /],
      [{ seed: 3 }, /params: .*seed/],
    ];
    for (const [params, message] of cases) {
      const e = await failure(
        gateway.chat('ws-a', ask(model.id, { params: params as NonNullable<ChatRequest['params']> })),
      );
      expect(e.kind).toBe('invalid_argument');
      expect(e.message).toMatch(message);
    }
    const bad = await failure(gateway.chat('ws-a', { modelId: model.id, messages: [] }));
    expect(bad).toMatchObject({
      kind: 'invalid_argument',
      message: expect.stringMatching(/messages/) as string,
    });
    const orphan = await failure(
      gateway.chat('ws-a', { modelId: model.id, messages: [{ role: 'tool', content: 'result' }] }),
    );
    expect(orphan.message).toMatch(/messages\.0\.toolCallId: a tool message answers a tool call id/);
    const unknown = await failure(gateway.chat('ws-a', ask('no-such-model')));
    expect(unknown.message).toMatch(/model "no-such-model" is not registered/);
    expect(openai.requests.length).toBe(before);
  });

  it('does not retry a 400 and reports it as the caller’s mistake', async () => {
    const { model } = await bed.register({
      provider: { kind: 'openai', baseUrl: openai.url, maxRetries: 3 },
    });
    const before = openai.requests.length;
    openai.enqueue({ type: 'error', status: 400, message: 'context length exceeded' });
    const e = await failure(bed.gateway().chat('ws-a', ask(model.id)));
    expect(e).toMatchObject({
      kind: 'invalid_argument',
      message: expect.stringMatching(/context length exceeded/) as string,
    });
    expect(openai.requests.length - before).toBe(1);
  });

  it('fails clearly, without crashing, when the server key cannot open a provider key', async () => {
    const { model, provider } = await bed.register({
      provider: { kind: 'openai', baseUrl: openai.url, apiKey: 'sk-sealed-with-the-old-server-key' },
    });
    const other = bed.gateway({ secrets: createSecretBox(randomBytes(32)) });
    const e = await failure(other.chat('ws-a', ask(model.id)));
    expect(e.kind).toBe('internal');
    expect(e.message).toContain(`provider "${provider.name}"`);
    expect(e.message).toMatch(/another server key/);
    expect(e.message).not.toContain('sk-sealed');
  });

  it('stops at once when the caller aborts, mid-call and mid-stream', async () => {
    const { model } = await bed.register({
      provider: { kind: 'openai', baseUrl: openai.url, maxRetries: 3 },
    });
    openai.enqueue({ type: 'message', text: 'slow', delayMs: 5000 });
    const controller = new AbortController();
    const reason = new Error('user closed the tab');
    setTimeout(() => controller.abort(reason), 100);
    const started = Date.now();
    await expect(bed.gateway().chat('ws-a', ask(model.id, { signal: controller.signal }))).rejects.toBe(
      reason,
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(lastSpan()?.status.code).toBe(SpanStatusCode.ERROR);

    openai.enqueue({ type: 'message', text: 'a b c d e f g h', chunkDelayMs: 200 });
    const streamAbort = new AbortController();
    const chunks: string[] = [];
    await expect(
      (async () => {
        for await (const c of bed.gateway().stream('ws-a', ask(model.id, { signal: streamAbort.signal }))) {
          if (c.type === 'text') chunks.push(c.text);
          if (chunks.length === 2) streamAbort.abort(reason);
        }
      })(),
    ).rejects.toBe(reason);
    expect(chunks.length).toBe(2);
  });

  it('closes the provider stream and marks the span when the caller stops reading', async () => {
    const { model } = await bed.register({ provider: { kind: 'anthropic', baseUrl: anthropic.url } });
    anthropic.enqueue({ type: 'message', text: 'one two three four five', chunkDelayMs: 50 });
    for await (const c of bed.gateway().stream('ws-a', ask(model.id))) if (c.type === 'text') break;
    const span = lastSpan();
    expect(span?.attributes['error.type']).toBe('cancelled');
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('serves concurrent calls independently', async () => {
    const { model } = await bed.register({ provider: { kind: 'anthropic', baseUrl: anthropic.url } });
    const gateway = bed.gateway();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        gateway.chat('ws-a', { modelId: model.id, messages: [{ role: 'user', content: `question ${i}` }] }),
      ),
    );
    expect(results.map((r) => r.message.content)).toEqual(
      Array.from({ length: 20 }, (_, i) => `question ${i}`),
    );
    expect(new Set(results.map((r) => r.spanId)).size).toBe(20);
  });
});
