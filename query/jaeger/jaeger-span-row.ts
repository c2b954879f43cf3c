import { z } from 'zod';
import { StoredSpanColumns, UInt64Text } from '../../schemas/stored-span';

/** One span as `traceSpansSql` selects it: the store's span columns without LLM fields and link details. */
export const JaegerSpanRow = StoredSpanColumns.pick({
  TraceId: true,
  SpanId: true,
  ParentSpanId: true,
  TraceState: true,
  SpanName: true,
  SpanKind: true,
  ServiceName: true,
  StartTimeUnixNano: true,
  Duration: true,
  StatusCode: true,
  StatusMessage: true,
  SpanAttributes: true,
  SpanAttributeTypes: true,
  ResourceAttributes: true,
  ResourceAttributeTypes: true,
  ScopeName: true,
  ScopeVersion: true,
  EventTimes: true,
  EventNames: true,
  EventAttributes: true,
  EventAttributeTypes: true,
  LinkTraceIds: true,
  LinkSpanIds: true,
});
export type JaegerSpanRow = z.output<typeof JaegerSpanRow>;

export const ServiceRow = z.object({ ServiceName: z.string() });
export const OperationRow = z.object({ SpanName: z.string(), SpanKind: z.string() });
export const TraceIdRow = z.object({ TraceId: z.string() });
export const DependencyRow = z.object({
  Parent: z.string(),
  Child: z.string(),
  CallCount: UInt64Text.transform(Number),
});
