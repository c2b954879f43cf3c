import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '../core/access/workspaces';
import { startFakeOpenAi } from '../core/model-gateway/fake-openai-server';
import type { FakeModelServer } from '../core/model-gateway/fake-server-kit';
import type { OpenApiDocument } from '../query/openapi';
import { componentValidator, documentedResponse } from '../query/openapi/response-conformance';
import { keyHeaders, newWorkspace, type Headers } from './access-test-kit';
import { startTestInstance, type TestInstance } from './test-instance';

// Cozeloop's evaluator OpenAPI (/v1/loop/evaluation) against a real embedded Spanloop: the `{code, msg, data}`
// envelope, string int64 ids, runs through the engine, async runs with a callback, isolation and scopes.
let spanloop: TestInstance;
let fake: FakeModelServer;
let callbacks: Server;
const received: Record<string, unknown>[] = [];
let callbackUrl: string;
let team: Workspace;
let writer: Headers;
let viewer: Headers;
let stranger: Headers;
let strangerWorkspace: Workspace;
let doc: OpenApiDocument;
let validate: ReturnType<typeof componentValidator>;

beforeAll(async () => {
  fake = await startFakeOpenAi({ apiKey: 'sk-fake' });
  callbacks = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push(JSON.parse(body) as Record<string, unknown>);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => callbacks.listen(0, '127.0.0.1', resolve));
  const { port } = callbacks.address() as AddressInfo;
  callbackUrl = `http://127.0.0.1:${port}/evaluator-done`;
  spanloop = await startTestInstance({
    auth: { mode: 'required', maxFailures: 1000 },
    egress: { allow: `${fake.hostPort},127.0.0.1:${port}` },
  });
  team = await newWorkspace(spanloop, 'loop-evals');
  writer = await keyHeaders(spanloop, team.id, ['read', 'write', 'run'], 'writer');
  viewer = await keyHeaders(spanloop, team.id, ['read'], 'viewer');
  strangerWorkspace = await newWorkspace(spanloop, 'loop-elsewhere');
  stranger = await keyHeaders(spanloop, strangerWorkspace.id, ['read', 'write', 'run'], 'stranger');
  doc = (await (await fetch(`${spanloop.api}/api/v1/openapi.json`)).json()) as OpenApiDocument;
  validate = componentValidator(doc);
}, 120_000);
afterAll(async () => {
  await spanloop?.stop();
  await fake?.close();
  await new Promise((resolve) => callbacks?.close(resolve));
});

interface Loop<T = Record<string, unknown>> {
  code: number;
  msg: string;
  data: T;
}

/** A Cozeloop call; the answer must be what the document says of `path` and its status. */
async function loop<T = Record<string, unknown>>(
  method: 'post' | 'patch' | 'delete',
  path: string,
  url: string,
  body: Record<string, unknown> | undefined,
  headers: Headers = writer,
  workspaceId = team.id,
): Promise<{ status: number; body: Loop<T> }> {
  const full = method === 'delete' ? `${url}?workspace_id=${encodeURIComponent(workspaceId)}` : url;
  const res = await fetch(`${spanloop.api}/v1/loop/evaluation${full}`, {
    method: method.toUpperCase(),
    headers: { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify({ workspace_id: workspaceId, ...body }) }),
  });
  const parsed = (await res.json()) as Loop<T>;
  const documented = documentedResponse(doc, `/v1/loop/evaluation${path}`, res.status, method);
  expect(documented, `${method} ${path} answered an undocumented ${res.status}`).toBeDefined();
  if (parsed.code === 0 && documented?.schemaRef !== undefined)
    expect(validate(documented.schemaRef, parsed), path).toEqual([]);
  return { status: res.status, body: parsed };
}

const text = (t: string) => ({ content_type: 'text', text: t });
const COMPARE_JS = `function exec_evaluation(turn) {
  const actual = turn.evaluate_target_output_fields.actual_output.text;
  const reference = turn.evaluate_dataset_fields.reference_output.text;
  console.log('checked ' + turn.input_fields.question.text);
  return { score: actual === reference ? 1 : 0, reason: actual + ' vs ' + reference };
}`;
const codeContent = (code: string) => ({
  code_evaluator: { language_type: 'javascript', code_content: code },
});
const inputData = (actual: string, reference: string) => ({
  input_fields: { question: text('capital?') },
  evaluate_dataset_fields: { reference_output: text(reference) },
  evaluate_target_output_fields: { actual_output: text(actual) },
});

interface LoopRecord {
  id: string;
  evaluator_version_id?: string;
  status: string;
  trace_id?: string;
  evaluator_output_data?: {
    evaluator_result?: { score?: number; reasoning?: string; correction?: Record<string, unknown> };
    evaluator_usage?: { input_tokens: string; output_tokens: string };
    evaluator_run_error?: { code: number; message: string };
    time_consuming_ms?: string;
    stdout?: string;
  };
}

/** Creates a code evaluator and submits version 0.0.1; answers both ids. */
async function codeEvaluator(name: string, code: string): Promise<{ id: string; versionId: string }> {
  const created = await loop<{ evaluator_id: string }>('post', '/evaluators', '/evaluators', {
    evaluator: { name, evaluator_type: 'code', current_version: { evaluator_content: codeContent(code) } },
  });
  expect(created.body).toMatchObject({ code: 0, msg: '' });
  const id = created.body.data.evaluator_id;
  const submitted = await loop<{ evaluator: { current_version: { id: string } } }>(
    'post',
    '/evaluators/{evaluator_id}/submit_version',
    `/evaluators/${id}/submit_version`,
    { version: '0.0.1', description: 'first' },
  );
  return { id, versionId: submitted.body.data.evaluator.current_version.id };
}

describe('Cozeloop evaluator OpenAPI', () => {
  it('creates, lists, updates, drafts, submits and lists versions in Cozeloop’s shapes', async () => {
    const created = await loop<{ evaluator_id: string }>('post', '/evaluators', '/evaluators', {
      evaluator: {
        name: 'loop-compare',
        description: 'compares',
        evaluator_type: 'code',
        current_version: { evaluator_content: codeContent(COMPARE_JS) },
      },
    });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      code: 0,
      msg: '',
      data: { evaluator_id: expect.stringMatching(/^\d+$/) as string },
    });
    const id = created.body.data.evaluator_id;

    const listed = await loop<{ evaluators: Record<string, unknown>[]; total: string }>(
      'post',
      '/evaluators/list',
      '/evaluators/list',
      { search_name: 'compare', evaluator_type: ['code'], page_size: 10, page_number: 1 },
    );
    expect(listed.body.data.total).toBe('1');
    expect(listed.body.data.evaluators[0]).toEqual({
      id,
      workspace_id: team.id,
      name: 'loop-compare',
      description: 'compares',
      evaluator_type: 'code',
      is_draft_submitted: false,
      latest_version: '',
      current_version: {
        version: '',
        description: '',
        evaluator_content: codeContent(COMPARE_JS),
        base_info: { updated_at: expect.stringMatching(/^\d{13}$/) as string },
      },
      base_info: {
        created_by: { user_id: expect.stringMatching(/^key:/) as string },
        created_at: expect.stringMatching(/^\d{13}$/) as string,
        updated_at: expect.stringMatching(/^\d{13}$/) as string,
      },
    });

    const renamed = await loop('patch', '/evaluators/{evaluator_id}', `/evaluators/${id}`, {
      name: 'loop-compare-2',
      description: 'compares texts',
    });
    expect(renamed.body).toEqual({ code: 0, msg: '', data: {} });

    const changed = COMPARE_JS.replace("' vs '", "' <> '");
    const drafted = await loop<{
      evaluator: { name: string; current_version: { evaluator_content: unknown } };
    }>('patch', '/evaluators/{evaluator_id}/update_draft', `/evaluators/${id}/update_draft`, {
      evaluator_content: codeContent(changed),
      evaluator_type: 'code',
    });
    expect(drafted.body.data.evaluator).toMatchObject({
      name: 'loop-compare-2',
      current_version: { evaluator_content: codeContent(changed) },
    });

    const submitted = await loop<{ evaluator: Record<string, unknown> }>(
      'post',
      '/evaluators/{evaluator_id}/submit_version',
      `/evaluators/${id}/submit_version`,
      { version: '0.0.1', description: 'first' },
    );
    expect(submitted.body.data.evaluator).toMatchObject({
      is_draft_submitted: true,
      latest_version: '0.0.1',
      current_version: {
        id: expect.stringMatching(/^\d+$/) as string,
        version: '0.0.1',
        description: 'first',
      },
    });
    const twice = await loop(
      'post',
      '/evaluators/{evaluator_id}/submit_version',
      `/evaluators/${id}/submit_version`,
      {
        version: '0.0.1',
      },
    );
    expect(twice.body).toMatchObject({ code: 600500409 });

    const versions = await loop<{ evaluator_versions: { id: string; version: string }[]; total: string }>(
      'post',
      '/evaluators/{evaluator_id}/versions/list',
      `/evaluators/${id}/versions/list`,
      { page_size: 10, page_number: 1 },
    );
    expect(versions.body.data.total).toBe('1');
    expect(versions.body.data.evaluator_versions.map((v) => v.version)).toEqual(['0.0.1']);
    const byVersion = await loop<{ evaluators: { id: string; current_version: { id: string } }[] }>(
      'post',
      '/evaluators_versions/batch_get',
      '/evaluators_versions/batch_get',
      { evaluator_version_ids: [versions.body.data.evaluator_versions[0]?.id] },
    );
    expect(byVersion.body.data.evaluators.map((e) => [e.id, e.current_version.id])).toEqual([
      [id, versions.body.data.evaluator_versions[0]?.id],
    ]);
    const batch = await loop<{ evaluators: { name: string }[] }>(
      'post',
      '/evaluators/batch_get',
      '/evaluators/batch_get',
      {
        evaluator_ids: [id, '999999'],
      },
    );
    expect(batch.body.data.evaluators.map((e) => e.name)).toEqual(['loop-compare-2']);

    expect((await loop('delete', '/evaluators/{evaluator_id}', `/evaluators/${id}`, undefined)).body).toEqual(
      {
        code: 0,
        msg: '',
        data: {},
      },
    );
    const gone = await loop(
      'post',
      '/evaluators/{evaluator_id}/versions/list',
      `/evaluators/${id}/versions/list`,
      {},
    );
    expect(gone.body.code).toBe(600500404);
  });

  it('runs a version: mapped fields reach turn, the record is Cozeloop’s, a correction keeps the output', async () => {
    const { versionId } = await codeEvaluator('loop-run', COMPARE_JS);
    const run = await loop<{ record: LoopRecord }>(
      'post',
      '/evaluators_versions/{evaluator_version_id}/run',
      `/evaluators_versions/${versionId}/run`,
      { input_data: inputData('Paris', 'Paris'), evaluator_run_conf: { env: 'test' } },
    );
    expect(run.body.code).toBe(0);
    expect(run.body.data.record).toEqual({
      id: expect.stringMatching(/^\d+$/) as string,
      evaluator_version_id: versionId,
      status: 'success',
      evaluator_output_data: {
        evaluator_result: { score: 1, reasoning: 'Paris vs Paris' },
        evaluator_usage: { input_tokens: '0', output_tokens: '0' },
        time_consuming_ms: expect.stringMatching(/^\d+$/) as string,
        stdout: expect.stringContaining('checked capital?') as string,
      },
      trace_id: expect.stringMatching(/^[0-9a-f]{32}$/) as string,
      base_info: expect.objectContaining({
        created_at: expect.stringMatching(/^\d{13}$/) as string,
      }) as unknown,
    });
    const recordId = run.body.data.record.id;

    const corrected = await loop<{ record: LoopRecord }>(
      'patch',
      '/evaluator_records/{evaluator_record_id}',
      `/evaluator_records/${recordId}`,
      { correction: { score: 0, explain: 'wrong city after all' } },
    );
    expect(corrected.body.data.record.evaluator_output_data?.evaluator_result).toEqual({
      score: 1,
      reasoning: 'Paris vs Paris',
      correction: {
        score: 0,
        explain: 'wrong city after all',
        updated_by: expect.stringMatching(/^key:/) as string,
      },
    });
    const fetched = await loop<{ records: LoopRecord[] }>(
      'post',
      '/evaluator_records/batch_get',
      '/evaluator_records/batch_get',
      {
        evaluator_record_ids: [recordId],
      },
    );
    expect(fetched.body.data.records).toEqual([corrected.body.data.record]);
  });

  it('answers a failing evaluator with code 0, the record failed and its evaluator_run_error', async () => {
    const { versionId } = await codeEvaluator(
      'loop-fails',
      'function exec_evaluation(turn) { while (true) {} }',
    );
    const run = await loop<{ record: LoopRecord }>(
      'post',
      '/evaluators_versions/{evaluator_version_id}/run',
      `/evaluators_versions/${versionId}/run`,
      { input_data: inputData('a', 'b') },
    );
    expect(run.status).toBe(200);
    expect(run.body.code).toBe(0);
    expect(run.body.data.record.status).toBe('failed');
    expect(run.body.data.record.evaluator_output_data?.evaluator_run_error).toEqual({
      code: 601,
      message: expect.stringMatching(/^timeout: /) as string,
    });
  }, 30_000);

  it('runs asynchronously and POSTs the outcome to callback_url; a late report changes nothing', async () => {
    const { versionId } = await codeEvaluator('loop-async', COMPARE_JS);
    const started = await loop<{ invoke_id: string; record: LoopRecord }>(
      'post',
      '/evaluators_versions/{evaluator_version_id}/async_run',
      `/evaluators_versions/${versionId}/async_run`,
      { input_data: inputData('Rome', 'Paris'), callback_url: callbackUrl },
    );
    expect(started.body.code).toBe(0);
    expect(started.body.data.record.status).toBe('processing');
    const invokeId = started.body.data.invoke_id;
    expect(invokeId).toMatch(/^\d+$/);
    for (let waited = 0; !received.some((r) => r.invoke_id === invokeId) && waited < 10_000; waited += 50)
      await new Promise((r) => setTimeout(r, 50));
    expect(received.find((r) => r.invoke_id === invokeId)).toEqual({
      cid: `evaluator-record-${started.body.data.record.id}`,
      invoke_id: invokeId,
      workspace_id: team.id,
      evaluator_version_id: versionId,
      status: 'success',
      output: expect.objectContaining({
        evaluator_result: { score: 0, reasoning: 'Rome vs Paris' },
      }) as unknown,
      time_consuming_ms: expect.stringMatching(/^\d+$/) as string,
    });
    const report = await loop('post', '/evaluators/result', '/evaluators/result', {
      invoke_id: invokeId,
      status: 1,
      output: { evaluator_result: { score: 1, reasoning: 'late' } },
    });
    expect(report.body).toEqual({ code: 0, msg: '' });
    const record = await loop<{ records: LoopRecord[] }>(
      'post',
      '/evaluator_records/batch_get',
      '/evaluator_records/batch_get',
      {
        evaluator_record_ids: [started.body.data.record.id],
      },
    );
    expect(record.body.data.records[0]?.evaluator_output_data?.evaluator_result).toEqual({
      score: 0,
      reasoning: 'Rome vs Paris',
    });
    const unknown = await loop('post', '/evaluators/result', '/evaluators/result', {
      invoke_id: '987654321',
      status: 2,
    });
    expect(unknown.body.code).toBe(600500404);
    const refused = await loop(
      'post',
      '/evaluators_versions/{evaluator_version_id}/async_run',
      `/evaluators_versions/${versionId}/async_run`,
      {
        input_data: inputData('a', 'a'),
        callback_url: 'http://10.1.2.3/hook',
      },
    );
    expect(refused.body.code).toBe(600500400);
  });

  it('runs a built-in judge template by name on the workspace’s model', async () => {
    const admin = await keyHeaders(spanloop, team.id, ['read', 'write', 'admin'], 'admin');
    const post = async (path: string, body: unknown) =>
      (await (
        await fetch(`${spanloop.api}${path}`, {
          method: 'POST',
          headers: { ...admin, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).json()) as { id: string };
    const provider = await post('/api/v1/model-providers', {
      name: 'fake',
      kind: 'openai',
      baseUrl: fake.url,
      apiKey: 'sk-fake',
    });
    const model = await post('/api/v1/models', {
      providerId: provider.id,
      name: 'judge',
      model: 'gpt-4o-mini',
    });
    fake.enqueue({
      type: 'message',
      toolCalls: [{ name: 'eval', arguments: '{"reason": "relevant", "score": 0.9}' }],
    });
    const run = await loop<{ record: LoopRecord }>(
      'post',
      '/evaluators/builtin/run',
      '/evaluators/builtin/run',
      {
        builtin_evaluator_name: 'builtin_template_relevance',
        input_data: { input_fields: { input: text('Capital of France?'), output: text('Paris') } },
        evaluator_run_conf: {
          evaluator_runtime_param: { json_value: JSON.stringify({ model_id: model.id }) },
        },
      },
    );
    expect(run.body.data.record).toMatchObject({
      status: 'success',
      evaluator_output_data: { evaluator_result: { score: 0.9, reasoning: 'relevant' } },
    });
    const exact = await loop<{ record: LoopRecord }>(
      'post',
      '/evaluators/builtin/run',
      '/evaluators/builtin/run',
      {
        builtin_evaluator_name: 'exact',
        input_data: inputData('Paris ', 'paris'),
        evaluator_run_conf: { evaluator_runtime_param: { json_value: '{"caseSensitive": false}' } },
      },
    );
    expect(exact.body.data.record).toMatchObject({
      status: 'success',
      evaluator_output_data: { evaluator_result: { score: 1 } },
    });
    const unknown = await loop('post', '/evaluators/builtin/run', '/evaluators/builtin/run', {
      builtin_evaluator_name: 'no-such-thing',
      input_data: {},
    });
    expect(unknown.body.code).not.toBe(0);
  });

  it('keeps another workspace’s evaluators, versions and records out of reach', async () => {
    const { id, versionId } = await codeEvaluator('loop-private', COMPARE_JS);
    const run = await loop<{ record: LoopRecord }>(
      'post',
      '/evaluators_versions/{evaluator_version_id}/run',
      `/evaluators_versions/${versionId}/run`,
      {
        input_data: inputData('a', 'a'),
      },
    );
    const recordId = run.body.data.record.id;
    const as = (
      method: 'post' | 'patch' | 'delete',
      path: string,
      url: string,
      body?: Record<string, unknown>,
    ) => loop(method, path, url, body, stranger, strangerWorkspace.id);
    const notFound: [Promise<{ body: Loop }>, string][] = [
      [as('patch', '/evaluators/{evaluator_id}', `/evaluators/${id}`, { name: 'stolen' }), 'update'],
      [
        as('patch', '/evaluators/{evaluator_id}/update_draft', `/evaluators/${id}/update_draft`, {
          evaluator_content: codeContent('x'),
        }),
        'draft',
      ],
      [
        as('post', '/evaluators/{evaluator_id}/submit_version', `/evaluators/${id}/submit_version`, {
          version: '9',
        }),
        'submit',
      ],
      [
        as('post', '/evaluators/{evaluator_id}/versions/list', `/evaluators/${id}/versions/list`, {}),
        'versions',
      ],
      [as('delete', '/evaluators/{evaluator_id}', `/evaluators/${id}`), 'delete'],
      [
        as(
          'post',
          '/evaluators_versions/{evaluator_version_id}/run',
          `/evaluators_versions/${versionId}/run`,
          { input_data: inputData('a', 'a') },
        ),
        'run',
      ],
      [
        as(
          'post',
          '/evaluators_versions/{evaluator_version_id}/async_run',
          `/evaluators_versions/${versionId}/async_run`,
          { input_data: inputData('a', 'a') },
        ),
        'async',
      ],
      [
        as('patch', '/evaluator_records/{evaluator_record_id}', `/evaluator_records/${recordId}`, {
          correction: { score: 0 },
        }),
        'correct',
      ],
      [as('post', '/evaluators/result', '/evaluators/result', { invoke_id: recordId, status: 1 }), 'report'],
    ];
    for (const [answer, what] of notFound) expect((await answer).body.code, what).toBe(600500404);
    const lists: [Promise<{ body: Loop<Record<string, unknown[]>> }>, string][] = [
      [as('post', '/evaluators/list', '/evaluators/list', {}) as never, 'evaluators'],
      [
        as('post', '/evaluators/batch_get', '/evaluators/batch_get', { evaluator_ids: [id] }) as never,
        'evaluators',
      ],
      [
        as('post', '/evaluators_versions/batch_get', '/evaluators_versions/batch_get', {
          evaluator_version_ids: [versionId],
        }) as never,
        'evaluators',
      ],
      [
        as('post', '/evaluator_records/batch_get', '/evaluator_records/batch_get', {
          evaluator_record_ids: [recordId],
        }) as never,
        'records',
      ],
    ];
    for (const [answer, key] of lists) expect((await answer).body.data[key]).toEqual([]);
    // Naming this workspace with the stranger's key is refused outright.
    const crossed = await loop('post', '/evaluators/list', '/evaluators/list', {}, stranger);
    expect(crossed.status).toBe(403);
  });

  it('lets a viewer list but not create or run', async () => {
    const { versionId } = await codeEvaluator('loop-viewed', COMPARE_JS);
    expect((await loop('post', '/evaluators/list', '/evaluators/list', {}, viewer)).body.code).toBe(0);
    const create = await loop(
      'post',
      '/evaluators',
      '/evaluators',
      {
        evaluator: {
          name: 'viewer-made',
          evaluator_type: 'code',
          current_version: { evaluator_content: codeContent(COMPARE_JS) },
        },
      },
      viewer,
    );
    expect(create.status).toBe(403);
    const run = await loop(
      'post',
      '/evaluators_versions/{evaluator_version_id}/run',
      `/evaluators_versions/${versionId}/run`,
      {
        input_data: inputData('a', 'a'),
      },
      viewer,
    );
    expect(run.status).toBe(403);
    expect(run.body.code).not.toBe(0);
  });
});
