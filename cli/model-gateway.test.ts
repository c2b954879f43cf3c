import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPrice } from '../collector/pricing/list-price.test-kit';
import { mapLlmFields } from '../collector/conventions';
import { attrs, makeSpan, type PlainValue } from '../collector/conventions/span-factory';
import { createPricing } from '../collector/pricing';
import { createApiKey } from '../core/access/api-keys';
import { DEFAULT_WORKSPACE_ID } from '../core/access/workspaces';
import { startFakeAnthropic } from '../core/model-gateway/fake-anthropic-server';
import { startFakeOpenAi } from '../core/model-gateway/fake-openai-server';
import type { FakeModelServer } from '../core/model-gateway/fake-server-kit';
import { openGatewayTestbed } from '../core/model-gateway/gateway-test-kit';
import type { ChatResult } from '../core/model-gateway/types';
import { ChatResultView, ModelList, ProviderList } from '../schemas/models';
import type { StoredSpan } from '../schemas/span-view';
import { bearer, callApi } from './access-test-kit';
import { gatewayCost } from './model-gateway';
import { parseArgs } from './settings';
import { serverKeyPath } from './server-key';
import { startTestInstance, type TestInstance } from './test-instance';

const PROVIDER_KEY = 'sk-e2e-provider-key-0123456789abcdef';
let fake: FakeModelServer;
let dataDir: string;
let configFile: string;

beforeAll(async () => {
  fake = await startFakeOpenAi({ apiKey: PROVIDER_KEY });
  dataDir = mkdtempSync(join(tmpdir(), 'spanloop-models-e2e-'));
  configFile = join(dataDir, 'model_config.yaml');
  writeFileSync(
    configFile,
    `
providers:
  - name: local-openai
    kind: openai
    base_url: ${fake.url}
    api_key: \${SPANLOOP_E2E_PROVIDER_KEY}
models:
  - name: gpt-4o-mini
    provider: local-openai
    model: gpt-4o-mini
    param_config:
      param_schemas:
        - { name: temperature, type: float, min: "0", max: "1", default_val: "0.2" }
`,
  );
  process.env.SPANLOOP_E2E_PROVIDER_KEY = PROVIDER_KEY;
});
afterAll(async () => {
  delete process.env.SPANLOOP_E2E_PROVIDER_KEY;
  await fake.close();
});

async function writer(spanloop: TestInstance) {
  const { secret } = await createApiKey(spanloop.metadata, {
    workspaceId: DEFAULT_WORKSPACE_ID,
    name: 'models e2e',
    scopes: ['read', 'write', 'run'],
  });
  return bearer(secret);
}

async function chat(spanloop: TestInstance, headers: Record<string, string>, content: string) {
  const models = ModelList.parse(JSON.parse((await callApi(spanloop, '/api/v1/models', headers)).text));
  const model = models.models.find((m) => m.name === 'gpt-4o-mini');
  if (model === undefined) throw new Error('the seeded model is missing');
  return callApi(spanloop, `/api/v1/models/${model.id}/chat`, headers, {
    method: 'POST',
    body: { messages: [{ role: 'user', content }] },
  });
}

async function storedSpan(spanloop: TestInstance, traceId: string, spanId: string): Promise<StoredSpan> {
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${spanloop.api}/api/v1/traces/${traceId}`);
    if (res.status === 200) {
      const span = ((await res.json()) as { spans: StoredSpan[] }).spans.find((s) => s.spanId === spanId);
      if (span !== undefined) return span;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`span ${spanId} never arrived`);
}

describe('the model gateway in a running Spanloop', () => {
  it('seeds the model config, calls the model through the API and stores the call as an LLM span', async () => {
    const spanloop = await startTestInstance({
      dataDir,
      egress: { allow: fake.hostPort },
      modelConfigFile: configFile,
    });
    try {
      expect(statSync(serverKeyPath({ dataDir })).mode & 0o777).toBe(0o600);
      const headers = await writer(spanloop);
      const providers = await callApi(spanloop, '/api/v1/model-providers', headers);
      expect(providers.text).not.toContain(PROVIDER_KEY);
      expect(ProviderList.parse(JSON.parse(providers.text)).providers).toMatchObject([
        { name: 'local-openai', hasApiKey: true, apiKeyHint: 'cdef', baseUrl: fake.url },
      ]);
      expect(JSON.stringify(await spanloop.metadata.query('SELECT * FROM model_providers'))).not.toContain(
        PROVIDER_KEY,
      );

      const res = await chat(spanloop, headers, 'What is Spanloop?');
      expect(res.status, res.text).toBe(200);
      const result = ChatResultView.parse(JSON.parse(res.text));
      expect(result.message.content).toBe('What is Spanloop?');
      expect(fake.requests[fake.requests.length - 1]?.body).toMatchObject({ temperature: 0.2 });
      // gpt-4o-mini is in the shipped price table.
      const { inputTokens, outputTokens } = result.usage;
      expect(inputTokens).toBeGreaterThan(0);
      expect(result.cost).toBeCloseTo(
        listPrice('gpt-4o-mini', { input: inputTokens, output: outputTokens }),
        12,
      );

      const span = await storedSpan(spanloop, result.traceId, result.spanId);
      expect(span).toMatchObject({ name: 'chat gpt-4o-mini', kind: 'Client', serviceName: 'spanloop' });
      expect(span.llm).toMatchObject({
        spanType: 'llm',
        provider: 'openai',
        requestModel: 'gpt-4o-mini',
        responseModel: 'gpt-4o-mini',
        inputTokens: result.usage.inputTokens,
        outputTokens: result.usage.outputTokens,
        input: [{ role: 'user', content: 'What is Spanloop?' }],
        output: [{ role: 'assistant', content: 'What is Spanloop?' }],
      });
      expect(span.llm.totalCost).toBeCloseTo(result.cost, 12);
    } finally {
      await spanloop.stop();
    }
  });

  it('keeps its server key across restarts, and fails clearly, without crashing, under another key', async () => {
    const again = await startTestInstance({ dataDir, egress: { allow: fake.hostPort } });
    try {
      const headers = await writer(again);
      expect((await chat(again, headers, 'still here')).status).toBe(200);
    } finally {
      await again.stop();
    }
    const otherKey = randomBytes(32).toString('base64');
    const moved = await startTestInstance({ dataDir, egress: { allow: fake.hostPort }, secretKey: otherKey });
    try {
      const headers = await writer(moved);
      const res = await chat(moved, headers, 'hello');
      expect(res.status).toBe(500);
      expect(JSON.parse(res.text)).toEqual({
        error: {
          code: 'internal',
          message: expect.stringMatching(
            /provider "local-openai" cannot be opened: .*another server key/,
          ) as string,
        },
      });
      expect((await fetch(`${moved.api}/healthz`)).status).toBe(200);
    } finally {
      await moved.stop();
    }
    // Applying the config file under the new key seals the provider key again.
    const reseeded = await startTestInstance({
      dataDir,
      egress: { allow: fake.hostPort },
      secretKey: otherKey,
      modelConfigFile: configFile,
    });
    try {
      expect((await chat(reseeded, await writer(reseeded), 'resealed')).status).toBe(200);
    } finally {
      await reseeded.stop();
    }
  });

  it('refuses to start with a config file naming an unset variable', async () => {
    const bad = join(dataDir, 'bad.yaml');
    writeFileSync(bad, 'providers: [{ name: x, kind: openai, api_key: "${SPANLOOP_E2E_UNSET}" }]');
    await expect(
      startTestInstance({
        dataDir: mkdtempSync(join(tmpdir(), 'spanloop-models-bad-')),
        modelConfigFile: bad,
      }),
    ).rejects.toThrow(/api_key references \$\{SPANLOOP_E2E_UNSET\}, which is not set/);
  });
});

describe('server key configuration', () => {
  it('takes SPANLOOP_SECRET_KEY as hex or base64 and refuses anything else without echoing it', () => {
    const hex = randomBytes(32).toString('hex');
    for (const value of [hex, Buffer.from(hex, 'hex').toString('base64')]) {
      const parsed = parseArgs(['start'], { SPANLOOP_SECRET_KEY: value });
      expect('error' in parsed ? parsed.error : parsed.config.secretKey).toBe(value);
    }
    const bad = parseArgs(['start'], { SPANLOOP_SECRET_KEY: 'my-password-123' });
    expect(bad).toEqual({
      error: expect.stringMatching(/secretKey: 32 bytes as 64 hex digits or base64/) as string,
    });
    expect(JSON.stringify(bad)).not.toContain('my-password-123');
    expect(parseArgs(['start', '--model-config', '/etc/models.yaml'], {})).toMatchObject({
      config: { modelConfigFile: '/etc/models.yaml' },
    });
  });
});

describe('gateway spans as the collector maps them', () => {
  const mapped = (attributes: Record<string, unknown>) =>
    mapLlmFields(
      makeSpan({ name: 'chat m', kind: 3, attributes: attributes as Record<string, PlainValue> }),
      attrs(),
    );

  it('gives streamed Anthropic calls their messages, cache tokens, cost and time to first token', async () => {
    const bed = await openGatewayTestbed();
    const anthropic = await startFakeAnthropic();
    try {
      const { model } = await bed.register({
        provider: { kind: 'anthropic', baseUrl: anthropic.url },
        model: { model: 'claude-haiku-4-5' },
      });
      anthropic.enqueue({
        type: 'message',
        text: 'Looking it up.',
        toolCalls: [{ id: 'toolu_7', name: 'search', arguments: '{"q":"otel"}' }],
        usage: { inputTokens: 100, outputTokens: 20, cacheReadTokens: 50 },
        chunkDelayMs: 5,
      });
      const gateway = bed.gateway({ cost: gatewayCost(createPricing()) });
      let result: ChatResult | undefined;
      for await (const c of gateway.stream('ws-a', {
        modelId: model.id,
        messages: [
          { role: 'system', content: 'Use tools.' },
          { role: 'user', content: 'Find otel docs' },
        ],
      }))
        if (c.type === 'done') result = c.result;
      const span = bed.spans().find((s) => s.spanContext().spanId === result?.spanId);
      const llm = mapped(span?.attributes ?? {});
      expect(llm).toMatchObject({
        spanType: 'llm',
        provider: 'anthropic',
        requestModel: 'claude-haiku-4-5',
        inputTokens: 150,
        outputTokens: 20,
        cacheReadTokens: 50,
        input: [
          { role: 'system', content: 'Use tools.' },
          { role: 'user', content: 'Find otel docs' },
        ],
        output: [
          {
            role: 'assistant',
            content: 'Looking it up.',
            toolCalls: [{ id: 'toolu_7', name: 'search', arguments: '{"q":"otel"}' }],
          },
        ],
      });
      expect(result?.cost).toBeCloseTo(
        listPrice('claude-haiku-4-5', { input: 100, cacheRead: 50, output: 20 }),
        12,
      );
      expect(llm.reportedCost).toBeCloseTo(result?.cost ?? 0, 12);
      expect(llm.timeToFirstTokenNs).toBe(Math.round((result?.timeToFirstTokenMs ?? 0) * 1e6));
      expect(llm.timeToFirstTokenNs).toBeGreaterThan(0);
    } finally {
      await anthropic.close();
      await bed.close();
    }
  });
});
