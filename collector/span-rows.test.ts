import { describe, expect, it } from 'vitest';
import type { LlmFields } from '../schemas/llm-fields';
import type { DecodedExportRequest, DecodedSpan } from '../schemas/otlp-model';
import { emptyLlmFields } from './conventions';
import { nsToDateTime64, toSpanRows, type SpanRowsDeps } from './span-rows';

const NOW = 1_760_000_000_000_000_000n;

const span = (overrides: Partial<DecodedSpan> = {}): DecodedSpan => ({
  traceId: 'ab'.repeat(16),
  spanId: 'cd'.repeat(8),
  parentSpanId: '',
  traceState: '',
  name: 'op',
  kind: 3,
  startTimeUnixNano: NOW - 1_000n,
  endTimeUnixNano: NOW,
  attributes: { values: {}, types: {} },
  events: [],
  links: [],
  statusCode: 2,
  statusMessage: 'bad',
  ...overrides,
});

const request = (...spans: DecodedSpan[]): DecodedExportRequest => ({
  resourceSpans: [
    {
      resource: { values: { 'service.name': 'svc' }, types: {} },
      scopeSpans: [{ scopeName: 'scope', scopeVersion: '1', spans }],
    },
  ],
});

const deps = (llm: Partial<LlmFields> = {}): SpanRowsDeps => ({
  workspaceId: 'ws',
  nowNs: NOW,
  maxAttributeBytes: 16,
  mapLlm: () => ({ ...emptyLlmFields(), ...llm }),
  cost: (model, usage) => {
    const price = prices[model];
    if (price === undefined) return undefined;
    const inputCost = price.input * usage.inputTokens;
    const outputCost = price.output * usage.outputTokens;
    return { inputCost, outputCost, totalCost: inputCost + outputCost };
  },
});

/** Per-token prices of a stub table: each model's differ, so a cost shows which model was priced. */
const prices: Record<string, { input: number; output: number }> = {
  'gpt-4o': { input: 10, output: 20 },
  'gpt-4o-2024-08-06': { input: 1, output: 2 },
  'gpt-4o-mini': { input: 100, output: 200 },
};

describe('span rows', () => {
  it('writes exact nanosecond times', () => {
    expect(nsToDateTime64(1_760_000_000_123_456_789n)).toBe('1760000000.123456789');
    expect(nsToDateTime64(5n)).toBe('0.000000005');
  });

  it('maps kind, status, service and the resource onto the row', () => {
    const { rows, rejected, message } = toSpanRows(request(span()), deps());
    expect(rejected).toBe(0);
    expect(message).toBe('');
    expect(rows[0]).toMatchObject({
      WorkspaceId: 'ws',
      SpanKind: 'Client',
      StatusCode: 'Error',
      ServiceName: 'svc',
      ScopeName: 'scope',
      Duration: 1000,
    });
  });

  it('rejects invalid spans, keeps the rest, and says why', () => {
    const { rows, rejected, message } = toSpanRows(
      request(
        span(),
        span({ traceId: 'zz' }),
        span({ spanId: '00'.repeat(8) }),
        span({ endTimeUnixNano: 1n }),
        span({
          startTimeUnixNano: NOW + 2n * 86_400_000_000_000n,
          endTimeUnixNano: NOW + 2n * 86_400_000_000_000n,
        }),
        span({
          links: [{ traceId: 'x', spanId: 'y', traceState: '', attributes: { values: {}, types: {} } }],
        }),
      ),
      deps(),
    );
    expect(rows).toHaveLength(1);
    expect(rejected).toBe(5);
    expect(message).toMatch(/^5 span\(s\) rejected: invalid trace id/);
    expect(
      toSpanRows(request(span({ traceId: 'zz' }), span({ endTimeUnixNano: 1n })), deps()).rejections,
    ).toEqual({
      invalid_trace_id: 1,
      end_before_start: 1,
    });
  });

  it('truncates long values and reports it as a warning', () => {
    const long = span({ attributes: { values: { big: 'x'.repeat(40), small: 'ok' }, types: {} } });
    const { rows, rejected, message } = toSpanRows(request(long), deps());
    expect(rejected).toBe(0);
    expect(rows[0]?.SpanAttributes).toEqual({ big: 'x'.repeat(16), small: 'ok' });
    expect(message).toBe('1 attribute value(s) truncated to 16 bytes');
  });

  it('prices model calls only, and prefers a cost the span carried', () => {
    const usage = { inputTokens: 3, outputTokens: 4 };
    const row = (llm: Partial<LlmFields>) => toSpanRows(request(span()), deps({ ...usage, ...llm })).rows[0];
    const priced = (llm: Partial<LlmFields>) => row(llm)?.TotalCost;
    expect(row({ spanType: 'llm', requestModel: 'gpt-4o' })).toMatchObject({
      InputCost: 30,
      OutputCost: 80,
      TotalCost: 110,
    });
    expect(priced({ spanType: 'llm', requestModel: 'gpt-4o-mini' })).toBe(1100);
    expect(priced({ spanType: 'chain', requestModel: 'gpt-4o' })).toBe(0);
    expect(priced({ spanType: 'llm', requestModel: 'unpriced-model' })).toBe(0);
    expect(priced({ spanType: 'llm', reportedCost: 0.5 })).toBe(0.5);
  });

  it('prices the model that answered (the response model) over the one asked for', () => {
    const priced = (llm: Partial<LlmFields>) =>
      toSpanRows(request(span()), deps({ spanType: 'llm', inputTokens: 3, outputTokens: 4, ...llm })).rows[0]
        ?.TotalCost;
    expect(priced({ requestModel: 'gpt-4o', responseModel: 'gpt-4o-2024-08-06' })).toBe(11);
    expect(priced({ requestModel: 'gpt-4o-mini', responseModel: 'gpt-4o' })).toBe(110);
    expect(priced({ requestModel: '', responseModel: 'gpt-4o-mini' })).toBe(1100);
  });
});
