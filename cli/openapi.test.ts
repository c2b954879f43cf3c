import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../core/access/api-keys';
import { DEFAULT_WORKSPACE_ID } from '../core/access/workspaces';
import type { OpenApiDocument, OpenApiParameter } from '../query/openapi';
import { componentValidator, documentedResponse } from '../query/openapi/response-conformance';
import { hexId, msToNs, sendOtlpJson } from './otlp-json-request';
import { startTestInstance, type TestInstance } from './test-instance';

let spanloop: TestInstance;
let doc: OpenApiDocument;
let validate: ReturnType<typeof componentValidator>;
let adminSecret: string;

const BASE_MS = Math.floor(Date.now() / 60_000) * 60_000 - 3_600_000;
const traceId = hexId(16);
const rootId = hexId(8);

/** Values the seeded data needs; every other parameter takes the document's own example. */
const overrides: Record<string, string> = {
  traceId,
  from: String(BASE_MS - 60_000),
  to: String(BASE_MS + 600_000),
};
/** Tempo's range is in seconds, Jaeger's in microseconds; a prompt or dataset diff's `from` and `to` are versions. */
const rangeOf = (path: string): Readonly<Record<string, string>> => {
  if (path.endsWith('/diff/{to}')) return { from: '1.0.0', to: '1.1.0' };
  if (path === '/api/v1/datasets/{id}/diff') return { from: '1', to: 'draft' };
  if (path.startsWith('/tempo/'))
    return { start: String(BASE_MS / 1000 - 60), end: String(BASE_MS / 1000 + 600) };
  if (path.startsWith('/jaeger/'))
    return { start: String((BASE_MS - 60_000) * 1000), end: String((BASE_MS + 600_000) * 1000) };
  return {};
};
/** Routes only a console session reaches (the walk uses an API key); invitations.test.ts covers them. */
const SESSION_ONLY = new Set(['/api/v1/me/invitations']);
/** Routes that need one of several optional parameters (Jaeger's service or traceID). */
const NEED_A_CHOICE = new Set(['/jaeger/api/operations', '/jaeger/api/traces']);
/** Routes answering one object (a prompt's version, its draft) rather than a list. */
const ONE_OBJECT = new Set([
  '/api/v1/prompts/{key}',
  '/api/v1/prompts/{key}/draft',
  '/api/v1/prompts/{key}/versions/{version}',
  '/api/v1/evaluators/{id}',
  '/api/v1/evaluators/records/{recordId}',
  '/api/v1/datasets/{id}',
  '/api/v1/datasets/{id}/items/{itemId}',
  '/api/v1/datasets/{id}/items/{itemId}/value',
  '/api/v1/datasets/{id}/versions/{versionId}',
  '/api/v1/datasets/{id}/jobs/{jobId}',
]);

beforeAll(async () => {
  spanloop = await startTestInstance();
  // Every scope, so the key-management routes answer too.
  ({ secret: adminSecret } = await createApiKey(spanloop.metadata, {
    workspaceId: DEFAULT_WORKSPACE_ID,
    name: 'openapi walk',
    scopes: ['ingest', 'read', 'write', 'run', 'admin'],
  }));
  // A model provider and a model, so the registry's routes list something and find their ids.
  const register = async (path: string, body: unknown) => {
    const res = await fetch(`${spanloop.api}/api/v1/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminSecret}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, path).toBe(201);
    return ((await res.json()) as { id?: string }).id ?? '';
  };
  // A pending invitation, for the admin's list and for the page its link opens.
  overrides.token = (
    JSON.parse(
      await (
        await fetch(`${spanloop.api}/api/v1/workspace/invitations`, {
          method: 'POST',
          headers: { authorization: `Bearer ${adminSecret}`, 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'invited@example.test', role: 'viewer' }),
        })
      ).text(),
    ) as { token: string }
  ).token;
  overrides.providerId = await register('model-providers', {
    name: 'openai',
    kind: 'openai',
    apiKey: 'sk-x',
    headers: { 'x-team': 'docs' },
  });
  overrides.modelId = await register('models', {
    providerId: overrides.providerId,
    name: 'gpt-4o',
    model: 'gpt-4o',
    paramSchema: [{ name: 'temperature', type: 'float', min: 0, max: 2 }],
  });
  // A prompt (the prompts plugin's routes) with the caller's draft, two versions and a label.
  const template = (content: string) => ({
    messages: [{ role: 'user', content }],
    variables: [{ key: 'question' }],
    model: { modelId: overrides.modelId },
  });
  await register('prompts', { key: 'support.reply', template: template('{{question}}') });
  await register('prompts/support.reply/versions', { version: '1.0.0' });
  await register('prompts/support.reply/versions', {
    version: '1.1.0',
    template: template('Answer briefly: {{question}}'),
  });
  const label = await fetch(`${spanloop.api}/api/v1/prompts/support.reply/labels/production`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${adminSecret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ version: '1.1.0' }),
  });
  expect(label.status).toBe(200);
  // An evaluator (id 1, the documented example) with a version and a record of a test run.
  const evaluatorId = await register('evaluators', {
    name: 'answer-equals',
    spec: {
      type: 'code',
      language: 'javascript',
      code: 'function exec_evaluation(turn) { return { score: 1, reason: "ok" }; }',
    },
  });
  await register(`evaluators/${evaluatorId}/versions`, { version: '1.0.0' });
  const debug = await fetch(`${spanloop.api}/api/v1/evaluators/${evaluatorId}/debug`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminSecret}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      input: { targetOutputFields: { actual_output: { content_type: 'text', text: 'x' } } },
    }),
  });
  expect(await debug.json()).toMatchObject({ id: '1', status: 'success' });
  // A dataset (id 1) with item 1 committed as version 1 and a later item in the draft, so the diff lists one.
  const question = (text: string) => ({ turns: [{ fields: { question: { content_type: 'text', text } } }] });
  const addItem = async (text: string) => {
    const res = await fetch(`${spanloop.api}/api/v1/datasets/1/items`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminSecret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items: [question(text)] }),
    });
    expect(res.status).toBe(200);
  };
  expect(await register('datasets', { name: 'support-qa', fields: [{ name: 'question' }] })).toBe('1');
  await addItem('Where is my parcel?');
  await register('datasets/1/versions', { version: 'v1' });
  await addItem('How do I return shoes?');
  // An import job (id 1) of a one-row CSV into the dataset, finished before the walk.
  const mapping = encodeURIComponent(JSON.stringify([{ source: 'question', target: 'question' }]));
  const upload = await fetch(`${spanloop.api}/api/v1/datasets/1/imports?format=csv&mapping=${mapping}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminSecret}`, 'content-type': 'text/csv' },
    body: 'question\nCan I change my address?\n',
  });
  expect(upload.status).toBe(202);
  for (let tries = 0; ; tries += 1) {
    const job = await fetch(`${spanloop.api}/api/v1/datasets/1/jobs/1`, {
      headers: { authorization: `Bearer ${adminSecret}` },
    });
    const { status } = (await job.json()) as { status?: string };
    if (status === 'completed') break;
    if (tries > 300 || status === 'failed') throw new Error(`the seeded import job is ${status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // One LLM trace that every documented example matches: service, model, provider, prompt, session, text.
  const identity = { 'session.id': 'session-42', 'user.id': 'user-7' };
  await sendOtlpJson(spanloop.otlpHttp, [
    {
      service: 'checkout',
      resource: { 'deployment.environment': 'test' },
      scope: { name: 'support-bot', version: '1.2.0' },
      spans: [
        {
          traceId,
          spanId: rootId,
          name: 'support-turn',
          kind: 2,
          startNs: msToNs(BASE_MS),
          durationNs: msToNs(2_000),
          attributes: identity,
        },
        {
          traceId,
          parentSpanId: rootId,
          name: 'chat gpt-4o',
          kind: 3,
          startNs: msToNs(BASE_MS + 10),
          durationNs: msToNs(1_500),
          status: { code: 1 },
          attributes: {
            ...identity,
            'gen_ai.operation.name': 'chat',
            'gen_ai.system': 'openai',
            'gen_ai.request.model': 'gpt-4o',
            'gen_ai.usage.input_tokens': 120,
            'gen_ai.usage.output_tokens': 40,
            'gen_ai.input.messages': JSON.stringify([
              { role: 'user', parts: [{ type: 'text', content: 'I want a refund for order 7' }] },
            ]),
            'spanloop.prompt.key': 'support-answer',
            'spanloop.prompt.version': '3',
            'app.labels': ['vip', 'eu'],
            'app.temperature': { anyValue: { doubleValue: 0.2 } },
          },
          events: [{ timeNs: msToNs(BASE_MS + 20), name: 'first-token', attributes: { 'ttft.ms': 12 } }],
          links: [{ traceId: hexId(16), spanId: hexId(8) }],
        },
      ],
    },
  ]);
  const res = await fetch(`${spanloop.api}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  doc = (await res.json()) as OpenApiDocument;
  validate = componentValidator(doc);
  // A file under the documented example key, uploaded as the Cozeloop SDKs do, for GET /api/v1/files/{key}.
  const file = new FormData();
  const fileKey = doc.paths['/api/v1/files/{key}']?.get?.parameters?.[0]?.example ?? '';
  file.append('file', new Blob([Buffer.from('89504e470d0a1a0a', 'hex')]), fileKey);
  const uploaded = await fetch(`${spanloop.api}/v1/loop/files/upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminSecret}` },
    body: file,
  });
  expect(await uploaded.json()).toMatchObject({ code: 0 });
});

afterAll(async () => {
  await spanloop.stop();
});

// The GET routes; the others change state and have their own end-to-end tests (access.test.ts).
const operations = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    item.get && !SESSION_ONLY.has(path) ? [{ path, op: item.get }] : [],
  );

/** A URL for a documented path: path parameters always, query parameters when `include` says so. */
function urlOf(path: string, params: readonly OpenApiParameter[], include: (p: OpenApiParameter) => boolean) {
  const value = (p: OpenApiParameter) => rangeOf(path)[p.name] ?? overrides[p.name] ?? p.example;
  let resolved = path;
  const query = new URLSearchParams();
  for (const p of params) {
    const v = value(p);
    if (p.in === 'path') {
      if (v === undefined) throw new Error(`${path}: no example for ${p.name}`);
      resolved = resolved.replace(`{${p.name}}`, encodeURIComponent(v));
    } else if (include(p)) {
      if (v === undefined) {
        if (p.required) throw new Error(`${path}: no example for required ${p.name}`);
        continue;
      }
      query.append(p.name, v);
    }
  }
  const text = query.toString();
  return `${spanloop.api}${resolved}${text === '' ? '' : `?${text}`}`;
}

/** Fetches a URL and checks the answer against what the document says of its path and status. */
async function conforms(path: string, url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${adminSecret}` } });
  const documented = documentedResponse(doc, path, res.status);
  expect(documented, `${url} answered an undocumented ${res.status}`).toBeDefined();
  const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  if (documented?.mediaTypes.length !== 0 && !documented?.mediaTypes.includes('*/*'))
    expect(documented?.mediaTypes, url).toContain(mediaType);
  const body: unknown = mediaType === 'application/json' ? await res.json() : await res.text();
  if (documented?.schemaRef !== undefined) expect(validate(documented.schemaRef, body), url).toEqual([]);
  return { status: res.status, body };
}

describe('the OpenAPI document against a running instance', () => {
  it('answers every documented GET route, with required parameters only, as documented', async () => {
    // The built-in prompts plugin documents its routes too: they are walked with the rest.
    expect(operations().filter(({ path }) => path.startsWith('/api/v1/prompts')).length).toBe(8);
    for (const { path, op } of operations()) {
      const { status } = await conforms(
        path,
        urlOf(path, op.parameters ?? [], (p) => p.required),
      );
      if (!NEED_A_CHOICE.has(path)) expect(status, path).toBe(200);
    }
  });

  it('accepts every documented example together and answers with the seeded data', async () => {
    for (const { path, op } of operations()) {
      const { status, body } = await conforms(
        path,
        urlOf(path, op.parameters ?? [], () => true),
      );
      expect(status, path).toBe(200);
      if (!path.startsWith('/api/v1/') || path.endsWith('openapi.json') || path === '/api/v1/workspace')
        continue;
      if (path === '/api/v1/invitations/{token}') continue;
      // A file's bytes, not a list.
      if (path === '/api/v1/files/{key}' || path === '/api/v1/datasets/{id}/export') continue;
      if (ONE_OBJECT.has(path)) {
        expect(Object.keys(body as object).length, path).toBeGreaterThan(0);
        continue;
      }
      // Every example names the seeded trace's values, so no /api/v1 answer is empty.
      const listed = Object.values(body as Record<string, unknown>).find(Array.isArray) as
        unknown[] | undefined;
      expect(listed?.length ?? (body as { spans?: unknown[] }).spans?.length, path).toBeGreaterThan(0);
    }
  });

  it('returns a trace whose spans carry the documented LLM fields', async () => {
    const { body } = await conforms('/api/v1/traces/{traceId}', `${spanloop.api}/api/v1/traces/${traceId}`);
    const spans = (body as { spans: { llm: { promptKey: string; inputTokens: number } }[] }).spans;
    expect(spans.map((s) => s.llm.promptKey).sort()).toEqual(['', 'support-answer']);
  });

  it('answers invalid and unknown requests with the documented error body', async () => {
    const api = `${spanloop.api}/api/v1`;
    const cases: [string, string, number][] = [
      ['/api/v1/traces', `${api}/traces`, 400],
      ['/api/v1/traces', `${api}/traces?from=${overrides.from ?? ''}&to=0`, 400],
      ['/api/v1/traces/{traceId}', `${api}/traces/not-hex`, 400],
      ['/api/v1/traces/{traceId}', `${api}/traces/${hexId(16)}`, 404],
      ['/api/v1/sessions', `${api}/sessions?from=x&to=y`, 400],
      [
        '/api/v1/sessions/{sessionId}',
        `${api}/sessions/nobody?from=${overrides.from ?? ''}&to=${overrides.to ?? ''}`,
        404,
      ],
      ['/api/v1/users', `${api}/users?userId=u`, 400],
      ['/api/v1/metrics', `${api}/metrics?from=1&to=2&groupBy=color`, 400],
      ['/tempo/api/traces/{traceId}', `${spanloop.api}/tempo/api/traces/${hexId(16)}`, 404],
      ['/jaeger/api/traces/{traceId}', `${spanloop.api}/jaeger/api/traces/${hexId(16)}`, 404],
    ];
    for (const [path, url, expected] of cases) expect((await conforms(path, url)).status, url).toBe(expected);
  });
});
