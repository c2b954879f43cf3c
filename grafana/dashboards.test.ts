import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseExecutor } from '../core/clickhouse/executor';
import { openChdbEngine } from '../core/span-store/chdb-span-store';
import type { SpanStore } from '../core/span-store/types';
import type { SpanRow } from '../schemas/span-row';
import { CLICKHOUSE_PLUGIN, readDashboards, variableSql } from './dashboard-file';
import type { Panel } from './dashboard-file';
import { expandPanelSql } from './panel-sql';
import { rowMs, seedRows, seedWindow } from './span-seed';
import type { FrontendContext } from './template-variables';

// chdb binds one data folder per process; vitest runs each test file in its own fork.
const path = join(mkdtempSync(join(tmpdir(), 'spanloop-grafana-')), 'clickhouse');
const seeded = seedRows();
const INTERVAL_MS = 60_000;
let executor: ClickHouseExecutor;
let store: SpanStore;

beforeAll(async () => {
  ({ executor, store } = await openChdbEngine({ path }));
  await store.insert({ id: 'grafana-dashboards-seed', rows: seeded });
});
afterAll(async () => {
  await store.close();
});

type Row = Record<string, unknown>;

const context = (workspace: readonly string[], service: readonly string[] = ['$__all']): FrontendContext => ({
  ...seedWindow,
  intervalMs: INTERVAL_MS,
  variables: {
    workspace: { current: workspace, options: ['ws-a', 'ws-b'] },
    service: { current: service, options: ['chat-api', 'evals', 'retriever'] },
  },
});

const run = async (sql: string, ctx: FrontendContext): Promise<Row[]> =>
  (await executor.query(expandPanelSql(sql, ctx))) as Row[];

const num = (v: unknown): number => Number(v);
const total = (rows: readonly Row[], column: string): number => rows.reduce((s, r) => s + num(r[column]), 0);
const totalsBy = (rows: readonly Row[], key: string, column: string): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const r of rows) out[String(r[key])] = (out[String(r[key])] ?? 0) + num(r[column]);
  return out;
};
const countBy = <T>(items: readonly T[], key: (t: T) => string): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const t of items) out[key(t)] = (out[key(t)] ?? 0) + 1;
  return out;
};

// What the panels should show for ws-a, derived from the seed rather than typed in twice.
const inWindow = (r: SpanRow): boolean => rowMs(r) >= seedWindow.fromMs && rowMs(r) <= seedWindow.toMs;
const spansA = seeded.filter((r) => r.WorkspaceId === 'ws-a' && inWindow(r));
const callsA = spansA.filter((r) => r.SpanType === 'llm' || r.SpanType === 'embedding');
const modelOf = (r: SpanRow): string => r.LlmRequestModel || r.LlmResponseModel;
const sumOf = (rows: readonly SpanRow[], f: (r: SpanRow) => number): number =>
  rows.reduce((s, r) => s + f(r), 0);
const durationsMs = (rows: readonly SpanRow[]): number[] => rows.map((r) => r.Duration / 1e6);
const errorsA = callsA.filter((r) => r.StatusCode === 'Error');
const firstTokensMs = (model: unknown): number[] =>
  spansA
    .filter((r) => r.TimeToFirstTokenNs > 0 && modelOf(r) === model)
    .map((r) => r.TimeToFirstTokenNs / 1e6);
/** A first-token percentile panel: one series per streamed model, each value within that model's own range. */
const firstTokenPanel = (column: string) => ({
  columns: ['time', 'model', column],
  check: (rows: Row[]) => {
    expect(new Set(rows.map((r) => r.model))).toEqual(
      new Set(spansA.filter((r) => r.TimeToFirstTokenNs > 0).map(modelOf)),
    );
    for (const r of rows) {
      const own = firstTokensMs(r.model);
      expect(num(r[column])).toBeGreaterThanOrEqual(Math.min(...own));
      expect(num(r[column])).toBeLessThanOrEqual(Math.max(...own));
    }
  },
});
const promptCalls = callsA.filter((r) => r.PromptKey !== '');

/** Each panel's columns and what its numbers must be over the seed for ws-a (every service). */
const expectations: Record<string, { columns: readonly string[]; check: (rows: Row[]) => void }> = {
  'spanloop-llm-overview/Model calls': {
    columns: ['calls'],
    check: (rows) => expect(num(rows[0]?.calls)).toBe(callsA.length),
  },
  'spanloop-llm-overview/Errors': {
    columns: ['errors'],
    check: (rows) => expect(num(rows[0]?.errors)).toBe(errorsA.length),
  },
  'spanloop-llm-overview/Error rate': {
    columns: ['error_rate'],
    check: (rows) => expect(num(rows[0]?.error_rate)).toBeCloseTo(errorsA.length / callsA.length, 9),
  },
  'spanloop-llm-overview/Latency p90': {
    columns: ['p90_ms'],
    check: (rows) => {
      const p90 = num(rows[0]?.p90_ms);
      expect(p90).toBeGreaterThanOrEqual(Math.min(...durationsMs(callsA)));
      expect(p90).toBeLessThanOrEqual(Math.max(...durationsMs(callsA)));
    },
  },
  'spanloop-llm-overview/Tokens': {
    columns: ['tokens'],
    check: (rows) => expect(num(rows[0]?.tokens)).toBe(sumOf(callsA, (r) => r.TotalTokens)),
  },
  'spanloop-llm-overview/Cost': {
    columns: ['cost'],
    check: (rows) =>
      expect(num(rows[0]?.cost)).toBeCloseTo(
        sumOf(callsA, (r) => r.TotalCost),
        9,
      ),
  },
  'spanloop-llm-overview/Model calls and errors': {
    columns: ['time', 'calls', 'errors'],
    check: (rows) => {
      expect(total(rows, 'calls')).toBe(callsA.length);
      expect(total(rows, 'errors')).toBe(errorsA.length);
    },
  },
  'spanloop-llm-overview/Error rate over time': {
    columns: ['time', 'error_rate'],
    check: (rows) => {
      expect(rows.filter((r) => num(r.error_rate) > 0)).toHaveLength(errorsA.length);
      for (const r of rows) expect(num(r.error_rate)).toBeLessThanOrEqual(1);
    },
  },
  'spanloop-llm-overview/Latency p50 / p90 / p99': {
    columns: ['time', 'p50', 'p90', 'p99'],
    check: (rows) => {
      for (const r of rows) {
        expect(num(r.p50)).toBeLessThanOrEqual(num(r.p90));
        expect(num(r.p90)).toBeLessThanOrEqual(num(r.p99));
        expect(num(r.p99)).toBeLessThanOrEqual(Math.max(...durationsMs(callsA)));
      }
    },
  },
  'spanloop-llm-overview/Model calls by model': {
    columns: ['time', 'model', 'calls'],
    check: (rows) => expect(totalsBy(rows, 'model', 'calls')).toEqual(countBy(callsA, modelOf)),
  },
  'spanloop-llm-overview/Latency p90 by model': {
    columns: ['time', 'model', 'p90'],
    check: (rows) => {
      for (const r of rows) {
        const own = durationsMs(callsA.filter((c) => modelOf(c) === r.model));
        expect(num(r.p90)).toBeGreaterThanOrEqual(Math.min(...own));
        expect(num(r.p90)).toBeLessThanOrEqual(Math.max(...own));
      }
    },
  },
  'spanloop-llm-overview/Time to first token p50 by model': firstTokenPanel('p50'),
  'spanloop-llm-overview/Time to first token p95 by model': firstTokenPanel('p95'),
  'spanloop-llm-overview/Tokens by type': {
    columns: ['time', 'input', 'output', 'cache_read', 'cache_write', 'reasoning'],
    check: (rows) => {
      expect(total(rows, 'input')).toBe(sumOf(callsA, (r) => r.InputTokens));
      expect(total(rows, 'output')).toBe(sumOf(callsA, (r) => r.OutputTokens));
      expect(total(rows, 'cache_read')).toBe(sumOf(callsA, (r) => r.CacheReadTokens));
      expect(total(rows, 'cache_write')).toBe(sumOf(callsA, (r) => r.CacheWriteTokens));
      expect(total(rows, 'reasoning')).toBe(sumOf(callsA, (r) => r.ReasoningTokens));
    },
  },
  'spanloop-llm-overview/Tokens by model': {
    columns: ['time', 'model', 'tokens'],
    check: (rows) => {
      expect(totalsBy(rows, 'model', 'tokens')['gpt-4o']).toBe(
        sumOf(
          callsA.filter((r) => modelOf(r) === 'gpt-4o'),
          (r) => r.TotalTokens,
        ),
      );
      expect(total(rows, 'tokens')).toBe(sumOf(callsA, (r) => r.TotalTokens));
    },
  },
  'spanloop-llm-overview/Cost by model': {
    columns: ['time', 'model', 'cost'],
    check: (rows) => {
      const byModel = totalsBy(rows, 'model', 'cost');
      expect(byModel['claude-3-5-sonnet']).toBeCloseTo(
        sumOf(
          callsA.filter((r) => modelOf(r) === 'claude-3-5-sonnet'),
          (r) => r.TotalCost,
        ),
        9,
      );
      expect(total(rows, 'cost')).toBeCloseTo(
        sumOf(callsA, (r) => r.TotalCost),
        9,
      );
    },
  },
  'spanloop-llm-overview/Tokens by prompt version': {
    columns: ['time', 'prompt', 'tokens'],
    check: (rows) => {
      const expected: Record<string, number> = {};
      for (const r of promptCalls) {
        const key = `${r.PromptKey} v${r.PromptVersion}`;
        expected[key] = (expected[key] ?? 0) + r.TotalTokens;
      }
      expect(totalsBy(rows, 'prompt', 'tokens')).toEqual(expected);
    },
  },
  'spanloop-llm-overview/Cost by prompt version': {
    columns: ['time', 'prompt', 'cost'],
    check: (rows) => {
      expect(Object.keys(totalsBy(rows, 'prompt', 'cost')).sort()).toEqual([
        'summarize v1',
        'support-answer v3',
        'support-answer v4',
      ]);
      expect(total(rows, 'cost')).toBeCloseTo(
        sumOf(promptCalls, (r) => r.TotalCost),
        9,
      );
    },
  },
  'spanloop-llm-overview/Top models': {
    columns: [
      'model',
      'provider',
      'calls',
      'errors',
      'error_rate',
      'p50_ms',
      'p90_ms',
      'p99_ms',
      'input_tokens',
      'output_tokens',
      'cache_read_tokens',
      'cache_write_tokens',
      'cost',
    ],
    check: (rows) => {
      expect(rows.map((r) => [r.model, r.provider, num(r.calls)])).toEqual([
        ['gpt-4o', 'openai', 6],
        ['claude-3-5-sonnet', 'anthropic', 4],
        ['text-embedding-3-small', 'openai', 1],
      ]);
      const gpt = rows[0] ?? {};
      expect(num(gpt.errors)).toBe(1);
      expect(num(gpt.error_rate)).toBeCloseTo(1 / 6, 9);
      expect(num(gpt.input_tokens)).toBe(600);
      expect(num(gpt.cache_read_tokens)).toBe(120);
      expect(num(gpt.cost)).toBeCloseTo(0.06, 9);
      expect(num(rows[1]?.cache_write_tokens)).toBe(120);
      expect(num(gpt.p50_ms)).toBeLessThanOrEqual(num(gpt.p99_ms));
    },
  },
  'spanloop-llm-overview/Prompt versions': {
    columns: ['prompt_key', 'prompt_version', 'calls', 'errors', 'p90_ms', 'tokens', 'cost', 'cost_per_call'],
    check: (rows) => {
      expect(rows.map((r) => [r.prompt_key, r.prompt_version, num(r.calls), num(r.errors)])).toEqual([
        ['summarize', '1', 4, 0],
        ['support-answer', '3', 3, 0],
        ['support-answer', '4', 3, 1],
      ]);
      expect(num(rows[0]?.cost_per_call)).toBeCloseTo(0.02, 9);
    },
  },
  'spanloop-llm-overview/Recent failed model calls': {
    columns: ['time', 'trace_id', 'service', 'span_name', 'model', 'status_message', 'duration_ms'],
    check: (rows) => {
      expect(rows.map((r) => [r.trace_id, r.model, r.status_message])).toEqual(
        errorsA.map((r) => [r.TraceId, modelOf(r), r.StatusMessage]),
      );
    },
  },
  'spanloop-llm-overview/Evaluation score by evaluator': {
    columns: ['time', 'evaluator', 'score'],
    check: (rows) => {
      expect(rows.map((r) => [r.evaluator, num(r.score)])).toEqual([
        ['relevance', 0.8],
        ['toxicity', 0.1],
        ['relevance', 0.6],
      ]);
    },
  },
  'spanloop-llm-overview/Evaluators': {
    columns: ['evaluator', 'results', 'avg_score', 'min_score', 'max_score'],
    check: (rows) => {
      expect(rows.map((r) => [r.evaluator, num(r.results), num(r.min_score), num(r.max_score)])).toEqual([
        ['relevance', 2, 0.6, 0.8],
        ['toxicity', 1, 0.1, 0.1],
      ]);
      expect(num(rows[0]?.avg_score)).toBeCloseTo(0.7, 9);
    },
  },
  'spanloop-service-overview/Requests by service': {
    columns: ['time', 'service', 'requests'],
    check: (rows) =>
      expect(totalsBy(rows, 'service', 'requests')).toEqual(countBy(spansA, (r) => r.ServiceName)),
  },
  'spanloop-service-overview/Errors by service': {
    columns: ['time', 'service', 'errors'],
    check: (rows) => {
      const expected: Record<string, number> = {};
      for (const r of spansA)
        expected[r.ServiceName] = (expected[r.ServiceName] ?? 0) + Number(r.StatusCode === 'Error');
      expect(totalsBy(rows, 'service', 'errors')).toEqual(expected);
    },
  },
  'spanloop-service-overview/Error rate by service': {
    columns: ['time', 'service', 'error_rate'],
    check: (rows) => {
      expect(rows.filter((r) => num(r.error_rate) > 0).length).toBeGreaterThan(0);
      for (const r of rows) expect(num(r.error_rate)).toBeLessThanOrEqual(1);
    },
  },
  'spanloop-service-overview/Latency p50 / p90 / p99': {
    columns: ['time', 'p50', 'p90', 'p99'],
    check: (rows) => {
      for (const r of rows) expect(num(r.p50)).toBeLessThanOrEqual(num(r.p99));
      expect(Math.max(...rows.map((r) => num(r.p99)))).toBeLessThanOrEqual(Math.max(...durationsMs(spansA)));
    },
  },
  'spanloop-service-overview/Latency p90 by service': {
    columns: ['time', 'service', 'p90'],
    check: (rows) => {
      expect(new Set(rows.map((r) => r.service))).toEqual(new Set(spansA.map((r) => r.ServiceName)));
    },
  },
  'spanloop-service-overview/Requests by span name': {
    columns: ['time', 'operation', 'requests'],
    check: (rows) =>
      expect(totalsBy(rows, 'operation', 'requests')).toEqual(
        countBy(spansA, (r) => `${r.ServiceName}: ${r.SpanName}`),
      ),
  },
  'spanloop-service-overview/Latency p90 by span name': {
    columns: ['time', 'operation', 'p90'],
    check: (rows) => {
      for (const r of rows.filter((x) => x.operation === 'retriever: vector.search')) {
        expect(num(r.p90)).toBeGreaterThanOrEqual(30);
        expect(num(r.p90)).toBeLessThanOrEqual(70);
      }
    },
  },
  'spanloop-service-overview/Operations': {
    columns: ['service', 'span_name', 'requests', 'errors', 'error_rate', 'p50_ms', 'p90_ms', 'p99_ms'],
    check: (rows) => {
      const got: Record<string, number> = {};
      for (const r of rows) got[`${String(r.service)}/${String(r.span_name)}`] = num(r.requests);
      expect(got).toEqual(countBy(spansA, (r) => `${r.ServiceName}/${r.SpanName}`));
      expect(num(rows[0]?.requests)).toBe(Math.max(...Object.values(got)));
    },
  },
  'spanloop-service-overview/Recent errors': {
    columns: ['time', 'trace_id', 'service', 'span_name', 'status_message', 'duration_ms'],
    check: (rows) => {
      expect(new Set(rows.map((r) => r.trace_id))).toEqual(
        new Set(spansA.filter((r) => r.StatusCode === 'Error').map((r) => r.TraceId)),
      );
    },
  },
};

const dashboards = readDashboards();
const queryPanels = dashboards.flatMap(({ dashboard }) =>
  dashboard.panels
    .filter((p) => p.type !== 'row')
    .map((panel) => ({ key: `${dashboard.uid}/${panel.title}`, panel })),
);
const sqlOf = (panel: Panel): string => panel.targets?.[0]?.rawSql ?? '';

describe('Grafana dashboards over the span table', () => {
  it('ships the LLM and service overviews, each with a workspace variable', () => {
    expect(dashboards.map((d) => d.dashboard.uid).sort()).toEqual([
      'spanloop-llm-overview',
      'spanloop-service-overview',
    ]);
    for (const { dashboard } of dashboards) {
      const workspace = dashboard.templating.list.find((v) => v.name === 'workspace');
      expect(workspace?.datasource?.type).toBe(CLICKHOUSE_PLUGIN);
      for (const { panel } of queryPanels.filter((q) => q.key.startsWith(`${dashboard.uid}/`))) {
        expect(sqlOf(panel), panel.title).toMatch(/WorkspaceId IN \(\$\{workspace:singlequote\}\)/);
      }
    }
  });

  it('gives every panel one ClickHouse SQL query, a unique id and a place on the grid', () => {
    for (const { dashboard } of dashboards) {
      const ids = dashboard.panels.map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      const titles = dashboard.panels.map((p) => p.title);
      expect(new Set(titles).size, dashboard.uid).toBe(titles.length);
      for (const p of dashboard.panels) {
        expect(p.gridPos.x + p.gridPos.w, p.title).toBeLessThanOrEqual(24);
        if (p.type === 'row') continue;
        expect(p.datasource?.type, p.title).toBe(CLICKHOUSE_PLUGIN);
        expect(p.targets, p.title).toHaveLength(1);
        expect(p.targets?.[0]?.format, p.title).toBe(p.type === 'timeseries' ? 0 : 1);
        expect(sqlOf(p), p.title).toContain('$__timeFilter(Timestamp)');
      }
    }
    expect(queryPanels.map((q) => q.key).sort()).toEqual(Object.keys(expectations).sort());
  });

  for (const { key, panel } of queryPanels) {
    it(`${key}: runs with Grafana's macros expanded and shows the seeded numbers`, async () => {
      const expectation = expectations[key];
      if (expectation === undefined) throw new Error(`no expectation for ${key}`);
      const ctx = context(['ws-a']);
      const sql = expandPanelSql(sqlOf(panel), ctx);
      expect(sql).not.toMatch(/\$__|\$\{|\[\[/);
      const described = (await executor.query(`DESCRIBE TABLE (${sql})`)) as { name: string; type: string }[];
      expect(described.map((c) => c.name)).toEqual(expectation.columns);
      if (panel.type === 'timeseries') expect(described[0]?.type).toMatch(/^DateTime/);
      const rows = await run(sqlOf(panel), ctx);
      expect(rows.length, key).toBeGreaterThan(0);
      if (panel.type === 'timeseries') {
        // Epoch seconds from the engine, so the check does not depend on the session's time zone.
        const buckets = (await executor.query(`SELECT toUnixTimestamp(time) AS t FROM (${sql})`)) as {
          t: number;
        }[];
        const times = buckets.map((b) => Number(b.t) * 1000);
        expect(times).toEqual([...times].sort((a, b) => a - b));
        for (const t of times) {
          expect(t % INTERVAL_MS).toBe(0);
          expect(t).toBeGreaterThanOrEqual(seedWindow.fromMs);
          expect(t).toBeLessThanOrEqual(seedWindow.toMs);
        }
      }
      expectation.check(rows);
    });
  }

  it('shows nothing for a workspace without spans', async () => {
    for (const { key, panel } of queryPanels) {
      const rows = await run(sqlOf(panel), context(['nobody']));
      if (panel.type !== 'stat') {
        expect(rows, key).toEqual([]);
        continue;
      }
      expect(rows, key).toHaveLength(1);
      const value = num(Object.values(rows[0] ?? {})[0]);
      expect(value === 0 || Number.isNaN(value), key).toBe(true);
    }
  });

  it('adds the workspaces selected together, and All means every workspace', async () => {
    const calls = queryPanels.find((q) => q.key === 'spanloop-llm-overview/Model calls');
    if (calls === undefined) throw new Error('Model calls panel is missing');
    const inB = seeded.filter((r) => r.WorkspaceId === 'ws-b' && inWindow(r)).length;
    for (const selection of [['ws-a', 'ws-b'], ['$__all']]) {
      const rows = await run(sqlOf(calls.panel), context(selection));
      expect(num(rows[0]?.calls)).toBe(callsA.length + inB);
    }
  });

  it('filters the service overview by the service variable', async () => {
    const requests = queryPanels.find((q) => q.key === 'spanloop-service-overview/Requests by service');
    if (requests === undefined) throw new Error('Requests by service panel is missing');
    const rows = await run(sqlOf(requests.panel), context(['ws-a'], ['retriever']));
    expect(totalsBy(rows, 'service', 'requests')).toEqual({
      retriever: spansA.filter((r) => r.ServiceName === 'retriever').length,
    });
  });

  it('lists workspaces and services for the variables', async () => {
    const variables = dashboards.flatMap(({ dashboard }) => dashboard.templating.list);
    const listed = async (name: string): Promise<unknown[]> => {
      const sql = variableSql(variables.find((v) => v.name === name) ?? { name, type: 'query' });
      if (sql === undefined) throw new Error(`variable ${name} has no query`);
      return (await run(sql, context(['ws-a']))).map((r) => Object.values(r)[0]);
    };
    expect(await listed('workspace')).toEqual(['ws-a', 'ws-b']);
    expect(await listed('service')).toEqual(['chat-api', 'evals', 'retriever']);
  });
});
