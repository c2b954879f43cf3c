import type { AttributeValue, StoredSpan, TypedAttributes } from '../../schemas/stored-span';
import { groupByResource, SPAN_KIND_NUMBER, STATUS_CODE_NUMBER } from './otlp-groups';

export type OtlpAnyValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: string }
  | { doubleValue: number | string }
  | { arrayValue: { values: OtlpAnyValue[] } }
  | { kvlistValue: { values: OtlpKeyValue[] } }
  | Record<string, never>;
export interface OtlpKeyValue {
  key: string;
  value: OtlpAnyValue;
}

/** An attribute value in OTLP JSON (64-bit ints as strings, non-finite doubles spelled out). */
export function otlpJsonValue(value: AttributeValue): OtlpAnyValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number')
    return Number.isSafeInteger(value)
      ? { intValue: String(value) }
      : { doubleValue: Number.isFinite(value) ? value : String(value) };
  if (value === null) return {};
  if (Array.isArray(value)) return { arrayValue: { values: value.map(otlpJsonValue) } };
  return { kvlistValue: { values: otlpJsonAttributes(value) } };
}

export const otlpJsonAttributes = (attributes: TypedAttributes): OtlpKeyValue[] =>
  Object.entries(attributes).map(([key, value]) => ({ key, value: otlpJsonValue(value) }));

const spanJson = (span: StoredSpan) => ({
  traceId: span.traceId,
  spanId: span.spanId,
  ...(span.traceState === '' ? {} : { traceState: span.traceState }),
  ...(span.parentSpanId === '' ? {} : { parentSpanId: span.parentSpanId }),
  name: span.name,
  kind: SPAN_KIND_NUMBER[span.kind] ?? 0,
  startTimeUnixNano: span.startTimeUnixNano,
  endTimeUnixNano: span.endTimeUnixNano,
  attributes: otlpJsonAttributes(span.attributes),
  events: span.events.map((e) => ({
    timeUnixNano: e.timeUnixNano,
    name: e.name,
    attributes: otlpJsonAttributes(e.attributes),
  })),
  links: span.links.map((l) => ({
    traceId: l.traceId,
    spanId: l.spanId,
    ...(l.traceState === '' ? {} : { traceState: l.traceState }),
    attributes: otlpJsonAttributes(l.attributes),
  })),
  status: {
    code: STATUS_CODE_NUMBER[span.statusCode] ?? 0,
    ...(span.statusMessage === '' ? {} : { message: span.statusMessage }),
  },
});

/** OTLP JSON `resourceSpans` (hex ids, as the OTLP JSON encoding specifies). */
export const otlpJsonResourceSpans = (spans: readonly StoredSpan[]) =>
  groupByResource(spans).map((resource) => ({
    resource: { attributes: otlpJsonAttributes(resource.attributes) },
    scopeSpans: resource.scopes.map((scope) => ({
      scope: { name: scope.name, version: scope.version },
      spans: scope.spans.map(spanJson),
    })),
  }));
