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
import { jsonNestingExceeds } from '../../core/json-depth';
import { MAX_VALUE_DEPTH, newAttributes } from './attributes';
import { tooManySpans, type DecodeLimits } from './decode-limits';
import { readJsonAttributes } from './json-attributes';
import {
  ShapeError,
  arrayField,
  enumField,
  idField,
  isObject,
  objectField,
  stringField,
  u64Field,
} from './json-fields';
import type { JsonObject } from './json-fields';

const SPAN_KIND: Readonly<Record<string, number>> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_CODE: Readonly<Record<string, number>> = {
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
};
const MAX_ERROR_SNIPPET = 200;
// Each AnyValue level nests four JSON levels (value, kvlistValue, values, the pair); ten more reach an attribute.
const OTLP_JSON_DEPTH = 4 * MAX_VALUE_DEPTH + 10;

// Buffer.utf8Slice skips toString()'s encoding dispatch; bodies arrive as Buffers from node:http.
type Utf8Slicer = Buffer & { utf8Slice(start: number, end: number): string };

/**
 * Decodes an OTLP/JSON ExportTraceServiceRequest (hex ids, integer or named enums, int64 as string or number,
 * unknown fields ignored). Never throws on malformed input.
 *
 * @example
 * const r = decodeJsonExportRequest('{"resourceSpans":[]}'); // { ok: true, value: { resourceSpans: [] } }
 */
export function decodeJsonExportRequest(
  body: Uint8Array | string,
  limits: DecodeLimits = {},
): Result<DecodedExportRequest> {
  if (jsonNestingExceeds(body, OTLP_JSON_DEPTH))
    return err(
      new AppError('invalid_argument', `invalid JSON: nested too deeply (over ${OTLP_JSON_DEPTH} levels)`),
    );
  let root: unknown;
  try {
    root = JSON.parse(typeof body === 'string' ? body : utf8(body));
  } catch (e) {
    const why = e instanceof Error ? e.message.slice(0, MAX_ERROR_SNIPPET) : 'parse error';
    return err(new AppError('invalid_argument', `invalid JSON: ${why}`));
  }
  try {
    if (!isObject(root)) throw new ShapeError('must be a JSON object', 'ExportTraceServiceRequest');
    const spans = countSpans(root);
    if (limits.maxSpans !== undefined && spans > limits.maxSpans) return err(tooManySpans(limits.maxSpans));
    return ok({ resourceSpans: each(root, 'resourceSpans', readResourceSpans) });
  } catch (e) {
    if (e instanceof ShapeError)
      return err(new AppError('invalid_argument', `invalid OTLP/JSON: ${e.message}`));
    throw e;
  }
}

/** Spans in a parsed request, counted before any is decoded; malformed parts count 0 (decoding reports them). */
function countSpans(root: JsonObject): number {
  let n = 0;
  const list = (o: unknown, key: string): unknown[] =>
    isObject(o) && Array.isArray(o[key]) ? (o[key] as unknown[]) : [];
  for (const rs of list(root, 'resourceSpans'))
    for (const ss of list(rs, 'scopeSpans')) n += list(ss, 'spans').length;
  return n;
}

function utf8(bytes: Uint8Array): string {
  const buf = (
    Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  ) as Utf8Slicer;
  // A UTF-8 byte order mark is legal in a body but not in JSON.parse input.
  const start = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  return buf.utf8Slice(start, buf.length);
}

/** Maps the repeated message field `key`, naming the failing element in any error. */
function each<T>(o: JsonObject, key: string, read: (item: JsonObject) => T): T[] {
  const list = arrayField(o, key);
  const out = new Array<T>(list.length);
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    try {
      if (!isObject(item)) throw new ShapeError('must be an object');
      out[i] = read(item);
    } catch (e) {
      throw e instanceof ShapeError ? e.at(`${key}[${i}]`) : e;
    }
  }
  return out;
}

function readResourceSpans(o: JsonObject): DecodedResourceSpans {
  const out: DecodedResourceSpans = { resource: newAttributes(), scopeSpans: [] };
  const resource = objectField(o, 'resource');
  if (resource !== undefined) {
    try {
      readJsonAttributes(resource, 'attributes', out.resource);
    } catch (e) {
      throw e instanceof ShapeError ? e.at('resource') : e;
    }
  }
  out.scopeSpans = each(o, 'scopeSpans', readScopeSpans);
  return out;
}

function readScopeSpans(o: JsonObject): DecodedScopeSpans {
  const scope = objectField(o, 'scope');
  let scopeName = '';
  let scopeVersion = '';
  if (scope !== undefined) {
    try {
      scopeName = stringField(scope, 'name');
      scopeVersion = stringField(scope, 'version');
    } catch (e) {
      throw e instanceof ShapeError ? e.at('scope') : e;
    }
  }
  return { scopeName, scopeVersion, spans: each(o, 'spans', readSpan) };
}

function readSpan(o: JsonObject): DecodedSpan {
  const span: DecodedSpan = {
    traceId: idField(o, 'traceId'),
    spanId: idField(o, 'spanId'),
    parentSpanId: idField(o, 'parentSpanId'),
    traceState: stringField(o, 'traceState'),
    name: stringField(o, 'name'),
    kind: enumField(o, 'kind', SPAN_KIND),
    startTimeUnixNano: u64Field(o, 'startTimeUnixNano'),
    endTimeUnixNano: u64Field(o, 'endTimeUnixNano'),
    attributes: newAttributes(),
    events: each(o, 'events', readEvent),
    links: each(o, 'links', readLink),
    statusCode: 0,
    statusMessage: '',
  };
  readJsonAttributes(o, 'attributes', span.attributes);
  const status = objectField(o, 'status');
  if (status !== undefined) {
    try {
      span.statusCode = enumField(status, 'code', STATUS_CODE);
      span.statusMessage = stringField(status, 'message');
    } catch (e) {
      throw e instanceof ShapeError ? e.at('status') : e;
    }
  }
  return span;
}

function readEvent(o: JsonObject): DecodedEvent {
  const event: DecodedEvent = {
    timeUnixNano: u64Field(o, 'timeUnixNano'),
    name: stringField(o, 'name'),
    attributes: newAttributes(),
  };
  readJsonAttributes(o, 'attributes', event.attributes);
  return event;
}

function readLink(o: JsonObject): DecodedLink {
  const link: DecodedLink = {
    traceId: idField(o, 'traceId'),
    spanId: idField(o, 'spanId'),
    traceState: stringField(o, 'traceState'),
    attributes: newAttributes(),
  };
  readJsonAttributes(o, 'attributes', link.attributes);
  return link;
}
