import { ProtoWriter } from '../../core/protobuf/proto-writer';
import type { AttributeValue, StoredSpan, TypedAttributes } from '../../schemas/stored-span';
import { groupByResource, SPAN_KIND_NUMBER, STATUS_CODE_NUMBER } from './otlp-groups';

const WIRE_I64 = 1;

const hexBytes = (hex: string): Uint8Array => Buffer.from(hex, 'hex');

// The store keeps typed JSON values: whole numbers go back as int, others as double (a double 2.0 reads as int).
function writeAnyValue(w: ProtoWriter, value: AttributeValue): void {
  if (typeof value === 'string') w.stringField(1, value);
  else if (typeof value === 'boolean') w.varintField(2, value ? 1 : 0);
  else if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) w.varintField(3, value < 0 ? BigInt(value) : value);
    else w.tag(4, WIRE_I64).double(value);
  } else if (Array.isArray(value)) {
    w.messageField(5, (a) => {
      for (const item of value) a.messageField(1, (v) => writeAnyValue(v, item));
    });
  } else if (value !== null) {
    w.messageField(6, (kv) => writeAttributes(kv, 1, value));
  }
}

function writeAttributes(w: ProtoWriter, field: number, attributes: TypedAttributes): void {
  for (const [key, value] of Object.entries(attributes))
    w.messageField(field, (kv) => kv.stringField(1, key).messageField(2, (v) => writeAnyValue(v, value)));
}

function writeSpan(w: ProtoWriter, span: StoredSpan): void {
  w.bytesField(1, hexBytes(span.traceId)).bytesField(2, hexBytes(span.spanId));
  if (span.traceState !== '') w.stringField(3, span.traceState);
  if (span.parentSpanId !== '') w.bytesField(4, hexBytes(span.parentSpanId));
  w.stringField(5, span.name);
  const kind = SPAN_KIND_NUMBER[span.kind] ?? 0;
  if (kind !== 0) w.varintField(6, kind);
  w.tag(7, WIRE_I64).fixed64(BigInt(span.startTimeUnixNano));
  w.tag(8, WIRE_I64).fixed64(BigInt(span.endTimeUnixNano));
  writeAttributes(w, 9, span.attributes);
  for (const event of span.events)
    w.messageField(11, (e) => {
      e.tag(1, WIRE_I64).fixed64(BigInt(event.timeUnixNano)).stringField(2, event.name);
      writeAttributes(e, 3, event.attributes);
    });
  for (const link of span.links)
    w.messageField(13, (l) => {
      l.bytesField(1, hexBytes(link.traceId)).bytesField(2, hexBytes(link.spanId));
      if (link.traceState !== '') l.stringField(3, link.traceState);
      writeAttributes(l, 4, link.attributes);
    });
  const code = STATUS_CODE_NUMBER[span.statusCode] ?? 0;
  if (code !== 0 || span.statusMessage !== '')
    w.messageField(15, (s) => {
      if (span.statusMessage !== '') s.stringField(2, span.statusMessage);
      if (code !== 0) s.varintField(3, code);
    });
}

/** Tempo's `Trace`, wire-identical to OTLP `TracesData`: field 1 repeated ResourceSpans. */
export function encodeTraceProtobuf(spans: readonly StoredSpan[]): Uint8Array<ArrayBuffer> {
  const w = new ProtoWriter();
  for (const resource of groupByResource(spans))
    w.messageField(1, (rs) => {
      rs.messageField(1, (r) => writeAttributes(r, 1, resource.attributes));
      for (const scope of resource.scopes)
        rs.messageField(2, (ss) => {
          ss.messageField(1, (s) => {
            if (scope.name !== '') s.stringField(1, scope.name);
            if (scope.version !== '') s.stringField(2, scope.version);
          });
          for (const span of scope.spans) ss.messageField(2, (sw) => writeSpan(sw, span));
        });
    });
  return w.finish();
}

/** Tempo's `TraceByIDResponse { Trace trace = 1; … }`; status COMPLETE is the proto3 default and is left out. */
export const encodeTraceByIdResponse = (spans: readonly StoredSpan[]): Uint8Array<ArrayBuffer> =>
  new ProtoWriter().bytesField(1, encodeTraceProtobuf(spans)).finish();
