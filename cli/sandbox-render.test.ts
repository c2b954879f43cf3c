import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '../core/access/workspaces';
import { callApi, exportHttp, keyHeaders, newWorkspace, type Headers } from './access-test-kit';
import { hexId, msToNs } from './otlp-json-request';
import { startTestInstance, type TestInstance } from './test-instance';

// Hostile Jinja2 renders against a real Spanloop with SPANLOOP_AUTH=required: whatever a template does, the
// process, its span engine and the other workspaces keep working.
let spanloop: TestInstance;
let team: Workspace;
let writer: Headers;

const jinja = (content: string) => ({
  templateType: 'jinja2',
  messages: [{ role: 'user', content }],
});

const render = (headers: Headers, content: string) =>
  callApi(spanloop, '/api/v1/prompts/probe/render', headers, {
    method: 'POST',
    body: { template: jinja(content), variables: {} },
  });

beforeAll(async () => {
  spanloop = await startTestInstance({ auth: { mode: 'required', maxFailures: 1000 } });
  team = await newWorkspace(spanloop, 'render-team');
  writer = await keyHeaders(spanloop, team.id, ['ingest', 'read', 'write'], 'writer');
  const created = await callApi(spanloop, '/api/v1/prompts', writer, {
    method: 'POST',
    body: { key: 'probe', template: jinja('hello') },
  });
  expect(created.status).toBe(201);
});
afterAll(async () => {
  await spanloop.stop();
});

describe('a render that exhausts its memory', () => {
  it('answers a clear 4xx, and ingest, search and /readyz keep working afterwards', async () => {
    const huge = await render(writer, '{% set a = range(0, 50000000) %}{{ a | length }}');
    expect(huge.status).toBeGreaterThanOrEqual(400);
    expect(huge.status).toBeLessThan(500);
    expect(huge.text).toMatch(/memory/);

    const traceId = hexId(16);
    const nowMs = Date.now();
    const sent = await exportHttp(spanloop, writer, [
      {
        service: 'after-oom',
        spans: [{ traceId, spanId: hexId(8), name: 'op', startNs: msToNs(nowMs), durationNs: msToNs(3) }],
      },
    ]);
    expect(sent.status).toBe(200);
    const found = await callApi(
      spanloop,
      `/api/v1/traces?from=${nowMs - 60_000}&to=${nowMs + 60_000}`,
      writer,
    );
    expect(found.status).toBe(200);
    expect(found.text).toContain(traceId);
    expect((await fetch(`${spanloop.api}/readyz`)).status).toBe(200);
    const ok = await render(writer, '{{ 6 * 7 }}');
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text)).toMatchObject({ messages: [{ role: 'user', content: '42' }] });
  });
});
