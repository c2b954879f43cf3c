import type { AttrType, Attributes, DecodedEvent, DecodedSpan } from '../../schemas/otlp-model';

/** An attribute as an SDK sets it; the factory encodes it the way the decoders do. */
export type PlainValue = string | number | boolean | readonly (string | number | boolean)[];

/** Encodes plain values into decoded Attributes: strings untagged, everything else tagged and stringified. */
export function attrs(plain: Record<string, PlainValue> = {}): Attributes {
  const out: Attributes = { values: {}, types: {} };
  for (const [key, value] of Object.entries(plain)) {
    const [text, type] = encode(value);
    out.values[key] = text;
    if (type !== undefined) out.types[key] = type;
  }
  return out;
}

function encode(value: PlainValue): [string, AttrType | undefined] {
  if (typeof value === 'string') return [value, undefined];
  if (typeof value === 'boolean') return [String(value), 'bool'];
  if (typeof value === 'number') return [String(value), Number.isInteger(value) ? 'int' : 'double'];
  return [JSON.stringify(value), 'array'];
}

export interface SpanOverrides extends Partial<Omit<DecodedSpan, 'attributes' | 'events'>> {
  attributes?: Record<string, PlainValue>;
  events?: { name: string; attributes?: Record<string, PlainValue>; timeUnixNano?: bigint }[];
}

/** A decoded span with defaults for everything the test does not care about. */
export function makeSpan(overrides: SpanOverrides = {}): DecodedSpan {
  const { attributes, events, ...rest } = overrides;
  return {
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId: 'eee19b7ec3c1b174',
    parentSpanId: '',
    traceState: '',
    name: 'span',
    kind: 1,
    startTimeUnixNano: 1_718_000_000_000_000_000n,
    endTimeUnixNano: 1_718_000_001_250_000_000n,
    links: [],
    statusCode: 0,
    statusMessage: '',
    ...rest,
    attributes: attrs(attributes),
    events: (events ?? []).map((e, i): DecodedEvent => ({
      name: e.name,
      timeUnixNano: e.timeUnixNano ?? 1_718_000_000_000_000_000n + BigInt(i),
      attributes: attrs(e.attributes),
    })),
  };
}
