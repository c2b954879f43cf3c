import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../core/access/api-keys';
import { createWorkspace, DEFAULT_WORKSPACE_ID } from '../core/access/workspaces';
import { silentLogger } from '../core/logger';
import { componentValidator } from '../query/openapi/response-conformance';
import { buildOpenApiDocument } from '../query/openapi';
import type { EvaluationRunView, PluginList, PluginView } from '../schemas/plugin-view';
import type { StoredSpan, TraceView } from '../schemas/span-view';
import { bearer, callApi, type Headers } from './access-test-kit';
import { writePluginFixtures } from './plugin-fixtures';
import { startEmbedded } from './roles';
import { startTestInstance, type TestInstance } from './test-instance';

let spanloop: TestInstance;
let writer: Headers;
let reader: Headers;
let stranger: Headers;
const fixtures = writePluginFixtures();
const stopFile = join(fixtures.dir, 'stop-trace-id');

beforeAll(async () => {
  spanloop = await startTestInstance({
    auth: { mode: 'required' },
    plugins: [
      { module: 'plugins/sdk/example/index.ts', options: { greeting: 'hi' } },
      { module: fixtures.path('acme.mjs'), options: { stopFile } },
      fixtures.path('broken-start.mjs'),
      fixtures.path('broken-consumer.mjs'),
      fixtures.path('copycat.mjs'),
      fixtures.path('traces.mjs'),
    ],
  });
  const key = async (workspaceId: string, scopes: ('ingest' | 'read' | 'write' | 'run')[]) =>
    bearer((await createApiKey(spanloop.metadata, { workspaceId, name: scopes.join('+'), scopes })).secret);
  writer = await key(DEFAULT_WORKSPACE_ID, ['ingest', 'read', 'write', 'run']);
  reader = await key(DEFAULT_WORKSPACE_ID, ['read']);
  const other = await createWorkspace(spanloop.metadata, { name: 'elsewhere' });
  stranger = await key(other?.id ?? '', ['ingest', 'read', 'write', 'run']);
});

afterAll(async () => {
  await spanloop.stop();
});

const api = async <T>(path: string, headers: Headers, init: { method?: string; body?: unknown } = {}) => {
  const res = await callApi(spanloop, path, headers, init);
  return { status: res.status, body: (res.text === '' ? undefined : JSON.parse(res.text)) as T };
};

/** Polls until `check` passes or two seconds passed; answers the elapsed milliseconds. */
async function eventually(check: () => Promise<void>, ms = 2000): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      await check();
      return Date.now() - started;
    } catch (e) {
      if (Date.now() - started > ms) throw e;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

const findPlugin = (list: PluginList, name: string): PluginView | undefined =>
  list.plugins.find((p) => p.name === name);

/** One trace through the real OTel SDK and OTLP/protobuf exporter: a root and an LLM call answering `answer`. */
async function exportLlmTrace(headers: Headers, model: string, answer: string) {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'support-bot' }),
    spanProcessors: [
      new SimpleSpanProcessor({
        exporter: new ProtoExporter({ url: `${spanloop.otlpHttp}/v1/traces`, headers }),
      }),
    ],
  });
  const tracer = provider.getTracer('plugins-e2e');
  const root = tracer.startSpan('support-turn', { kind: SpanKind.SERVER });
  const call = tracer.startSpan(
    `chat ${model}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': model,
        'gen_ai.response.id': 'chatcmpl-42',
        'gen_ai.output.messages': JSON.stringify([
          { role: 'assistant', parts: [{ type: 'text', content: answer }] },
        ]),
      },
    },
    trace.setSpan(context.active(), root),
  );
  call.end();
  root.end();
  await provider.forceFlush();
  await provider.shutdown();
  return {
    traceId: root.spanContext().traceId,
    rootId: root.spanContext().spanId,
    callId: call.spanContext().spanId,
  };
}

describe('third-party plugins loaded from paths', () => {
  it('lists every plugin with its status, naming why the failed ones failed', async () => {
    const { status, body } = await api<PluginList>('/api/v1/plugins', reader);
    expect(status).toBe(200);
    expect(componentValidator(buildOpenApiDocument())('#/components/schemas/PluginList', body)).toEqual([]);
    const builtins = body.plugins.filter((p) => p.source === 'builtin');
    expect(builtins.every((p) => p.status === 'running')).toBe(true);
    expect(body.plugins.slice(builtins.length).map((p) => [p.name, p.status])).toEqual([
      ['example', 'running'],
      ['acme', 'running'],
      ['broken-start', 'failed'],
      ['broken-consumer', 'running'],
      ['copycat', 'failed'],
      ['traces', 'failed'],
    ]);
    expect(findPlugin(body, 'acme')).toEqual({
      name: 'acme',
      source: fixtures.path('acme.mjs'),
      status: 'running',
      routes: '/api/v1/acme',
      rootRoutes: ['GET /acme-root/ping'],
      consumers: ['external', 'all'],
      evaluators: [
        { name: 'acme-length', description: 'output length against fields.max' },
        { name: 'acme-buggy', description: 'always throws' },
      ],
    });
    expect(findPlugin(body, 'broken-start')?.error).toBe('start: cannot reach the moon');
    expect(findPlugin(body, 'copycat')?.error).toBe(
      'load: evaluator contains-keywords is already registered by plugin example',
    );
    expect(findPlugin(body, 'traces')?.error).toMatch(/name traces is taken by Spanloop's own API/);
    expect(findPlugin(body, 'traces')?.routes).toBeNull();
  });

  it('serves its routes under /api/v1/<name> behind authentication, with its migrations applied', async () => {
    expect((await api('/api/v1/acme/notes', {})).status).toBe(401);
    expect((await api('/api/v1/acme/notes', bearer('sl-sk-' + 'x'.repeat(43)))).status).toBe(401);
    expect((await api('/api/v1/acme/notes', reader, { method: 'POST', body: { body: 'no' } })).status).toBe(
      403,
    );
    expect(
      (await api('/api/v1/acme/notes', writer, { method: 'POST', body: { body: 'b-note' } })).status,
    ).toBe(201);
    await api('/api/v1/acme/notes', writer, { method: 'POST', body: { body: 'a-note' } });
    expect((await api('/api/v1/acme/notes', reader)).body).toEqual({ notes: ['a-note', 'b-note'] });
    // The plugin scopes by the workspace the host authenticated: another workspace sees none of it.
    expect((await api('/api/v1/acme/notes', stranger)).body).toEqual({ notes: [] });
    const owners = await spanloop.metadata.query(
      "SELECT owner, version FROM schema_migrations WHERE owner = 'plugin:acme'",
    );
    expect(owners).toEqual([{ owner: 'plugin:acme', version: 1 }]);
    expect((await api('/api/v1/example/hello', reader)).body).toMatchObject({ message: 'hi, default' });
  });

  it('serves root routes that authenticate themselves', async () => {
    expect((await api('/acme-root/ping', {})).status).toBe(401);
    expect((await api('/acme-root/ping', reader)).body).toEqual({ workspace: DEFAULT_WORKSPACE_ID });
  });

  it('hands spans from the real OTel exporter to its consumers, without Spanloop’s own spans', async () => {
    const model = `gpt-e2e-${Date.now()}`;
    const { traceId } = await exportLlmTrace(writer, model, 'Your refund is approved.');
    await eventually(async () => {
      const { body } = await api<{ external: { name: string }[] }>('/api/v1/acme/seen', reader);
      expect(body.external.map((s) => s.name)).toEqual(
        expect.arrayContaining(['support-turn', `chat ${model}`]),
      );
    });
    await eventually(async () => {
      const { body } = await api<{ models: Record<string, number> }>('/api/v1/example/llm-calls', reader);
      expect(body.models[model]).toBe(1);
    });
    const theirs = await api<{ models: Record<string, number> }>('/api/v1/example/llm-calls', stranger);
    expect(theirs.body.models[model]).toBeUndefined();
    expect((await api<TraceView>(`/api/v1/traces/${traceId}`, reader)).body.spans).toHaveLength(2);
  });

  it('runs its evaluator through the API and writes the evaluation span into the judged trace', async () => {
    const { traceId, callId } = await exportLlmTrace(writer, 'gpt-4o', 'Your refund is approved.');
    const run = await api<EvaluationRunView>('/api/v1/evaluators/contains-keywords/run', writer, {
      method: 'POST',
      body: { traceId, spanId: callId, fields: { keywords: ['Refund', 'approved', 'sorry'] } },
    });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({
      evaluator: 'contains-keywords',
      traceId,
      spanId: callId,
      score: 2 / 3,
      label: 'fail',
      explanation: 'missing: sorry (2 of 3 found)',
    });
    // Flushed before the answer: the trace already holds the evaluation.
    const { body } = await api<TraceView>(`/api/v1/traces/${traceId}`, reader);
    const evaluation = body.spans.find((s) => s.spanId === run.body.evaluationSpanId) as StoredSpan;
    expect(evaluation).toMatchObject({
      name: 'evaluation contains-keywords',
      parentSpanId: callId,
      serviceName: 'spanloop',
      links: [expect.objectContaining({ traceId, spanId: callId })],
    });
    expect(evaluation.resourceAttributes).toMatchObject({
      'spanloop.internal': true,
      'spanloop.plugin': 'example',
    });
    expect(evaluation.events).toEqual([
      expect.objectContaining({
        name: 'gen_ai.evaluation.result',
        attributes: {
          'gen_ai.evaluation.name': 'contains-keywords',
          'gen_ai.evaluation.score.value': 2 / 3,
          'gen_ai.evaluation.score.label': 'fail',
          'gen_ai.evaluation.explanation': 'missing: sorry (2 of 3 found)',
          'gen_ai.response.id': 'chatcmpl-42',
        },
      }),
    ]);
    const third = await api<EvaluationRunView>('/api/v1/evaluators/acme-length/run', writer, {
      method: 'POST',
      body: { traceId: traceId.toUpperCase(), spanId: callId, fields: { max: 10 } },
    });
    expect(third.body).toMatchObject({
      score: 1,
      label: 'long',
      explanation: '24 characters in a trace of 3 spans',
    });
  });

  it('answers bad evaluator runs with a clear 4xx and counts evaluator bugs', async () => {
    const { traceId, callId } = await exportLlmTrace(writer, 'gpt-4o', 'ok');
    const run = (name: string, body: unknown, headers = writer) =>
      api<{ error: { code: string; message: string } }>(`/api/v1/evaluators/${name}/run`, headers, {
        method: 'POST',
        body,
      });
    const cases: [string, unknown, number, RegExp][] = [
      ['nope', { traceId, spanId: callId }, 404, /no evaluator named nope/],
      ['contains-keywords', { traceId, spanId: callId }, 400, /keywords/],
      ['contains-keywords', { traceId, spanId: 'zz' }, 400, /span id must be 16 hex/],
      [
        'contains-keywords',
        { traceId, spanId: '0'.repeat(16), fields: { keywords: ['a'] } },
        404,
        /not found/,
      ],
      ['acme-buggy', { traceId, spanId: callId }, 500, /evaluator acme-buggy failed: evaluator bug/],
    ];
    for (const [name, body, status, message] of cases) {
      const res = await run(name, body);
      expect(res.status, name).toBe(status);
      expect(res.body.error.message, name).toMatch(message);
    }
    expect((await run('contains-keywords', { traceId, spanId: callId }, reader)).status).toBe(403);
    // Another workspace cannot judge this workspace's spans.
    const foreign = await run(
      'contains-keywords',
      { traceId, spanId: callId, fields: { keywords: ['ok'] } },
      stranger,
    );
    expect(foreign.status).toBe(404);
  });

  it('writes a span started through ctx.tracer back through the ingest path, marked internal, within a second', async () => {
    const { body } = await api<{ traceId: string; spanId: string }>('/api/v1/acme/traced', reader);
    const elapsed = await eventually(async () => {
      const res = await api<TraceView>(`/api/v1/traces/${body.traceId}`, reader);
      expect(res.status).toBe(200);
      expect(res.body.spans.map((s) => s.name)).toEqual(['acme traced']);
      expect(res.body.spans[0]?.resourceAttributes).toEqual({
        'service.name': 'spanloop',
        'spanloop.internal': true,
        'spanloop.plugin': 'acme',
      });
    });
    expect(elapsed).toBeLessThan(1500);
    // Only the consumer that asked for Spanloop's own spans sees it.
    await eventually(async () => {
      const seen = await api<{ external: { name: string }[]; all: { name: string; internal: boolean }[] }>(
        '/api/v1/acme/seen',
        reader,
      );
      expect(seen.body.all).toContainEqual({ name: 'acme traced', internal: true });
      expect(seen.body.external.map((s) => s.name)).not.toContain('acme traced');
    });
    expect((await api(`/api/v1/traces/${body.traceId}`, stranger)).status).toBe(404);
  });

  it('keeps serving and ingesting around failing plugins, and counts their errors', async () => {
    const down = await api<{ error: { code: string; message: string } }>('/api/v1/broken-start/ping', reader);
    expect(down).toEqual({
      status: 503,
      body: {
        error: { code: 'unavailable', message: 'plugin broken-start failed: start: cannot reach the moon' },
      },
    });
    expect((await api('/api/v1/broken-consumer/ok', reader)).body).toEqual({ ok: true });
    const bug = await api<{ error: { code: string } }>('/api/v1/acme/boom', reader);
    expect(bug).toEqual({ status: 500, body: { error: { code: 'internal', message: 'internal error' } } });
    expect((await api('/api/v1/traces/x', reader)).status).toBe(400);
    // Ingest goes on while broken-consumer throws on every batch.
    const { traceId } = await exportLlmTrace(writer, 'gpt-4o', 'still here');
    expect((await api<TraceView>(`/api/v1/traces/${traceId}`, reader)).body.spans).toHaveLength(2);
    await eventually(async () => {
      const text = (await callApi(spanloop, '/metrics', reader)).text;
      const lines = text.split('\n');
      const count = (labels: string) =>
        Number(
          lines.find((l) => l.startsWith(`spanloop_plugin_errors_total{${labels}}`))?.split(' ')[1] ?? 0,
        );
      expect(count('plugin="broken-start",where="start"')).toBe(1);
      expect(count('plugin="broken-consumer",where="consumer"')).toBeGreaterThanOrEqual(3);
      expect(count('plugin="acme",where="route"')).toBe(1);
      expect(count('plugin="acme",where="evaluator"')).toBe(1);
      expect(count('plugin="copycat",where="load"')).toBe(1);
      expect(count('plugin="traces",where="load"')).toBe(1);
      expect(lines).toContain('spanloop_plugin_up{plugin="broken-start"} 0');
      expect(lines).toContain('spanloop_plugin_up{plugin="acme"} 1');
      expect(text).toMatch(/spanloop_plugin_spans_consumed_total\{plugin="acme",consumer="external"\} \d+/);
    });
  });

  it('stops plugins before the bus and the stores close: a span emitted in stop survives a restart', async () => {
    await spanloop.stop();
    const traceId = readFileSync(stopFile, 'utf8');
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const again = await startEmbedded(spanloop.config, silentLogger);
    try {
      const res = await fetch(`http://127.0.0.1:${again.ports.api}/api/v1/traces/${traceId}`, {
        headers: reader,
      });
      expect(res.status).toBe(200);
      const view = (await res.json()) as TraceView;
      expect(view.spans.map((s) => [s.name, s.resourceAttributes['spanloop.plugin']])).toEqual([
        ['acme stop', 'acme'],
      ]);
    } finally {
      await again.stop();
    }
    // A module that is not a plugin stops the start with an error naming it and every problem.
    await expect(
      startEmbedded(
        { ...spanloop.config, plugins: [{ module: fixtures.path('not-a-plugin.mjs') }] },
        silentLogger,
      ),
    ).rejects.toThrow(
      `plugin "Bad Name" from ${fixtures.path('not-a-plugin.mjs')} is invalid: name: a lower-case letter`,
    );
  });
});
