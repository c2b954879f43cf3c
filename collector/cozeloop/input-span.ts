import type { CozeloopInputSpan, CozeloopIngestRequest } from '../../schemas/cozeloop-ingest';
import type {
  AttrType,
  Attributes,
  DecodedExportRequest,
  DecodedResourceSpans,
  DecodedSpan,
} from '../../schemas/otlp-model';

const OTLP_STATUS_OK = 1;
const OTLP_STATUS_ERROR = 2;
const OTLP_KIND_INTERNAL = 1;
/** Scope name of spans that arrived through the Cozeloop SDK endpoint. */
export const COZELOOP_SCOPE = 'cozeloop-sdk';

function put(attrs: Attributes, key: string, value: string, type?: AttrType) {
  attrs.values[key] = value;
  if (type !== undefined) attrs.types[key] = type;
  else delete attrs.types[key];
}

function putMap(
  attrs: Attributes,
  prefix: string,
  map: Record<string, unknown> | undefined,
  type?: AttrType,
) {
  if (map === undefined) return;
  for (const [k, v] of Object.entries(map)) put(attrs, prefix + k, String(v), type);
}

/**
 * The attributes the conventions read: the tracespec's bare tag keys (`model_name`, `input_tokens`, …) as the
 * SDKs send them, `span_type`, `input` and `output`; SDK-owned system tags under `cozeloop.system.`.
 */
function attributesOf(span: CozeloopInputSpan): Attributes {
  const attrs: Attributes = { values: {}, types: {} };
  putMap(attrs, '', span.tags_string);
  putMap(attrs, '', span.tags_long, 'int');
  putMap(attrs, '', span.tags_double, 'double');
  putMap(attrs, '', span.tags_bool, 'bool');
  putMap(attrs, '', span.tags_bytes, 'bytes');
  putMap(attrs, 'cozeloop.system.', span.system_tags_string);
  putMap(attrs, 'cozeloop.system.', span.system_tags_long, 'int');
  putMap(attrs, 'cozeloop.system.', span.system_tags_double, 'double');
  if (span.span_type !== undefined) put(attrs, 'span_type', span.span_type);
  if (span.input !== undefined && span.input !== '') put(attrs, 'input', span.input);
  if (span.output !== undefined && span.output !== '') put(attrs, 'output', span.output);
  if (span.object_storage) put(attrs, 'cozeloop.object_storage', span.object_storage);
  const logId = span.log_id ?? span.logid;
  if (logId) put(attrs, 'log_id', logId);
  if (span.method) put(attrs, 'method', span.method);
  if (span.latency_first_resp !== undefined)
    put(attrs, 'latency_first_resp', String(span.latency_first_resp), 'int');
  if (span.status_code !== undefined) put(attrs, 'cozeloop.status_code', String(span.status_code), 'int');
  return attrs;
}

function toDecodedSpan(span: CozeloopInputSpan): DecodedSpan {
  const start = BigInt(span.started_at_micros) * 1000n;
  const durationMicros = span.duration_micros ?? span.duration ?? 0;
  const failed = span.status_code !== undefined && span.status_code !== 0;
  const parent = span.parent_id === undefined || span.parent_id === '0' ? '' : span.parent_id;
  return {
    traceId: span.trace_id.toLowerCase(),
    spanId: span.span_id.toLowerCase(),
    parentSpanId: parent.toLowerCase(),
    traceState: '',
    name: span.span_name ?? span.span_type ?? '',
    kind: OTLP_KIND_INTERNAL,
    startTimeUnixNano: start,
    // A negative duration makes the end precede the start, which validation rejects as Cozeloop drops it.
    endTimeUnixNano: start + BigInt(durationMicros) * 1000n,
    attributes: attributesOf(span),
    events: [],
    links: [],
    statusCode: failed ? OTLP_STATUS_ERROR : OTLP_STATUS_OK,
    statusMessage: failed ? (span.tags_string?.error ?? `status_code ${span.status_code}`) : '',
  };
}

/** Cozeloop SDK spans as an OTLP export request: one resource per service (`service_name`, or the JS `psm`). */
export function cozeloopToExportRequest(request: CozeloopIngestRequest): DecodedExportRequest {
  const byService = new Map<string, DecodedResourceSpans>();
  for (const span of request.spans) {
    const service = span.service_name || span.psm || 'unknown_service';
    let resource = byService.get(service);
    if (resource === undefined) {
      const attrs: Attributes = { values: { 'service.name': service }, types: {} };
      const runtime = span.system_tags_string?.runtime;
      if (runtime !== undefined) attrs.values['cozeloop.runtime'] = runtime;
      resource = {
        resource: attrs,
        scopeSpans: [{ scopeName: COZELOOP_SCOPE, scopeVersion: '', spans: [] }],
      };
      byService.set(service, resource);
    }
    resource.scopeSpans[0]?.spans.push(toDecodedSpan(span));
  }
  return { resourceSpans: [...byService.values()] };
}
