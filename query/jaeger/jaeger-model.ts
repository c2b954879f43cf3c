import type { JaegerSpanRow } from './jaeger-span-row';

/** Jaeger's tag value types (`internal/uimodel`). */
export type JaegerValueType = 'string' | 'bool' | 'int64' | 'float64' | 'binary';

export interface JaegerKeyValue {
  key: string;
  type: JaegerValueType;
  value: string | number | boolean;
}

export interface JaegerReference {
  refType: 'CHILD_OF' | 'FOLLOWS_FROM';
  traceID: string;
  spanID: string;
}

export interface JaegerLog {
  /** Microseconds since the epoch. */
  timestamp: number;
  fields: JaegerKeyValue[];
}

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references: JaegerReference[];
  /** Microseconds since the epoch. */
  startTime: number;
  /** Microseconds. */
  duration: number;
  tags: JaegerKeyValue[];
  logs: JaegerLog[];
  processID: string;
  warnings: string[] | null;
}

export interface JaegerProcess {
  serviceName: string;
  tags: JaegerKeyValue[];
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, JaegerProcess>;
  warnings: string[] | null;
}

export interface JaegerDependencyLink {
  parent: string;
  child: string;
  callCount: number;
}

const micros = (nanos: string): number => Number(BigInt(nanos) / 1000n);

/** One stored attribute as a Jaeger tag, typed by the tag the ingester stored beside it. */
export const jaegerTag = (key: string, raw: string, type: string | undefined): JaegerKeyValue => {
  switch (type) {
    case 'int': {
      const n = Number(raw);
      // Jaeger writes integers beyond JavaScript's safe range as decimal strings.
      return { key, type: 'int64', value: Number.isSafeInteger(n) ? n : raw };
    }
    case 'double': {
      const n = Number(raw);
      return Number.isFinite(n) && raw.trim() !== ''
        ? { key, type: 'float64', value: n }
        : { key, type: 'string', value: raw };
    }
    case 'bool':
      return { key, type: 'bool', value: raw === 'true' };
    case 'bytes':
      return { key, type: 'binary', value: raw };
    default:
      // Strings, and arrays and maps as their JSON text, as the OTLP-to-Jaeger translator writes them.
      return { key, type: 'string', value: raw };
  }
};

const tagsOf = (values: Record<string, string>, types: Record<string, string>, skip?: string) =>
  Object.entries(values)
    .filter(([key]) => key !== skip)
    .map(([key, raw]) => jaegerTag(key, raw, types[key]));

const str = (key: string, value: string): JaegerKeyValue => ({ key, type: 'string', value });

/** The tags the OTLP-to-Jaeger translator adds: scope, attributes, kind, status, trace state. */
const spanTags = (row: JaegerSpanRow): JaegerKeyValue[] => {
  const tags: JaegerKeyValue[] = [];
  if (row.ScopeName !== '') tags.push(str('otel.scope.name', row.ScopeName));
  if (row.ScopeVersion !== '') tags.push(str('otel.scope.version', row.ScopeVersion));
  tags.push(...tagsOf(row.SpanAttributes, row.SpanAttributeTypes));
  if (row.SpanKind !== '' && row.SpanKind !== 'Unspecified')
    tags.push(str('span.kind', row.SpanKind.toLowerCase()));
  if (row.StatusCode === 'Ok') tags.push(str('otel.status_code', 'OK'));
  if (row.StatusCode === 'Error') {
    tags.push(str('otel.status_code', 'ERROR'));
    tags.push({ key: 'error', type: 'bool', value: true });
  }
  if (row.StatusMessage !== '') tags.push(str('otel.status_description', row.StatusMessage));
  if (row.TraceState !== '') tags.push(str('w3c.tracestate', row.TraceState));
  return tags;
};

const references = (row: JaegerSpanRow): JaegerReference[] => {
  const refs: JaegerReference[] = [];
  if (row.ParentSpanId !== '')
    refs.push({ refType: 'CHILD_OF', traceID: row.TraceId, spanID: row.ParentSpanId });
  row.LinkTraceIds.forEach((traceID, i) =>
    refs.push({ refType: 'FOLLOWS_FROM', traceID, spanID: row.LinkSpanIds[i] ?? '' }),
  );
  return refs;
};

const logs = (row: JaegerSpanRow): JaegerLog[] =>
  row.EventTimes.map((time, i) => {
    const name = row.EventNames[i] ?? '';
    const fields = tagsOf(row.EventAttributes[i] ?? {}, row.EventAttributeTypes[i] ?? {});
    return { timestamp: micros(time), fields: name === '' ? fields : [str('event', name), ...fields] };
  });

/** Groups span rows into Jaeger traces; processes are deduplicated per trace as p1, p2, … in span order. */
export const toJaegerTraces = (rows: readonly JaegerSpanRow[]): Map<string, JaegerTrace> => {
  const traces = new Map<string, JaegerTrace>();
  const processIds = new Map<string, Map<string, string>>();
  for (const row of rows) {
    let trace = traces.get(row.TraceId);
    let ids = processIds.get(row.TraceId);
    if (trace === undefined || ids === undefined) {
      trace = { traceID: row.TraceId, spans: [], processes: {}, warnings: null };
      ids = new Map();
      traces.set(row.TraceId, trace);
      processIds.set(row.TraceId, ids);
    }
    const processKey = JSON.stringify([row.ServiceName, row.ResourceAttributes, row.ResourceAttributeTypes]);
    let processID = ids.get(processKey);
    if (processID === undefined) {
      processID = `p${ids.size + 1}`;
      ids.set(processKey, processID);
      trace.processes[processID] = {
        serviceName: row.ServiceName,
        tags: tagsOf(row.ResourceAttributes, row.ResourceAttributeTypes, 'service.name'),
      };
    }
    trace.spans.push({
      traceID: row.TraceId,
      spanID: row.SpanId,
      operationName: row.SpanName,
      references: references(row),
      startTime: micros(row.StartTimeUnixNano),
      duration: micros(row.Duration),
      tags: spanTags(row),
      logs: logs(row),
      processID,
      warnings: null,
    });
  }
  return traces;
};
