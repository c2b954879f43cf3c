import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPrice } from '../collector/pricing/list-price.test-kit';
import type { Workspace } from '../core/access/workspaces';
import type { TraceView } from '../schemas/span-view';
import { callApi, keyHeaders, newWorkspace, type Headers } from './access-test-kit';
import { hexId } from './otlp-json-request';
import { startTestInstance, type TestInstance } from './test-instance';

let spanloop: TestInstance;
let team: Workspace;
let key: Headers;
let viewer: Headers;

beforeAll(async () => {
  spanloop = await startTestInstance({ auth: { mode: 'required', maxFailures: 1000 } });
  team = await newWorkspace(spanloop, 'cozeloop-team');
  key = await keyHeaders(spanloop, team.id, ['ingest', 'read'], 'sdk');
  viewer = await keyHeaders(spanloop, team.id, ['read'], 'ro');
});
afterAll(async () => {
  await spanloop.stop();
});

const ingest = (headers: Headers, body: unknown) =>
  callApi(spanloop, '/v1/loop/traces/ingest', headers, { method: 'POST', body });

const startMicros = () => String(Date.now() * 1000 - 5_000_000);

/** A prompt → model → tool trace as the Cozeloop Go/Python SDKs post it (int64s as strings). */
function sdkTrace(traceId: string, workspaceId: string) {
  const root = hexId(8);
  const model = hexId(8);
  const runtime = JSON.stringify({ language: 'go', library: 'cozeloop', loop_sdk_version: 'v0.1.20' });
  const base = {
    trace_id: traceId,
    workspace_id: workspaceId,
    service_name: 'chat-app',
    started_at_micros: startMicros(),
  };
  return [
    {
      ...base,
      span_id: root,
      parent_id: '0',
      span_name: 'answer',
      span_type: 'prompt',
      duration_micros: '1500000',
      status_code: 0,
      tags_string: {
        prompt_key: 'support.reply',
        prompt_version: '1.2.0',
        thread_id: 'thread-9',
        user_id: 'u-1',
      },
      system_tags_string: { runtime },
    },
    {
      ...base,
      span_id: model,
      parent_id: root,
      span_name: 'ChatCompletion',
      span_type: 'model',
      duration_micros: 1_200_000,
      status_code: 0,
      input: JSON.stringify({ messages: [{ role: 'user', content: 'Where is my parcel?' }] }),
      output: JSON.stringify({
        choices: [
          { index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'On its way.' } },
        ],
      }),
      tags_string: { model_name: 'gpt-4o-mini', model_provider: 'openai' },
      tags_long: { input_tokens: '120', output_tokens: '30', tokens: '150' },
      tags_bool: { stream: true },
      tags_double: { temperature: 0.2 },
    },
    {
      ...base,
      span_id: hexId(8),
      parent_id: model,
      span_name: 'lookup_parcel',
      span_type: 'tool',
      duration_micros: '2000',
      status_code: -1,
      tags_string: { error: 'carrier API timed out' },
    },
  ];
}

async function readTrace(traceId: string): Promise<TraceView> {
  const res = await callApi(spanloop, `/api/v1/traces/${traceId}`, key);
  expect(res.status).toBe(200);
  return JSON.parse(res.text) as TraceView;
}

describe('POST /v1/loop/traces/ingest (Cozeloop SDK span upload)', () => {
  it('stores SDK spans with their LLM fields, tags, status and parents', async () => {
    const traceId = hexId(16);
    const res = await ingest(key, { spans: sdkTrace(traceId, team.id) });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ code: 0, msg: '' });

    const trace = await readTrace(traceId);
    expect(trace.spans).toHaveLength(3);
    const byName = new Map(trace.spans.map((s) => [s.name, s]));
    const root = byName.get('answer');
    const model = byName.get('ChatCompletion');
    const tool = byName.get('lookup_parcel');
    expect(root?.parentSpanId).toBe('');
    expect(root?.serviceName).toBe('chat-app');
    expect(root?.llm).toMatchObject({
      promptKey: 'support.reply',
      promptVersion: '1.2.0',
      sessionId: 'thread-9',
    });
    expect(model?.parentSpanId).toBe(root?.spanId);
    expect(model?.llm).toMatchObject({
      spanType: 'llm',
      provider: 'openai',
      requestModel: 'gpt-4o-mini',
      inputTokens: 120,
      outputTokens: 30,
    });
    expect(model?.llm.input).toEqual([{ role: 'user', content: 'Where is my parcel?' }]);
    expect(model?.llm.output[0]).toMatchObject({ role: 'assistant', content: 'On its way.' });
    expect(model?.llm.totalCost).toBeCloseTo(listPrice('gpt-4o-mini', { input: 120, output: 30 }), 12);
    expect(model?.attributes).toMatchObject({ stream: true, temperature: 0.2, input_tokens: 120 });
    expect(model?.statusCode).toBe('Ok');
    expect(Number(BigInt(model?.endTimeUnixNano ?? '0') - BigInt(model?.startTimeUnixNano ?? '0'))).toBe(
      1.2e9,
    );
    expect([tool?.statusCode, tool?.statusMessage]).toEqual(['Error', 'carrier API timed out']);
    expect(tool?.llm.spanType).toBe('tool');
  });

  it('refuses invalid spans by count and reason while storing the rest (code 0)', async () => {
    const traceId = hexId(16);
    const spans = sdkTrace(traceId, team.id);
    const bad = { ...spans[0], span_id: 'not-hex', parent_id: '' };
    const res = await ingest(key, { spans: [...spans, bad] });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text) as { code: number; msg: string };
    expect(body.code).toBe(0);
    expect(body.msg).toMatch(/1 span/);
    expect((await readTrace(traceId)).spans).toHaveLength(3);
  });

  it('reads JSON null as an absent field, as Cozeloop does', async () => {
    const traceId = hexId(16);
    const [root] = sdkTrace(traceId, team.id);
    const res = await ingest(key, {
      spans: [{ ...root, parent_id: null, input: null, tags_long: null, system_tags_string: null }],
    });
    expect(JSON.parse(res.text)).toEqual({ code: 0, msg: '' });
    const [span] = (await readTrace(traceId)).spans;
    expect(span?.parentSpanId).toBe('');
    expect(span?.llm.promptKey).toBe('support.reply');
  });

  it('answers a body it cannot read with HTTP 200 and a non-zero code naming the field', async () => {
    const notJson = await fetch(`${spanloop.api}/v1/loop/traces/ingest`, {
      method: 'POST',
      headers: { ...key, 'content-type': 'application/json' },
      body: '{"spans": [',
    });
    expect(notJson.status).toBe(200);
    expect(await notJson.json()).toMatchObject({ code: 400, msg: 'the body must be JSON' });
    const res = await ingest(key, {
      spans: [{ trace_id: hexId(16), span_id: hexId(8), started_at_micros: 'soon' }],
    });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text) as { code: number; msg: string };
    expect(body.code).toBe(400);
    expect(body.msg).toMatch(/^spans\.0\.started_at_micros/);
  });

  it('refuses spans for another workspace, keys without ingest, and missing credentials', async () => {
    const other = await ingest(key, { spans: sdkTrace(hexId(16), 'someone-else') });
    expect(other.status).toBe(403);
    const refused = JSON.parse(other.text) as { code: number; msg: string };
    expect(refused.code).toBe(403);
    expect(refused.msg).toContain('someone-else');
    expect((await ingest(viewer, { spans: sdkTrace(hexId(16), team.id) })).status).toBe(403);
    const anonymous = await ingest({}, { spans: sdkTrace(hexId(16), team.id) });
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.text)).toMatchObject({ code: 401 });
  });
});
