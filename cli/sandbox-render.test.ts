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
let other: Headers;

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
  // A roomy wall time, so the render meets its heap limit first on a loaded machine.
  spanloop = await startTestInstance({
    auth: { mode: 'required', maxFailures: 1000 },
    sandbox: { timeoutMs: 10_000 },
  });
  team = await newWorkspace(spanloop, 'render-team');
  writer = await keyHeaders(spanloop, team.id, ['ingest', 'read', 'write'], 'writer');
  const otherTeam = await newWorkspace(spanloop, 'quiet-team');
  other = await keyHeaders(spanloop, otherTeam.id, ['read', 'write'], 'other');
  for (const headers of [writer, other]) {
    const created = await callApi(spanloop, '/api/v1/prompts', headers, {
      method: 'POST',
      body: { key: 'probe', template: jinja('hello') },
    });
    expect(created.status).toBe(201);
  }
});
afterAll(async () => {
  await spanloop.stop();
});

describe('a render that exhausts its memory', () => {
  it('answers a clear 4xx, and ingest, search and /readyz keep working afterwards', async () => {
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const huge = await render(writer, '{% set a = range(0, 50000000) %}{{ a | length }}');
    const rssAfter = process.memoryUsage().rss;
    const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);
    console.log(
      `the 50M render answered ${huge.status} after ${Math.round(performance.now() - started)} ms; ` +
        `RSS of this process ${mib(rssBefore)} MiB before, ${mib(rssAfter)} MiB after`,
    );
    // The range alone is 400 MB: had it been built in this process, its RSS would show it.
    expect(rssAfter - rssBefore).toBeLessThan(64 * 1024 * 1024);
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

// Around half a second of work per render.
const SLOW = '{% for i in range(100) %}{% for j in range(1000) %}{% endfor %}{% endfor %}slow';

describe('renders across workspaces', () => {
  it('serves a quiet workspace while another floods the sandbox, and refuses the flood past its queue', async () => {
    let floodDone = 0;
    const flood = Array.from({ length: 30 }, () =>
      render(writer, SLOW).then((r) => {
        floodDone = performance.now();
        return r;
      }),
    );
    const quietTimes: number[] = [];
    let quietDone = 0;
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const quiet = await render(other, `{{ ${i} + 1 }}`);
      quietDone = performance.now();
      quietTimes.push(quietDone - started);
      expect(quiet.status).toBe(200);
      expect(JSON.parse(quiet.text)).toMatchObject({ messages: [{ content: String(i + 1) }] });
    }
    const answers = await Promise.all(flood);
    expect(quietDone).toBeLessThan(floodDone);
    const refused = answers.filter((a) => a.status === 429);
    // One runs and 16 wait (SPANLOOP_SANDBOX_WORKSPACE_QUEUE's default): the rest are refused, fewer when some
    // renders finished before the last requests of the flood arrived.
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.length).toBeLessThanOrEqual(13);
    expect(Number(refused[0]?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThan(0);
    const sorted = [...quietTimes].sort((a, b) => a - b);
    console.log(
      `quiet renders during the flood: median ${Math.round(sorted[2] ?? 0)} ms (in order: ${quietTimes.map(Math.round).join(', ')})`,
    );
    const metrics = await callApi(spanloop, '/metrics', writer);
    expect(metrics.text).toContain(`spanloop_sandbox_rejected_total{runtime="jinja2"} ${refused.length}`);
    expect(metrics.text).toMatch(/spanloop_sandbox_jobs_total\{runtime="jinja2",outcome="out_of_memory"\} 1/);
  }, 180_000);
});
