import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEgressPolicy } from '../../core/egress/egress-policy';
import type { EgressPolicy } from '../../core/egress/types';
import { EgressAllowList } from '../../schemas/egress';
import { parseInvokeResult, type AsyncInvocations, type PendingInvocation } from '../async-invocations';
import { makeInput, noSandbox, offlineEngine } from '../engine-test-kit';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from '../http/signature';
import type { HttpEvaluatorSpec } from '../types';
import { createHttpRuntime } from './http';

interface Received {
  headers: IncomingMessage['headers'];
  raw: string;
  body: Record<string, unknown>;
}
type Reply = { status?: number; body?: unknown; delayMs?: number; headers?: Record<string, string> } | 'drop';

/** A user's evaluator service: answers scripted replies in order, records what it received. */
let replies: Reply[] = [];
const received: Received[] = [];
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks).toString('utf8');
    received.push({ headers: req.headers, raw, body: JSON.parse(raw) as Record<string, unknown> });
    const reply = replies.shift() ?? { status: 500 };
    if (reply === 'drop') {
      req.socket.destroy();
      return;
    }
    setTimeout(() => {
      if (res.destroyed) return;
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify(reply.body ?? {}));
    }, reply.delayMs ?? 0);
  });
});
let url = '';
let allowed: EgressPolicy;
let closed: EgressPolicy;

beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}/evaluate`;
  allowed = createEgressPolicy({ allow: EgressAllowList.parse([`127.0.0.1:${port}`]) });
  closed = createEgressPolicy({ allow: [] });
});
afterAll(async () => {
  await allowed.close();
  await closed.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const pending: PendingInvocation[] = [];
const forgotten: string[] = [];
const invocations: AsyncInvocations = {
  register: (p) => {
    pending.push(p);
    return Promise.resolve();
  },
  forget: (_ws, id) => {
    forgotten.push(id);
    return Promise.resolve();
  },
};
const SECRET = 'per-evaluator-secret';
const spec = (overrides: Partial<HttpEvaluatorSpec> = {}): HttpEvaluatorSpec => ({
  type: 'http',
  url,
  secret: SECRET,
  timeoutMs: 2_000,
  retries: 2,
  evaluatorCode: 'tone',
  headers: { 'x-team': 'qa', [SIGNATURE_HEADER]: 'forged' },
  ...overrides,
});
const input = makeInput(
  { output: 'Hello!' },
  { datasetFields: { reference_output: { content_type: 'text', text: 'Hi' } } },
);
const provenance = { evaluatorName: 'tone', recordId: 'rec_9' };
const runtime = createHttpRuntime({ asyncInvocations: invocations, baseDelayMs: 5, maxDelayMs: 20 });
const run = async (s: HttpEvaluatorSpec, egress: EgressPolicy = allowed) => {
  const { engine, close } = offlineEngine([runtime], { egress });
  try {
    return await engine.run('ws-a', s, input, { provenance });
  } finally {
    await close();
  }
};
const success = (score: number, reasoning = 'fine') => ({
  status: 200,
  body: {
    status: 1,
    output_data: {
      evaluator_result: { score, reasoning },
      evaluator_usage: { input_tokens: 11, output_tokens: '4' },
    },
    BaseResp: { StatusCode: 0, StatusMessage: '' },
  },
});

describe('HTTP evaluators (Cozeloop evaluator SPI)', () => {
  it('POSTs InvokeEvaluatorRequest signed with HMAC-SHA256 and reads InvokeEvaluatorResponse', async () => {
    replies = [success(0.8, 'polite')];
    const before = received.length;
    const out = await run(spec());
    expect(out).toMatchObject({
      status: 'success',
      score: 0.8,
      reasoning: 'polite',
      usage: { inputTokens: 11, outputTokens: 4, costUsd: 0 },
    });
    const req = received[before];
    expect(req?.body).toEqual({
      workspace_id: 'ws-a',
      evaluator: { provider_evaluator_code: 'tone' },
      input_data: {
        input_fields: { output: { content_type: 'text', text: 'Hello!' } },
        evaluate_dataset_fields: { reference_output: { content_type: 'text', text: 'Hi' } },
        evaluate_target_output_fields: {},
      },
    });
    expect(req?.headers['x-team']).toBe('qa');
    const signature = String(req?.headers[SIGNATURE_HEADER]);
    expect(signature).not.toBe('forged');
    expect(verifySignature(SECRET, String(req?.headers[TIMESTAMP_HEADER]), req?.raw ?? '', signature)).toBe(
      true,
    );
    expect(
      verifySignature('another-secret', String(req?.headers[TIMESTAMP_HEADER]), req?.raw ?? '', signature),
    ).toBe(false);
  });

  it('sends no signature without a secret', async () => {
    replies = [success(1)];
    const before = received.length;
    await run(spec({ secret: '' }));
    expect(received[before]?.headers[SIGNATURE_HEADER]).toBeUndefined();
  });

  it('retries 5xx, 429 and a dropped connection with back-off, then scores', async () => {
    replies = [{ status: 503 }, { status: 429, headers: { 'retry-after': '0' } }, success(0.5)];
    const before = received.length;
    const out = await run(spec());
    expect(out).toMatchObject({ status: 'success', score: 0.5 });
    expect(received.length - before).toBe(3);
    replies = ['drop', success(0.4)];
    expect(await run(spec())).toMatchObject({ status: 'success', score: 0.4 });
  });

  it('gives up after the retries with service_unavailable', async () => {
    replies = [{ status: 500 }, { status: 502 }];
    const before = received.length;
    const out = await run(spec({ retries: 1 }));
    expect(out).toMatchObject({ status: 'failed', error: { code: 'service_unavailable' } });
    expect(received.length - before).toBe(2);
  });

  it('times out a slow service per attempt', async () => {
    replies = [{ ...success(1), delayMs: 2_000 }];
    const out = await run(spec({ timeoutMs: 150, retries: 0 }));
    expect(out).toMatchObject({ status: 'failed', error: { code: 'service_unavailable' } });
    expect(out.error?.message).toContain('no answer within 150 ms');
  });

  it('does not retry a 4xx, and reports a service failure as a failed output', async () => {
    replies = [{ status: 400, body: {} }];
    const before = received.length;
    expect(await run(spec())).toMatchObject({ status: 'failed', error: { code: 'service_error' } });
    expect(received.length - before).toBe(1);
    replies = [
      {
        status: 200,
        body: { status: 2, output_data: { evaluator_run_error: { code: 7, message: 'no model' } } },
      },
    ];
    const failed = await run(spec());
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'service_error' } });
    expect(failed.error?.message).toContain('no model');
    replies = [{ status: 200, body: { status: 1, output_data: {} } }];
    expect(await run(spec())).toMatchObject({ status: 'failed', error: { code: 'bad_service_reply' } });
  });

  it('refuses a loopback service without an allow-list entry, without sending anything', async () => {
    const before = received.length;
    const out = await run(spec(), closed);
    expect(out).toMatchObject({ status: 'failed', error: { code: 'egress_refused' } });
    expect(out.error?.message).toContain('SPANLOOP_EGRESS_ALLOW');
    expect(received.length).toBe(before);
    expect(
      await runtime.validate(spec({ url: 'http://10.0.0.8/x' }), {
        workspaceId: 'ws-a',
        egress: closed,
        sandbox: noSandbox,
      }),
    ).toEqual([expect.stringContaining('url: refusing')]);
  });

  it('runs async: sends an invoke id, answers processing, and completes from the report', async () => {
    replies = [{ status: 200, body: { BaseResp: { StatusCode: 0 } } }];
    const before = received.length;
    const { engine, spans, close } = offlineEngine([runtime], { egress: allowed });
    const out = await engine.run('ws-a', spec({ async: true }), input, { provenance });
    expect(out.status).toBe('processing');
    const invokeId = out.invokeId ?? '';
    expect(invokeId).toMatch(/^\d+$/);
    expect(received[before]?.body.invoke_id).toBe(invokeId);
    expect(pending.at(-1)).toEqual({
      invokeId,
      workspaceId: 'ws-a',
      provenance,
      run: { traceId: out.traceId, spanId: out.spanId },
    });
    // No result yet on the run's span.
    const runSpan = spans().find((s) => s.spanContext().spanId === out.spanId);
    expect(runSpan?.events).toEqual([]);
    expect(runSpan?.attributes['spanloop.evaluation.invoke_id']).toBe(invokeId);

    const report = parseInvokeResult({
      workspace_id: 'ws-a',
      invoke_id: invokeId,
      status: 1,
      output: { evaluator_result: { score: 0.9, reasoning: 'late but good' } },
    });
    if (!report.ok) throw new Error(report.error.join('; '));
    expect(report.value.output).toMatchObject({ status: 'success', score: 0.9, invokeId });
    const p = pending.at(-1);
    if (p === undefined) throw new Error('nothing pending');
    engine.complete(p.workspaceId, 'http', report.value.output, { provenance: p.provenance, run: p.run });
    const resultSpan = spans().at(-1);
    expect(resultSpan?.parentSpanContext?.spanId).toBe(out.spanId);
    expect(resultSpan?.events[0]?.attributes?.['gen_ai.evaluation.score.value']).toBe(0.9);
    await close();
  });

  it('forgets an async invocation the service refused', async () => {
    replies = [{ status: 200, body: { BaseResp: { StatusCode: 500, StatusMessage: 'busy' } } }];
    const out = await run(spec({ async: true }));
    expect(out).toMatchObject({ status: 'failed', error: { code: 'service_error' } });
    expect(forgotten).toContain(pending.at(-1)?.invokeId);
  });

  it('rejects a malformed report', () => {
    const bad = parseInvokeResult({ invoke_id: 'abc', status: 1 });
    expect(bad.ok).toBe(false);
    const failed = parseInvokeResult({
      invoke_id: 12,
      status: 'FAILED',
      output: { evaluator_run_error: { message: 'x' } },
    });
    expect(failed.ok && failed.value.output.status).toBe('failed');
  });
});
