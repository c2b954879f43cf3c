/**
 * The decoded form of an OTLP ExportTraceServiceRequest, as both decoders (protobuf and JSON) produce it.
 * Plain types, not zod: this is the ingest hot path and the decoders validate structure themselves.
 */

/** Type tag of an attribute whose value is not a plain string (strings carry no tag). */
export type AttrType = 'int' | 'double' | 'bool' | 'bytes' | 'array' | 'kvlist';

/**
 * Attributes as ClickHouse stores them: every value as a string (ints in decimal, doubles as JS prints them,
 * bools as true/false, bytes as base64, arrays and kvlists as JSON), plus the type of each non-string value so
 * the API can give every value back with its type.
 */
export interface Attributes {
  values: Record<string, string>;
  types: Record<string, AttrType>;
}

export interface DecodedEvent {
  timeUnixNano: bigint;
  name: string;
  attributes: Attributes;
}

export interface DecodedLink {
  /** Lower-case hex as received; validation checks the length. */
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: Attributes;
}

export interface DecodedSpan {
  /** Lower-case hex of the id bytes (protobuf) or the id string lower-cased (JSON); validated later. */
  traceId: string;
  spanId: string;
  /** '' when the span is a root. */
  parentSpanId: string;
  traceState: string;
  name: string;
  /** OTLP SpanKind: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Attributes;
  events: DecodedEvent[];
  links: DecodedLink[];
  /** OTLP StatusCode: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  statusMessage: string;
}

export interface DecodedScopeSpans {
  scopeName: string;
  scopeVersion: string;
  spans: DecodedSpan[];
}

export interface DecodedResourceSpans {
  resource: Attributes;
  scopeSpans: DecodedScopeSpans[];
}

export interface DecodedExportRequest {
  resourceSpans: DecodedResourceSpans[];
}
