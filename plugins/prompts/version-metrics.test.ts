import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseExecutor } from '../../core/clickhouse/executor';
import { openChdbEngine } from '../../core/span-store/chdb-span-store';
import { at, BASE_MS, hexId, makeRow } from '../../core/span-store/make-row';
import type { SpanStore } from '../../core/span-store/types';
import type { SpanRow } from '../../schemas/span-row';
import {
  bodyOf,
  chatTemplate,
  openPromptsTestbed,
  type RunAnswer,
  type PromptsTestbed,
} from './prompts-test-kit';

// chdb binds one data folder per process; vitest runs each test file in its own fork.
const path = join(mkdtempSync(join(tmpdir(), 'spanloop-prompt-metrics-')), 'clickhouse');
let t: PromptsTestbed;
let engine: { executor: ClickHouseExecutor; store: SpanStore };

/** One use of a prompt version: an outer span carrying the version and a model call under it. */
function use(opts: {
  version: string;
  ms: number;
  error?: boolean;
  tokens?: [number, number];
  cost?: number;
  key?: string;
  offsetS?: number;
}): SpanRow[] {
  const traceId = hexId(16);
  const rootId = hexId(8);
  const prompt = { WorkspaceId: 'ws-a', PromptKey: opts.key ?? 'agent', PromptVersion: opts.version };
  return [
    makeRow({
      ...prompt,
      TraceId: traceId,
      SpanId: rootId,
      SpanName: 'prompt_run agent',
      Timestamp: at(opts.offsetS ?? 0),
      Duration: opts.ms * 1e6,
      StatusCode: opts.error === true ? 'Error' : 'Ok',
    }),
    makeRow({
      ...prompt,
      TraceId: traceId,
      ParentSpanId: rootId,
      SpanName: 'chat gpt-4o-mini',
      SpanType: 'llm',
      Timestamp: at(opts.offsetS ?? 0),
      Duration: (opts.ms - 1) * 1e6,
      InputTokens: opts.tokens?.[0] ?? 0,
      OutputTokens: opts.tokens?.[1] ?? 0,
      TotalTokens: (opts.tokens?.[0] ?? 0) + (opts.tokens?.[1] ?? 0),
      TotalCost: opts.cost ?? 0,
    }),
  ];
}

beforeAll(async () => {
  engine = await openChdbEngine({ path, readers: 1 });
  t = await openPromptsTestbed({ clickhouse: engine.executor });
  await t.call('/api/v1/prompts', { body: { key: 'agent' } });
  for (let i = 0; i < 3; i++)
    await t.call('/api/v1/prompts/agent/versions', {
      body: { template: chatTemplate({ metadata: { i: String(i) } }) },
    });
  const replayed = use({ version: '1.0.1', ms: 50, tokens: [1, 1], cost: 0.0001 });
  const rows = [
    ...replayed,
    ...use({ version: '1.0.0', ms: 100, tokens: [10, 5], cost: 0.001 }),
    ...use({ version: '1.0.0', ms: 200, tokens: [20, 5], cost: 0.002 }),
    ...use({ version: '1.0.0', ms: 300, error: true, tokens: [30, 0], cost: 0.003 }),
    ...use({ version: '1.0.1', ms: 70, tokens: [2, 3], cost: 0.0002 }),
    // Another prompt, another workspace and a span outside the window: none of them count.
    ...use({ version: '1.0.0', ms: 999, key: 'other' }),
    ...use({ version: '1.0.0', ms: 999, offsetS: -7200 }),
    ...use({ version: '1.0.0', ms: 999 }).map((r) => ({ ...r, WorkspaceId: 'ws-b' })),
    // A version only the spans know (an SDK tagging its own calls) and a model call tagged by itself.
    makeRow({
      WorkspaceId: 'ws-a',
      PromptKey: 'agent',
      PromptVersion: '7',
      SpanType: 'llm',
      Duration: 40e6,
      Timestamp: at(1),
      InputTokens: 3,
      OutputTokens: 2,
      TotalTokens: 5,
    }),
  ];
  await engine.store.insert({ id: hexId(8), rows });
  // The same spans stored twice (a replay under another batch id) are read once.
  await engine.store.insert({ id: hexId(8), rows: replayed });
});
afterAll(async () => {
  await t.close();
  await engine.store.close();
});

describe('GET /api/v1/prompts/:key/metrics', () => {
  it('returns per version requests, latency percentiles, tokens, cost and error rate', async () => {
    const res = await t.call(
      `/api/v1/prompts/agent/metrics?from=${BASE_MS - 3_600_000}&to=${BASE_MS + 3_600_000}`,
    );
    expect(res.status).toBe(200);
    const body = await bodyOf<RunAnswer>(res);
    expect(body.versions.map((v) => v.version)).toEqual(['1.0.2', '1.0.1', '1.0.0', '7']);
    const [v102, v101, v100, external] = body.versions;
    expect(v102).toMatchObject({ requests: 0, errors: 0, latencyMs: { p50: null } });
    expect(v101).toMatchObject({ requests: 2, errors: 0, tokens: { input: 3, output: 4, total: 7 } });
    expect(v101?.costUsd).toBeCloseTo(0.0003);
    expect(v100).toMatchObject({ requests: 3, errors: 1, tokens: { input: 60, output: 10, total: 70 } });
    expect(v100?.errorRate).toBeCloseTo(1 / 3);
    expect(v100?.costUsd).toBeCloseTo(0.006);
    expect(v100?.latencyMs.p50).toBeCloseTo(200, 0);
    expect(v100?.latencyMs.p99).toBeGreaterThan(290);
    expect(v100?.latencyMs.p99).toBeLessThanOrEqual(300);
    expect(external).toMatchObject({ requests: 1, tokens: { total: 5 }, latencyMs: { p50: 40 } });
  });

  it('refuses a window that ends before it starts', async () => {
    const res = await t.call(`/api/v1/prompts/agent/metrics?from=${BASE_MS}&to=${BASE_MS - 1}`);
    expect(res.status).toBe(400);
  });
});
