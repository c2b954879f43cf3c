// Test support: a running Spanloop with the fake OpenAI server, a workspace and a writer key, whose answers are
// checked against the OpenAPI document the instance serves.
import { expect } from 'vitest';
import type { Workspace } from '../core/access/workspaces';
import { startFakeOpenAi } from '../core/model-gateway/fake-openai-server';
import type { FakeModelServer } from '../core/model-gateway/fake-server-kit';
import type { OpenApiDocument } from '../query/openapi';
import { componentValidator, documentedResponse } from '../query/openapi/response-conformance';
import { keyHeaders, newWorkspace, type Headers } from './access-test-kit';
import { startTestInstance, type TestInstance } from './test-instance';

export interface Answer {
  status: number;
  mediaType: string;
  body: unknown;
}

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface PromptsInstance {
  spanloop: TestInstance;
  fake: FakeModelServer;
  team: Workspace;
  writer: Headers;
  /** Registers providers and models (admin scope). */
  admin: Headers;
  doc: OpenApiDocument;
  /** Checks a body against a component of the document; answers the errors. */
  validate: ReturnType<typeof componentValidator>;
  /** A request whose answer must be what the document says of `path` (OpenAPI form), `method` and its status. */
  call(method: Method, path: string, url: string, body?: unknown, headers?: Headers): Promise<Answer>;
  stop(): Promise<void>;
}

export async function openPromptsInstance(workspace: string): Promise<PromptsInstance> {
  const fake = await startFakeOpenAi({ apiKey: 'sk-fake' });
  const spanloop = await startTestInstance({
    auth: { mode: 'required', maxFailures: 1000 },
    egress: { allow: fake.hostPort },
  });
  const team = await newWorkspace(spanloop, workspace);
  const writer = await keyHeaders(spanloop, team.id, ['ingest', 'read', 'write', 'run'], 'writer');
  const admin = await keyHeaders(spanloop, team.id, ['read', 'write', 'admin'], 'admin');
  const doc = (await (await fetch(`${spanloop.api}/api/v1/openapi.json`)).json()) as OpenApiDocument;
  const validate = componentValidator(doc);
  const call: PromptsInstance['call'] = async (method, path, url, body, headers = writer) => {
    const res = await fetch(`${spanloop.api}${url}`, {
      method: method.toUpperCase(),
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const mediaType = (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    const documented = documentedResponse(doc, path, res.status, method);
    expect(documented, `${method} ${url} answered an undocumented ${res.status}`).toBeDefined();
    if (res.status !== 204 && res.status !== 304) expect(documented?.mediaTypes, url).toContain(mediaType);
    const parsed: unknown = mediaType === 'application/json' ? await res.json() : await res.text();
    if (documented?.schemaRef !== undefined) expect(validate(documented.schemaRef, parsed), url).toEqual([]);
    return { status: res.status, mediaType, body: parsed };
  };
  return {
    spanloop,
    fake,
    team,
    writer,
    admin,
    doc,
    validate,
    call,
    stop: async () => {
      await spanloop.stop();
      await fake.close();
    },
  };
}

/** USD per token of the model `registerModel` registers. */
export const PRICES = { inputPrice: 0.000002, outputPrice: 0.000008 };

/** Registers the fake server as a provider and `gpt-4o-mini` on it through the API; answers the model id. */
export async function registerModel(i: PromptsInstance): Promise<string> {
  const provider = await i.call(
    'post',
    '/api/v1/model-providers',
    '/api/v1/model-providers',
    { name: 'fake-openai', kind: 'openai', baseUrl: i.fake.url, apiKey: 'sk-fake' },
    i.admin,
  );
  expect(provider.status).toBe(201);
  const model = await i.call(
    'post',
    '/api/v1/models',
    '/api/v1/models',
    {
      providerId: (provider.body as { id: string }).id,
      name: 'gpt-4o-mini',
      model: 'gpt-4o-mini',
      pricing: PRICES,
    },
    i.admin,
  );
  expect(model.status).toBe(201);
  return (model.body as { id: string }).id;
}

/** The `trip` prompt's template on a model. */
export const tripTemplate = (modelId: string) => ({
  messages: [
    { role: 'system', content: 'You are a travel agent for {{company}}.' },
    { role: 'user', content: 'Plan a day in {{city}}.' },
  ],
  variables: [{ key: 'company' }, { key: 'city' }],
  model: { modelId, params: { temperature: 0.3 } },
});

/** `event:`/`data:` frames of an SSE body, data parsed as JSON. */
export const sseEvents = (text: string): { event: string; data: Record<string, unknown> }[] =>
  text
    .split(/\n\n+/)
    .filter((f) => f.trim() !== '')
    .map((f) => {
      const event = /^event: ?(.*)$/m.exec(f)?.[1] ?? 'message';
      const data = [...f.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1]).join('\n');
      return { event, data: JSON.parse(data) as Record<string, unknown> };
    });
