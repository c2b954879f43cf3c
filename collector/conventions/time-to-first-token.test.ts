import { describe, expect, it } from 'vitest';
import { mapLlmFields } from './map-llm-fields';
import { attrs, makeSpan, type PlainValue } from './span-factory';

const noResource = attrs();
const START_NS = 1_718_000_000_000_000_000n;
const START_US = Number(START_NS / 1000n);

const ttft = (attributes: Record<string, PlainValue>): number =>
  mapLlmFields(makeSpan({ startTimeUnixNano: START_NS, attributes }), noResource).timeToFirstTokenNs;

describe('time to first token', () => {
  it('reads each convention in its own unit and stores whole nanoseconds', () => {
    expect(ttft({ 'ai.operationId': 'ai.streamText.doStream', 'ai.response.msToFirstChunk': 812.4 })).toBe(
      812_400_000,
    );
    expect(ttft({ 'gen_ai.response.time_to_first_chunk': 1.5 })).toBe(1_500_000_000);
    expect(ttft({ 'gen_ai.server.time_to_first_token': 0.000_000_000_4 })).toBe(0);
    expect(ttft({ 'gen_ai.server.time_to_first_token': 0.25 })).toBe(250_000_000);
    expect(ttft({ 'gen_ai.response.time_to_first_token': 2 })).toBe(2_000_000_000);
    expect(ttft({ model_name: 'gpt-4o', latency_first_resp: 412_000 })).toBe(412_000_000);
    // The attribute alone is enough to recognise a Cozeloop span.
    expect(ttft({ latency_first_resp: '7' })).toBe(7_000);
    expect(ttft({ start_time_first_resp: START_US + 90_001 })).toBe(90_001_000);
    expect(ttft({ 'cozeloop.time_to_first_token': START_US })).toBe(0);
  });

  it('leaves spans of conventions without the notion, and spans without the attribute, at 0', () => {
    expect(ttft({ 'llm.token_count.prompt': 10, 'openinference.span.kind': 'LLM' })).toBe(0);
    expect(ttft({ 'traceloop.span.kind': 'task', 'gen_ai.request.model': 'gpt-4o' })).toBe(0);
    expect(ttft({ 'http.method': 'GET', 'ai.response.msToFirstChunk': 5 })).toBe(5_000_000);
    expect(ttft({ 'http.method': 'GET', time_to_first_token: 5 })).toBe(0);
  });

  it('treats garbage as not reported and falls through to the next source instead of failing', () => {
    for (const bad of ['NaN', 'soon', '-5', '-0.1', 'Infinity', '1e400', '1e300', '0x', ' ']) {
      expect({ bad, ns: ttft({ 'gen_ai.response.time_to_first_chunk': bad }) }).toEqual({ bad, ns: 0 });
      expect({ bad, ns: ttft({ 'ai.response.msToFirstChunk': bad }) }).toEqual({ bad, ns: 0 });
      expect({ bad, ns: ttft({ 'cozeloop.time_to_first_token': bad }) }).toEqual({ bad, ns: 0 });
    }
    expect(
      ttft({ 'gen_ai.response.time_to_first_chunk': 'NaN', 'gen_ai.server.time_to_first_token': 0.5 }),
    ).toBe(500_000_000);
  });

  it('refuses values beyond the safe-integer range of nanoseconds rather than storing a rounded one', () => {
    // 2^53 ns is about 104 days: a larger first-token delay is a unit mistake, not a measurement.
    expect(ttft({ 'gen_ai.response.time_to_first_chunk': 9_007_200 })).toBe(0);
    expect(ttft({ 'gen_ai.response.time_to_first_chunk': 9_007_199 })).toBe(9_007_199_000_000_000);
    expect(ttft({ latency_first_resp: 1e25 })).toBe(0);
    expect(Number.isSafeInteger(ttft({ 'ai.response.msToFirstChunk': 0.123_456_789_1 }))).toBe(true);
  });

  it('measures epoch first-token times from the span start, refusing times before it', () => {
    expect(ttft({ 'cozeloop.time_to_first_token': START_US - 1 })).toBe(0);
    // A time before the start falls through to the SDK's own latency.
    expect(ttft({ 'cozeloop.time_to_first_token': START_US - 1, latency_first_resp: 300 })).toBe(300_000);
    // A fractional epoch time is scaled in floating point, still to whole nanoseconds.
    const fractional = ttft({ start_time_first_resp: START_US + 250.5 });
    expect(Number.isSafeInteger(fractional)).toBe(true);
    expect(Math.abs(fractional - 250_500)).toBeLessThanOrEqual(512);
    expect(ttft({ start_time_first_resp: 1e40 })).toBe(0);
    // A duration sent where an epoch time belongs lies before the span start: not reported.
    expect(ttft({ 'cozeloop.time_to_first_token': 350_000 })).toBe(0);
  });
});
