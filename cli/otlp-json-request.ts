// Test support: OTLP/JSON export requests built by hand, for exact times, ids and values.
import { randomBytes } from 'node:crypto';

export const hexId = (bytes: number): string => randomBytes(bytes).toString('hex');

/** An OTLP AnyValue given directly, for types a JS value cannot pick (a double that is a whole number). */
export type AnyValue = Record<string, unknown>;
export type AttributeInput = string | number | boolean | string[] | { anyValue: AnyValue };

const anyValue = (v: AttributeInput): AnyValue => {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map((s) => ({ stringValue: s })) } };
  return v.anyValue;
};

export const attributes = (attrs: Record<string, AttributeInput> = {}) =>
  Object.entries(attrs).map(([key, value]) => ({ key, value: anyValue(value) }));

export interface JsonSpanInput {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  name?: string;
  /** OTLP enum: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind?: number;
  startNs: bigint;
  durationNs?: bigint;
  attributes?: Record<string, AttributeInput>;
  /** OTLP enum: 0 unset, 1 ok, 2 error. */
  status?: { code: number; message?: string };
  events?: { timeNs: bigint; name: string; attributes?: Record<string, AttributeInput> }[];
  links?: { traceId: string; spanId: string }[];
}

export const jsonSpan = (s: JsonSpanInput) => ({
  traceId: s.traceId ?? hexId(16),
  spanId: s.spanId ?? hexId(8),
  parentSpanId: s.parentSpanId ?? '',
  name: s.name ?? 'op',
  kind: s.kind ?? 1,
  startTimeUnixNano: String(s.startNs),
  endTimeUnixNano: String(s.startNs + (s.durationNs ?? 1_000_000n)),
  attributes: attributes(s.attributes),
  status: s.status ?? { code: 0 },
  events: (s.events ?? []).map((e) => ({
    timeUnixNano: String(e.timeNs),
    name: e.name,
    attributes: attributes(e.attributes),
  })),
  links: (s.links ?? []).map((l) => ({ ...l, attributes: [] })),
});

export interface ResourceInput {
  service: string;
  resource?: Record<string, AttributeInput>;
  scope?: { name: string; version?: string };
  spans: JsonSpanInput[];
}

/** One export request: one resourceSpans entry per resource. */
export const otlpJsonRequest = (resources: readonly ResourceInput[]): string =>
  JSON.stringify({
    resourceSpans: resources.map((r) => ({
      resource: { attributes: attributes({ 'service.name': r.service, ...r.resource }) },
      scopeSpans: [{ scope: r.scope ?? { name: 'hand-built' }, spans: r.spans.map(jsonSpan) }],
    })),
  });

/** Posts an OTLP/JSON request and fails unless every span was accepted. */
export async function sendOtlpJson(otlpHttp: string, resources: readonly ResourceInput[]): Promise<void> {
  const res = await fetch(`${otlpHttp}/v1/traces`, {
    method: 'POST',
    body: otlpJsonRequest(resources),
    headers: { 'content-type': 'application/json' },
  });
  const text = await res.text();
  if (res.status !== 200 || text.includes('rejectedSpans'))
    throw new Error(`export failed: ${res.status} ${text}`);
}

/** Milliseconds to nanoseconds. */
export const msToNs = (ms: number): bigint => BigInt(ms) * 1_000_000n;
