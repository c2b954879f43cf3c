import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '../core/access/workspaces';
import { callApi, exportHttp, keyHeaders, newWorkspace, type Headers } from './access-test-kit';
import { hexId, msToNs } from './otlp-json-request';
import { startTestInstance, type TestInstance } from './test-instance';
import type { LoopAnswer, RunAnswer } from '../plugins/prompts/prompts-test-kit';

// The prompts plugin as a user meets it: through the plugin host of a real embedded Spanloop, with API keys.
let spanloop: TestInstance;
let team: Workspace;
let writer: Headers;
let reader: Headers;

const template = {
  messages: [
    { role: 'system', content: 'You answer for {{shop}}.' },
    { role: 'user', content: '{{question}}' },
  ],
  variables: [
    { key: 'shop', type: 'string' },
    { key: 'question', type: 'string' },
  ],
};

beforeAll(async () => {
  spanloop = await startTestInstance({ auth: { mode: 'required', maxFailures: 1000 } });
  team = await newWorkspace(spanloop, 'prompt-team');
  writer = await keyHeaders(spanloop, team.id, ['ingest', 'read', 'write'], 'app');
  reader = await keyHeaders(spanloop, team.id, ['read'], 'ro');
});
afterAll(async () => {
  await spanloop.stop();
});

const api = (path: string, headers: Headers, init: { method?: string; body?: unknown } = {}) =>
  callApi(spanloop, path, headers, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    ...init,
  });

describe('prompts plugin through a running Spanloop', () => {
  it('creates, commits and labels a prompt, then serves it by label with an ETag', async () => {
    expect((await api('/api/v1/prompts', writer, { body: { key: 'support.reply', template } })).status).toBe(
      201,
    );
    const committed = await api('/api/v1/prompts/support.reply/versions', writer, {
      body: { version: '1.2.0', commitMessage: 'first' },
    });
    expect(committed.status).toBe(201);
    const labelled = await api('/api/v1/prompts/support.reply/labels/production', writer, {
      method: 'PUT',
      body: { version: '1.2.0' },
    });
    expect(labelled.status).toBe(200);
    expect((await api('/api/v1/prompts', reader, { body: { key: 'not-allowed' } })).status).toBe(403);

    const fetched = await api('/api/v1/prompts/support.reply?label=production', reader);
    expect(fetched.status).toBe(200);
    expect(JSON.parse(fetched.text)).toMatchObject({ version: { version: '1.2.0', labels: ['production'] } });
    const etag = fetched.headers.get('etag') ?? '';
    const again = await fetch(`${spanloop.api}/api/v1/prompts/support.reply?label=production`, {
      headers: { ...reader, 'if-none-match': etag },
    });
    expect(again.status).toBe(304);

    const rendered = await api('/api/v1/prompts/support.reply/render', writer, {
      body: { label: 'production', variables: { shop: 'Acme', question: 'Where is my parcel?' } },
    });
    expect((JSON.parse(rendered.text) as RunAnswer).messages).toEqual([
      { role: 'system', content: 'You answer for Acme.' },
      { role: 'user', content: 'Where is my parcel?' },
    ]);
  });

  it('serves the Cozeloop Prompt Hub (mget) with a Bearer API key', async () => {
    const res = await api('/v1/loop/prompts/mget', reader, {
      body: { workspace_id: team.id, queries: [{ prompt_key: 'support.reply', label: 'production' }] },
    });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text) as LoopAnswer;
    expect(body).toMatchObject({ code: 0, msg: '' });
    expect(body.data.items[0]?.prompt).toMatchObject({
      workspace_id: team.id,
      prompt_key: 'support.reply',
      version: '1.2.0',
      prompt_template: { template_type: 'normal', variable_defs: [{ key: 'shop' }, { key: 'question' }] },
    });
    const unauthenticated = await fetch(`${spanloop.api}/v1/loop/prompts/mget`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ workspace_id: team.id, queries: [{ prompt_key: 'support.reply' }] }),
    });
    expect(unauthenticated.status).toBe(401);
    expect(((await unauthenticated.json()) as { code: number }).code).toBe(600500401);
  });

  it('attributes Cozeloop SDK and Langfuse spans to their prompt version in the per-version metrics', async () => {
    const traceId = hexId(16);
    const root = hexId(8);
    const started = Date.now() - 10_000;
    const base = {
      trace_id: traceId,
      workspace_id: team.id,
      service_name: 'chat-app',
      started_at_micros: String(started * 1000),
    };
    const ingest = await api('/v1/loop/traces/ingest', writer, {
      body: {
        spans: [
          {
            ...base,
            span_id: root,
            parent_id: '0',
            span_name: 'answer',
            span_type: 'prompt',
            duration_micros: '1500000',
            status_code: 0,
            tags_string: { prompt_key: 'support.reply', prompt_version: '1.2.0' },
          },
          {
            ...base,
            span_id: hexId(8),
            parent_id: root,
            span_name: 'ChatCompletion',
            span_type: 'model',
            duration_micros: '1200000',
            status_code: 0,
            tags_string: {
              model_name: 'gpt-4o-mini',
              model_provider: 'openai',
              prompt_key: 'support.reply',
              prompt_version: '1.2.0',
            },
            tags_long: { input_tokens: '120', output_tokens: '30', tokens: '150' },
          },
        ],
      },
    });
    expect(JSON.parse(ingest.text)).toEqual({ code: 0, msg: '' });
    const exported = await exportHttp(spanloop, writer, [
      {
        service: 'movie-bot',
        spans: [
          {
            name: 'generation',
            startNs: msToNs(started),
            durationNs: msToNs(250),
            status: { code: 2, message: 'rate limited' },
            attributes: {
              'langfuse.observation.type': 'generation',
              'langfuse.observation.prompt.name': 'support.reply',
              'langfuse.observation.prompt.version': 3,
              'gen_ai.request.model': 'gpt-4o-mini',
              'gen_ai.usage.input_tokens': 10,
              'gen_ai.usage.output_tokens': 2,
            },
          },
        ],
      },
    ]);
    expect(exported.status).toBe(200);

    const res = await api(
      `/api/v1/prompts/support.reply/metrics?from=${started - 60_000}&to=${Date.now() + 60_000}`,
      reader,
    );
    expect(res.status).toBe(200);
    const versions = (JSON.parse(res.text) as RunAnswer).versions;
    expect(versions.find((v) => v.version === '1.2.0')).toMatchObject({
      requests: 1,
      errors: 0,
      tokens: { input: 120, output: 30, total: 150 },
      latencyMs: { p50: 1500 },
    });
    expect(versions.find((v) => v.version === '3')).toMatchObject({
      requests: 1,
      errors: 1,
      errorRate: 1,
      tokens: { input: 10, output: 2 },
    });
  });
});
