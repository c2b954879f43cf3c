import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '../core/access/workspaces';
import type { StoredSpan, TraceView } from '../schemas/span-view';
import { exportHttp, keyHeaders, newWorkspace, type Headers } from './access-test-kit';
import { hexId, msToNs } from './otlp-json-request';
import {
  openPromptsInstance,
  registerModel,
  type Method,
  type PromptsInstance,
} from './prompts-instance-kit';

// The evaluators plugin's REST API as a user meets it: a real embedded Spanloop over HTTP, API keys, answers
// checked against the OpenAPI document the instance serves.
let i: PromptsInstance;
let reader: Headers;
let other: Workspace;
let stranger: Headers;

beforeAll(async () => {
  i = await openPromptsInstance('eval-team');
  reader = await keyHeaders(i.spanloop, i.team.id, ['read'], 'viewer');
  other = await newWorkspace(i.spanloop, 'eval-elsewhere');
  stranger = await keyHeaders(i.spanloop, other.id, ['ingest', 'read', 'write', 'run'], 'stranger');
}, 120_000);
afterAll(async () => {
  await i?.stop();
});

const EQUALS_JS = `function exec_evaluation(turn) {
  const actual = turn.evaluate_target_output_fields.actual_output.text;
  const expected = turn.evaluate_dataset_fields.reference_output.text;
  console.log('comparing', actual, expected);
  return { score: actual === expected ? 1 : 0, reason: actual === expected ? 'equal' : 'different' };
}`;
const THROWS_JS = `function exec_evaluation(turn) { throw new Error('boom in the evaluator'); }`;

const text = (t: string) => ({ content_type: 'text', text: t });
const sample = (actual: string, expected: string) => ({
  targetOutputFields: { actual_output: text(actual) },
  datasetFields: { reference_output: text(expected) },
});

interface Evaluator {
  id: string;
  name: string;
  draftChanged: boolean;
  draft: Record<string, unknown>;
  latestVersion?: { id: string; version: string };
}
interface Version {
  id: string;
  version: string;
  spec: Record<string, unknown>;
}
interface EvalRecord {
  id: string;
  evaluatorId: string;
  evaluatorVersionId?: string;
  status: string;
  output?: { status: string; score?: number; reasoning: string; stdout?: string; error?: { code: string } };
  correction?: { score: number; explain: string; updatedBy: string };
  traceId: string | null;
  spanId: string | null;
}

const call = <T>(method: Method, path: string, url: string, body?: unknown, headers?: Headers) =>
  i.call(method, path, url, body, headers) as Promise<{ status: number; body: T }>;

const create = (name: string, code: string, headers?: Headers) =>
  call<Evaluator>(
    'post',
    '/api/v1/evaluators',
    '/api/v1/evaluators',
    { name, description: 'equals', spec: { type: 'code', language: 'javascript', code } },
    headers,
  );

/** Polls until `check` passes or five seconds passed. */
async function eventually(check: () => Promise<void>, ms = 5000): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      await check();
      return;
    } catch (e) {
      if (Date.now() - started > ms) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

describe('evaluators REST API', () => {
  it('walks the lifecycle: draft, versions, run, record, correction', async () => {
    const created = await create('answer-equals', EQUALS_JS);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'answer-equals',
      type: 'code',
      draftChanged: true,
      builtin: false,
    });
    expect(created.body.latestVersion).toBeUndefined();
    const id = created.body.id;
    expect(id).toMatch(/^\d+$/);
    expect((await create('answer-equals', EQUALS_JS)).status).toBe(409);

    const v1 = await call<Version>(
      'post',
      '/api/v1/evaluators/{id}/versions',
      `/api/v1/evaluators/${id}/versions`,
      {
        version: '1.0.0',
        description: 'first',
      },
    );
    expect(v1.status).toBe(201);
    expect(v1.body).toMatchObject({
      version: '1.0.0',
      evaluatorId: id,
      spec: { type: 'code', code: EQUALS_JS },
    });
    const again = await call(
      'post',
      '/api/v1/evaluators/{id}/versions',
      `/api/v1/evaluators/${id}/versions`,
      {
        version: '1.0.0',
      },
    );
    expect(again.status).toBe(409);

    // A new draft leaves version 1.0.0 as it was.
    const changed = EQUALS_JS.replace("'equal'", "'same'");
    const draft = await call<Evaluator>(
      'put',
      '/api/v1/evaluators/{id}/draft',
      `/api/v1/evaluators/${id}/draft`,
      {
        spec: { type: 'code', language: 'javascript', code: changed },
      },
    );
    expect(draft.body).toMatchObject({ draftChanged: true, latestVersion: { version: '1.0.0' } });
    const versions = await call<{ items: Version[] }>(
      'get',
      '/api/v1/evaluators/{id}/versions',
      `/api/v1/evaluators/${id}/versions`,
    );
    expect(versions.body.items.map((v) => [v.version, v.spec.code])).toEqual([['1.0.0', EQUALS_JS]]);

    const run = await call<EvalRecord>(
      'post',
      '/api/v1/evaluators/{id}/versions/{versionId}/run',
      `/api/v1/evaluators/${id}/versions/${v1.body.id}/run`,
      { input: sample('Paris', 'Paris') },
    );
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({
      evaluatorId: id,
      evaluatorVersionId: v1.body.id,
      status: 'success',
      output: {
        status: 'success',
        score: 1,
        reasoning: 'equal',
        stdout: expect.stringContaining('comparing Paris Paris') as string,
      },
    });
    expect(run.body.traceId).toMatch(/^[0-9a-f]{32}$/);

    const debug = await call<EvalRecord>(
      'post',
      '/api/v1/evaluators/{id}/debug',
      `/api/v1/evaluators/${id}/debug`,
      {
        input: sample('Paris', 'Paris'),
      },
    );
    expect(debug.body).toMatchObject({ status: 'success', output: { score: 1, reasoning: 'same' } });
    expect(debug.body.evaluatorVersionId).toBeUndefined();

    const corrected = await call<EvalRecord>(
      'patch',
      '/api/v1/evaluators/records/{recordId}',
      `/api/v1/evaluators/records/${run.body.id}`,
      { correction: { score: 0.5, explain: 'partly right' } },
    );
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({
      correction: {
        score: 0.5,
        explain: 'partly right',
        updatedBy: expect.stringMatching(/^key:/) as string,
      },
      output: { score: 1, reasoning: 'equal' },
    });
    const fetched = await call<EvalRecord>(
      'get',
      '/api/v1/evaluators/records/{recordId}',
      `/api/v1/evaluators/records/${run.body.id}`,
    );
    expect(fetched.body).toEqual(corrected.body);
    const records = await call<{ items: EvalRecord[] }>(
      'get',
      '/api/v1/evaluators/{id}/records',
      `/api/v1/evaluators/${id}/records`,
    );
    expect(records.body.items.map((r) => r.id)).toEqual([debug.body.id, run.body.id]);

    const listed = await call<{ items: Evaluator[] }>(
      'get',
      '/api/v1/evaluators',
      '/api/v1/evaluators?search=EQUALS',
    );
    expect(listed.body.items.map((e) => e.name)).toContain('answer-equals');
  });

  it('writes every run as an evaluation span with its result event and the record id', async () => {
    const { body: e } = await create('span-check', EQUALS_JS);
    const run = await call<EvalRecord>(
      'post',
      '/api/v1/evaluators/{id}/debug',
      `/api/v1/evaluators/${e.id}/debug`,
      {
        input: sample('a', 'b'),
      },
    );
    expect(run.body.output).toMatchObject({ score: 0 });
    await eventually(async () => {
      const res = await call<TraceView>(
        'get',
        '/api/v1/traces/{traceId}',
        `/api/v1/traces/${run.body.traceId}`,
      );
      expect(res.status).toBe(200);
      const span = res.body.spans.find((s) => s.spanId === run.body.spanId) as StoredSpan;
      expect(span.name).toBe('evaluation span-check');
      expect(span.attributes).toMatchObject({ 'spanloop.span.role': 'evaluator' });
      expect(JSON.stringify(span.attributes)).toContain(run.body.id);
      expect(span.events).toContainEqual(
        expect.objectContaining({
          name: 'gen_ai.evaluation.result',
          attributes: expect.objectContaining({
            'gen_ai.evaluation.name': 'span-check',
            'gen_ai.evaluation.score.value': 0,
          }) as unknown,
        }),
      );
    });
  });

  it('judges a stored span: the evaluation span joins the judged trace', async () => {
    const traceId = hexId(16);
    const spanId = hexId(8);
    const now = Date.now();
    const exported = await exportHttp(i.spanloop, i.writer, [
      { service: 'shop', spans: [{ traceId, spanId, name: 'answer', startNs: msToNs(now - 5) }] },
    ]);
    expect(exported.status).toBe(200);
    const { body: e } = await create('judge-span', EQUALS_JS);
    const run = await call<EvalRecord & { judged: unknown }>(
      'post',
      '/api/v1/evaluators/{id}/debug',
      `/api/v1/evaluators/${e.id}/debug`,
      { input: sample('x', 'x'), traceId, spanId },
    );
    expect(run.body).toMatchObject({ status: 'success', traceId, judged: { traceId, spanId } });
    await eventually(async () => {
      const res = await call<TraceView>('get', '/api/v1/traces/{traceId}', `/api/v1/traces/${traceId}`);
      const span = res.body.spans.find((s) => s.spanId === run.body.spanId);
      expect(span?.parentSpanId).toBe(spanId);
    });
    const missing = await call('post', '/api/v1/evaluators/{id}/debug', `/api/v1/evaluators/${e.id}/debug`, {
      input: sample('x', 'x'),
      traceId,
      spanId: '0'.repeat(16),
    });
    expect(missing.status).toBe(404);
  });

  it('answers a failing evaluator with its failed record, not an API error', async () => {
    const { body: e } = await create('always-throws', THROWS_JS);
    const run = await call<EvalRecord>(
      'post',
      '/api/v1/evaluators/{id}/debug',
      `/api/v1/evaluators/${e.id}/debug`,
      {
        input: sample('a', 'a'),
      },
    );
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({
      status: 'failed',
      output: { status: 'failed', error: { code: expect.any(String) as unknown } },
    });
    expect(JSON.stringify(run.body.output)).toContain('boom in the evaluator');
  });

  it('runs an LLM judge from a template on the workspace’s model; an out-of-range score is a failed record', async () => {
    const modelId = await registerModel(i);
    const { body: judge } = await call<Evaluator>('post', '/api/v1/evaluators', '/api/v1/evaluators', {
      name: 'relevance-judge',
      templateKey: 'builtin_template_relevance',
    });
    const spec = { ...judge.draft, model: { modelId, temperature: 0 } };
    expect(
      (await call('put', '/api/v1/evaluators/{id}/draft', `/api/v1/evaluators/${judge.id}/draft`, { spec }))
        .status,
    ).toBe(200);
    const input = { inputFields: { input: text('Capital of France?'), output: text('Paris') } };
    i.fake.enqueue({
      type: 'message',
      toolCalls: [{ name: 'eval', arguments: '{"reason": "on topic", "score": 0.8}' }],
      usage: { inputTokens: 40, outputTokens: 9 },
    });
    const ok = await call<EvalRecord & { output: { usage: { inputTokens: number } } }>(
      'post',
      '/api/v1/evaluators/{id}/debug',
      `/api/v1/evaluators/${judge.id}/debug`,
      { input },
    );
    expect(ok.body).toMatchObject({
      status: 'success',
      output: { score: 0.8, reasoning: 'on topic', usage: { inputTokens: 40, outputTokens: 9 } },
    });
    const sent = JSON.stringify(i.fake.requests.at(-1)?.body);
    expect(sent).toContain('Capital of France?');
    i.fake.enqueue({
      type: 'message',
      toolCalls: [{ name: 'eval', arguments: '{"reason": "very", "score": 1.7}' }],
    });
    const bad = await call<EvalRecord>(
      'post',
      '/api/v1/evaluators/{id}/debug',
      `/api/v1/evaluators/${judge.id}/debug`,
      { input },
    );
    expect(bad.status).toBe(200);
    expect(bad.body).toMatchObject({ status: 'failed', output: { error: { code: 'score_out_of_range' } } });
    expect(bad.body.output?.score).toBeUndefined();
  });

  it('refuses a spec its runtime rejects, with the runtime’s messages', async () => {
    const bad = await call<{ error: { message: string } }>(
      'post',
      '/api/v1/evaluators',
      '/api/v1/evaluators',
      {
        name: 'broken',
        spec: {
          type: 'prompt',
          messages: [{ role: 'user', content: '{{output}}' }],
          model: { modelId: ' ' },
        },
      },
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/spec is invalid: a judge needs a model/);
    // A template's judge has no model yet: it is created, and refused as a version until it has one.
    const { body: judge } = await call<Evaluator>('post', '/api/v1/evaluators', '/api/v1/evaluators', {
      name: 'modelless',
      templateKey: 'builtin_template_conciseness',
    });
    const version = await call(
      'post',
      '/api/v1/evaluators/{id}/versions',
      `/api/v1/evaluators/${judge.id}/versions`,
      {
        version: '1',
      },
    );
    expect(version.status).toBe(400);
  });

  it('keeps an http evaluator’s secret sealed and never returns it', async () => {
    const secret = 'hmac-secret-of-at-least-16';
    const created = await call<Evaluator>('post', '/api/v1/evaluators', '/api/v1/evaluators', {
      name: 'remote-judge',
      spec: { type: 'http', url: 'https://evals.example.com/judge', secret },
    });
    expect(created.status).toBe(201);
    expect(created.body.draft).toEqual({
      type: 'http',
      url: 'https://evals.example.com/judge',
      hasSecret: true,
    });
    const v = await call<Version>(
      'post',
      '/api/v1/evaluators/{id}/versions',
      `/api/v1/evaluators/${created.body.id}/versions`,
      {
        version: '1',
      },
    );
    expect(v.body.spec).toMatchObject({ hasSecret: true });
    const rows = await i.spanloop.metadata.query(
      'SELECT e.draft_secret, v.secret, e.draft_spec::text AS spec FROM evaluators e JOIN evaluator_versions v ON v.evaluator_id = e.id WHERE e.id = $1',
      [created.body.id],
    );
    const row = rows[0] as { draft_secret: string; secret: string; spec: string };
    expect(row.draft_secret).toMatch(/^v1\./);
    expect(row.secret).toBe(row.draft_secret);
    expect(JSON.stringify(row)).not.toContain(secret);
  });

  it('lists the built-in judge and code templates and creates an evaluator from one', async () => {
    const all = await call<{ items: { key: string; type: string; language?: string }[] }>(
      'get',
      '/api/v1/evaluators/templates',
      '/api/v1/evaluators/templates',
    );
    const judges = all.body.items.filter((t) => t.type === 'prompt');
    expect(judges).toHaveLength(14);
    expect(judges.map((t) => t.key)).toContain('builtin_template_relevance');
    const code = all.body.items.filter((t) => t.type === 'code');
    expect(code.filter((t) => t.language === 'javascript')).toHaveLength(6);
    expect(code.filter((t) => t.language === 'python')).toHaveLength(6);
    const fromTemplate = await call<Evaluator>('post', '/api/v1/evaluators', '/api/v1/evaluators', {
      name: 'my-relevance',
      templateKey: 'builtin_template_relevance',
    });
    expect(fromTemplate.status).toBe(201);
    expect(fromTemplate.body.draft).toMatchObject({ type: 'prompt' });
  });

  it('lets a viewer read but not create, change or run', async () => {
    const { body: e } = await create('viewer-target', EQUALS_JS);
    expect(
      (await call('get', '/api/v1/evaluators/{id}', `/api/v1/evaluators/${e.id}`, undefined, reader)).status,
    ).toBe(200);
    expect((await create('viewer-made', EQUALS_JS, reader)).status).toBe(403);
    const denied: [Method, string, string, unknown][] = [
      [
        'post',
        '/api/v1/evaluators/{id}/debug',
        `/api/v1/evaluators/${e.id}/debug`,
        { input: sample('a', 'a') },
      ],
      ['post', '/api/v1/evaluators/{id}/versions', `/api/v1/evaluators/${e.id}/versions`, { version: '9' }],
      ['delete', '/api/v1/evaluators/{id}', `/api/v1/evaluators/${e.id}`, undefined],
    ];
    for (const [method, path, url, body] of denied)
      expect((await call(method, path, url, body, reader)).status, url).toBe(403);
    // A writer without the run scope cannot run either.
    const noRun = await keyHeaders(i.spanloop, i.team.id, ['read', 'write'], 'no-run');
    const res = await call(
      'post',
      '/api/v1/evaluators/{id}/debug',
      `/api/v1/evaluators/${e.id}/debug`,
      { input: sample('a', 'a') },
      noRun,
    );
    expect(res.status).toBe(403);
  });

  it('hides another workspace’s evaluators, versions and records behind every route', async () => {
    const { body: e } = await create('private-eval', EQUALS_JS);
    const { body: v } = await call<Version>(
      'post',
      '/api/v1/evaluators/{id}/versions',
      `/api/v1/evaluators/${e.id}/versions`,
      {
        version: '1',
      },
    );
    const { body: r } = await call<EvalRecord>(
      'post',
      '/api/v1/evaluators/{id}/versions/{versionId}/run',
      `/api/v1/evaluators/${e.id}/versions/${v.id}/run`,
      { input: sample('a', 'a') },
    );
    const probes: [Method, string, string, unknown][] = [
      ['get', '/api/v1/evaluators/{id}', `/api/v1/evaluators/${e.id}`, undefined],
      ['patch', '/api/v1/evaluators/{id}', `/api/v1/evaluators/${e.id}`, { name: 'stolen' }],
      [
        'put',
        '/api/v1/evaluators/{id}/draft',
        `/api/v1/evaluators/${e.id}/draft`,
        { spec: { type: 'code', language: 'javascript', code: EQUALS_JS } },
      ],
      ['post', '/api/v1/evaluators/{id}/versions', `/api/v1/evaluators/${e.id}/versions`, { version: '2' }],
      ['get', '/api/v1/evaluators/{id}/versions', `/api/v1/evaluators/${e.id}/versions`, undefined],
      ['get', '/api/v1/evaluators/{id}/records', `/api/v1/evaluators/${e.id}/records`, undefined],
      [
        'post',
        '/api/v1/evaluators/{id}/debug',
        `/api/v1/evaluators/${e.id}/debug`,
        { input: sample('a', 'a') },
      ],
      [
        'post',
        '/api/v1/evaluators/{id}/versions/{versionId}/run',
        `/api/v1/evaluators/${e.id}/versions/${v.id}/run`,
        { input: sample('a', 'a') },
      ],
      ['get', '/api/v1/evaluators/records/{recordId}', `/api/v1/evaluators/records/${r.id}`, undefined],
      [
        'patch',
        '/api/v1/evaluators/records/{recordId}',
        `/api/v1/evaluators/records/${r.id}`,
        { correction: { score: 0 } },
      ],
      ['delete', '/api/v1/evaluators/{id}', `/api/v1/evaluators/${e.id}`, undefined],
    ];
    for (const [method, path, url, body] of probes)
      expect((await call(method, path, url, body, stranger)).status, `${method} ${url}`).toBe(404);
    const theirs = await call<{ items: Evaluator[] }>(
      'get',
      '/api/v1/evaluators',
      '/api/v1/evaluators',
      undefined,
      stranger,
    );
    expect(theirs.body.items).toEqual([]);
    // Still there for its own workspace, unchanged.
    const mine = await call<Evaluator>('get', '/api/v1/evaluators/{id}', `/api/v1/evaluators/${e.id}`);
    expect(mine.body.name).toBe('private-eval');
  });

  it('answers bad ids and bodies with 400, never 500', async () => {
    const cases: [Method, string, string, unknown][] = [
      ['get', '/api/v1/evaluators/{id}', '/api/v1/evaluators/abc', undefined],
      ['get', '/api/v1/evaluators/{id}', '/api/v1/evaluators/99999999999999999999', undefined],
      ['post', '/api/v1/evaluators', '/api/v1/evaluators', { name: '', spec: { type: 'nope' } }],
      ['get', '/api/v1/evaluators', '/api/v1/evaluators?limit=0', undefined],
    ];
    for (const [method, path, url, body] of cases)
      expect((await call(method, path, url, body)).status, url).toBe(400);
  });
});
