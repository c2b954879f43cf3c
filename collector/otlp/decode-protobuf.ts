import { AppError } from '../../core/app-error';
import { err, ok } from '../../core/result';
import type { Result } from '../../core/result';
import type {
  DecodedEvent,
  DecodedExportRequest,
  DecodedLink,
  DecodedResourceSpans,
  DecodedScopeSpans,
  DecodedSpan,
} from '../../schemas/otlp-model';
import { newAttributes } from './attributes';
import { tooManySpans, type DecodeLimits } from './decode-limits';
import { readKeyValue } from './protobuf-attributes';
import { ProtoReader, WIRE_I32, WIRE_I64, WIRE_LEN, WIRE_VARINT, WireError } from './proto-reader';

// Expected wire type per field number (-1: no such field), from opentelemetry-proto trace/v1 and common/v1.
const V = WIRE_VARINT;
const L = WIRE_LEN;
const REQUEST_WIRE = [-1, L];
const RESOURCE_SPANS_WIRE = [-1, L, L, L];
const RESOURCE_WIRE = [-1, L, V];
const SCOPE_SPANS_WIRE = [-1, L, L, L];
const SCOPE_WIRE = [-1, L, L, L, V];
const SPAN_WIRE = [-1, L, L, L, L, L, V, WIRE_I64, WIRE_I64, L, V, L, V, L, V, L, WIRE_I32];
const EVENT_WIRE = [-1, WIRE_I64, L, L, V];
const LINK_WIRE = [-1, L, L, L, L, V, WIRE_I32];
const STATUS_WIRE = [-1, -1, L, V];

/**
 * Decodes an OTLP ExportTraceServiceRequest in proto3 binary form. Never throws on malformed input.
 *
 * @example
 * const r = decodeProtobufExportRequest(body);
 * if (!r.ok) return reply(r.error); // AppError('invalid_argument', 'invalid protobuf: … at byte 17')
 */
export function decodeProtobufExportRequest(
  bytes: Uint8Array,
  limits: DecodeLimits = {},
): Result<DecodedExportRequest> {
  const r = new ProtoReader(bytes);
  const budget = { spansLeft: limits.maxSpans ?? Infinity };
  try {
    return ok(readRequest(r, bytes.byteLength, budget));
  } catch (e) {
    if (e instanceof WireError) return err(new AppError('invalid_argument', e.message));
    if (e instanceof SpanLimitReached) return err(tooManySpans(limits.maxSpans ?? 0));
    throw e;
  }
}

/** Spans the request may still hold; one more throws SpanLimitReached, so decoding stops at once. */
interface SpanBudget {
  spansLeft: number;
}

class SpanLimitReached extends Error {}

function readRequest(r: ProtoReader, end: number, budget: SpanBudget): DecodedExportRequest {
  const resourceSpans: DecodedResourceSpans[] = [];
  while (r.pos < end) {
    const tag = r.tag(end);
    if (tag === 10) {
      const sub = r.sub(end);
      resourceSpans.push(readResourceSpans(r, sub, budget));
    } else {
      r.skip(tag, end, REQUEST_WIRE, 'ExportTraceServiceRequest');
    }
  }
  return { resourceSpans };
}

function readResourceSpans(r: ProtoReader, end: number, budget: SpanBudget): DecodedResourceSpans {
  const out: DecodedResourceSpans = { resource: newAttributes(), scopeSpans: [] };
  while (r.pos < end) {
    const tag = r.tag(end);
    if (tag === 18) {
      const sub = r.sub(end);
      out.scopeSpans.push(readScopeSpans(r, sub, budget));
    } else if (tag === 10) {
      // A repeated singular message merges, so a second Resource adds its attributes to the first.
      const sub = r.sub(end);
      while (r.pos < sub) {
        const rtag = r.tag(sub);
        if (rtag === 10) {
          const kvEnd = r.sub(sub);
          readKeyValue(r, kvEnd, out.resource);
        } else {
          r.skip(rtag, sub, RESOURCE_WIRE, 'Resource');
        }
      }
    } else {
      r.skip(tag, end, RESOURCE_SPANS_WIRE, 'ResourceSpans');
    }
  }
  return out;
}

function readScopeSpans(r: ProtoReader, end: number, budget: SpanBudget): DecodedScopeSpans {
  const out: DecodedScopeSpans = { scopeName: '', scopeVersion: '', spans: [] };
  while (r.pos < end) {
    const tag = r.tag(end);
    if (tag === 18) {
      if (--budget.spansLeft < 0) throw new SpanLimitReached();
      const sub = r.sub(end);
      out.spans.push(readSpan(r, sub));
    } else if (tag === 10) {
      const sub = r.sub(end);
      while (r.pos < sub) {
        const stag = r.tag(sub);
        if (stag === 10) out.scopeName = r.string(sub);
        else if (stag === 18) out.scopeVersion = r.string(sub);
        else r.skip(stag, sub, SCOPE_WIRE, 'InstrumentationScope');
      }
    } else {
      r.skip(tag, end, SCOPE_SPANS_WIRE, 'ScopeSpans');
    }
  }
  return out;
}

function readSpan(r: ProtoReader, end: number): DecodedSpan {
  const span: DecodedSpan = {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    traceState: '',
    name: '',
    kind: 0,
    startTimeUnixNano: 0n,
    endTimeUnixNano: 0n,
    attributes: newAttributes(),
    events: [],
    links: [],
    statusCode: 0,
    statusMessage: '',
  };
  while (r.pos < end) {
    const tag = r.tag(end);
    switch (tag) {
      case 10:
        span.traceId = r.hex(end);
        break;
      case 18:
        span.spanId = r.hex(end);
        break;
      case 26:
        span.traceState = r.string(end);
        break;
      case 34:
        span.parentSpanId = r.hex(end);
        break;
      case 42:
        span.name = r.cachedString(end);
        break;
      case 48:
        span.kind = r.int32(end);
        break;
      case 57:
        span.startTimeUnixNano = r.fixed64(end);
        break;
      case 65:
        span.endTimeUnixNano = r.fixed64(end);
        break;
      case 74: {
        const sub = r.sub(end);
        readKeyValue(r, sub, span.attributes);
        break;
      }
      case 90: {
        const sub = r.sub(end);
        span.events.push(readEvent(r, sub));
        break;
      }
      case 106: {
        const sub = r.sub(end);
        span.links.push(readLink(r, sub));
        break;
      }
      case 122: {
        const sub = r.sub(end);
        readStatus(r, sub, span);
        break;
      }
      default:
        r.skip(tag, end, SPAN_WIRE, 'Span');
    }
  }
  return span;
}

function readEvent(r: ProtoReader, end: number): DecodedEvent {
  const event: DecodedEvent = { timeUnixNano: 0n, name: '', attributes: newAttributes() };
  while (r.pos < end) {
    const tag = r.tag(end);
    if (tag === 26) {
      const sub = r.sub(end);
      readKeyValue(r, sub, event.attributes);
    } else if (tag === 9) {
      event.timeUnixNano = r.fixed64(end);
    } else if (tag === 18) {
      event.name = r.string(end);
    } else {
      r.skip(tag, end, EVENT_WIRE, 'Span.Event');
    }
  }
  return event;
}

function readLink(r: ProtoReader, end: number): DecodedLink {
  const link: DecodedLink = { traceId: '', spanId: '', traceState: '', attributes: newAttributes() };
  while (r.pos < end) {
    const tag = r.tag(end);
    if (tag === 10) {
      link.traceId = r.hex(end);
    } else if (tag === 18) {
      link.spanId = r.hex(end);
    } else if (tag === 26) {
      link.traceState = r.string(end);
    } else if (tag === 34) {
      const sub = r.sub(end);
      readKeyValue(r, sub, link.attributes);
    } else {
      r.skip(tag, end, LINK_WIRE, 'Span.Link');
    }
  }
  return link;
}

function readStatus(r: ProtoReader, end: number, span: DecodedSpan): void {
  while (r.pos < end) {
    const tag = r.tag(end);
    if (tag === 24) span.statusCode = r.int32(end);
    else if (tag === 18) span.statusMessage = r.string(end);
    else r.skip(tag, end, STATUS_WIRE, 'Status');
  }
}
