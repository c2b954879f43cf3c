import { describe, expect, it } from 'vitest';
import type { StoredSpan } from '../api/types';
import { buildTraceModel, visibleRows } from './trace-model';

const BASE = 1_700_000_000_000_000_000n;

const makeSpan = (spanId: string, parentSpanId: string, startMs: number, durationMs = 1): StoredSpan => {
  const start = BASE + BigInt(startMs) * 1_000_000n;
  const duration = BigInt(durationMs) * 1_000_000n;
  return {
    traceId: 'a'.repeat(32),
    spanId,
    parentSpanId,
    traceState: '',
    name: `op-${spanId}`,
    kind: 'Internal',
    serviceName: 'svc',
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(start + duration),
    durationNs: String(duration),
    statusCode: 'Unset',
    statusMessage: '',
    attributes: {},
    resourceAttributes: {},
    scopeName: '',
    scopeVersion: '',
    events: [],
    links: [],
    llm: {
      spanType: 'other',
      provider: '',
      requestModel: '',
      responseModel: '',
      input: [],
      output: [],
      inputTokens: 0,
      outputTokens: 0,
      totalTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      inputCost: 0,
      outputCost: 0,
      totalCost: 0,
      sessionId: '',
      userId: '',
      promptKey: '',
      promptVersion: '',
    },
  };
};

const ids = (rows: { span: StoredSpan }[]) => rows.map((r) => r.span.spanId);

describe('the trace model', () => {
  it('nests children in start order, with offsets from the trace start', () => {
    const model = buildTraceModel([
      makeSpan('c2', 'r', 30),
      makeSpan('r', '', 0, 100),
      makeSpan('c1', 'r', 10, 5),
    ]);
    expect(ids(visibleRows(model, new Set()))).toEqual(['r', 'c1', 'c2']);
    expect(model.byId.get('c1')).toMatchObject({ depth: 1, offsetMs: 10, durationMs: 5 });
    expect(model.durationMs).toBe(100);
    expect(ids(visibleRows(model, new Set(['r'])))).toEqual(['r']);
  });

  it('makes spans with a missing parent roots and cuts a parent cycle, keeping every span once', () => {
    const model = buildTraceModel([
      makeSpan('r', '', 0),
      makeSpan('orphan', 'gone', 5),
      makeSpan('x', 'y', 10),
      makeSpan('y', 'x', 11),
    ]);
    const rows = ids(visibleRows(model, new Set()));
    expect(rows.sort()).toEqual(['orphan', 'r', 'x', 'y']);
    expect(model.roots.map((r) => r.span.spanId)).toEqual(['r', 'orphan', 'x']);
    expect(model.byId.get('y')?.depth).toBe(1);
  });

  it('builds a 10,000-span trace, 5,000 deep, quickly and without exhausting the stack', () => {
    const spans = [makeSpan('s0', '', 0, 20_000)];
    for (let i = 1; i < 10_000; i++) spans.push(makeSpan(`s${i}`, i < 5000 ? `s${i - 1}` : 's0', i));
    const started = performance.now();
    const model = buildTraceModel(spans);
    const rows = visibleRows(model, new Set());
    expect(performance.now() - started).toBeLessThan(1000);
    expect(rows).toHaveLength(10_000);
    expect(model.byId.get('s4999')?.depth).toBe(4999);
  });
});
