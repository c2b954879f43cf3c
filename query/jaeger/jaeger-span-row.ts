import { z } from 'zod';
import { UInt64Text } from '../../schemas/stored-span';

const StringMap = z.record(z.string(), z.string());

/** One span as `traceSpansSql` selects it (JSONEachRow, 64-bit integers quoted). */
export const JaegerSpanRow = z.object({
  TraceId: z.string(),
  SpanId: z.string(),
  ParentSpanId: z.string(),
  TraceState: z.string(),
  SpanName: z.string(),
  SpanKind: z.string(),
  ServiceName: z.string(),
  StartTimeUnixNano: UInt64Text,
  Duration: UInt64Text,
  StatusCode: z.string(),
  StatusMessage: z.string(),
  SpanAttributes: StringMap,
  SpanAttributeTypes: StringMap,
  ResourceAttributes: StringMap,
  ResourceAttributeTypes: StringMap,
  ScopeName: z.string(),
  ScopeVersion: z.string(),
  EventTimes: z.array(UInt64Text),
  EventNames: z.array(z.string()),
  EventAttributes: z.array(StringMap),
  EventAttributeTypes: z.array(StringMap),
  LinkTraceIds: z.array(z.string()),
  LinkSpanIds: z.array(z.string()),
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
