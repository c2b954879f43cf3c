import type { DecodedSpan } from '../schemas/otlp-model';

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);
/** Spans may start at most this far in the future (clock skew), so partitions stay sane. */
const MAX_FUTURE_NS = 24n * 3600n * 1_000_000_000n;

export const isTraceId = (id: string): boolean => TRACE_ID.test(id) && id !== ZERO_TRACE_ID;
export const isSpanId = (id: string): boolean => SPAN_ID.test(id) && id !== ZERO_SPAN_ID;

/** Why a span cannot be stored: a stable reason (a metric label) and a message for the client. */
export interface SpanProblem {
  reason:
    | 'invalid_trace_id'
    | 'invalid_span_id'
    | 'invalid_parent_span_id'
    | 'missing_start_time'
    | 'end_before_start'
    | 'start_in_future'
    | 'invalid_link';
  message: string;
}

const problem = (reason: SpanProblem['reason'], message: string): SpanProblem => ({ reason, message });

/** Why a span cannot be stored, or undefined when it can. Ids are already lower-cased by the decoders. */
export function spanProblem(span: DecodedSpan, nowNs: bigint): SpanProblem | undefined {
  if (!isTraceId(span.traceId)) {
    return problem(
      'invalid_trace_id',
      `invalid trace id "${span.traceId.slice(0, 64)}" (want 16 non-zero bytes, hex)`,
    );
  }
  if (!isSpanId(span.spanId)) {
    return problem(
      'invalid_span_id',
      `invalid span id "${span.spanId.slice(0, 64)}" (want 8 non-zero bytes, hex)`,
    );
  }
  if (span.parentSpanId !== '' && span.parentSpanId !== ZERO_SPAN_ID && !SPAN_ID.test(span.parentSpanId)) {
    return problem('invalid_parent_span_id', `invalid parent span id "${span.parentSpanId.slice(0, 64)}"`);
  }
  if (span.startTimeUnixNano <= 0n) return problem('missing_start_time', 'missing start time');
  if (span.endTimeUnixNano < span.startTimeUnixNano)
    return problem('end_before_start', 'end time before start time');
  if (span.startTimeUnixNano > nowNs + MAX_FUTURE_NS) {
    return problem('start_in_future', 'start time more than 24h in the future');
  }
  for (const link of span.links) {
    if (!isTraceId(link.traceId) || !isSpanId(link.spanId)) {
      return problem('invalid_link', 'link with an invalid trace or span id');
    }
  }
  return undefined;
}
