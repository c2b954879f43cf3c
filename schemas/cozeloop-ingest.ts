import { z } from 'zod';

/** Cozeloop writes every int64 as a JSON string and reads strings or numbers alike. */
export const Int64 = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d{1,19}$/, 'an int64 as a decimal string')
    .transform((s) => Number(s)),
]);

const StringMap = z.record(z.string(), z.string()).optional();
const LongMap = z.record(z.string(), Int64).optional();
const DoubleMap = z.record(z.string(), z.union([z.number(), z.string().transform(Number)])).optional();

/**
 * One span as the Cozeloop SDKs post it to `/v1/loop/traces/ingest` (IDL `InputSpan`). The SDKs omit fields
 * the IDL calls required, so everything but the ids and times is optional.
 */
export const CozeloopInputSpan = z.object({
  started_at_micros: Int64,
  duration_micros: Int64.optional(),
  /** Legacy duration in microseconds; `duration_micros` wins when both are sent. */
  duration: Int64.optional(),
  trace_id: z.string().max(64),
  span_id: z.string().max(32),
  parent_id: z.string().max(32).optional(),
  workspace_id: z.string().max(128).optional(),
  span_name: z.string().optional(),
  span_type: z.string().optional(),
  status_code: Int64.optional(),
  input: z.string().optional(),
  output: z.string().optional(),
  object_storage: z.string().optional(),
  log_id: z.string().optional(),
  logid: z.string().optional(),
  service_name: z.string().optional(),
  psm: z.string().optional(),
  call_type: z.string().optional(),
  method: z.string().optional(),
  latency_first_resp: Int64.optional(),
  tags_string: StringMap,
  tags_long: LongMap,
  tags_double: DoubleMap,
  tags_bool: z.record(z.string(), z.boolean()).optional(),
  tags_bytes: StringMap,
  system_tags_string: StringMap,
  system_tags_long: LongMap,
  system_tags_double: DoubleMap,
});
export type CozeloopInputSpan = z.output<typeof CozeloopInputSpan>;

/** Body of `POST /v1/loop/traces/ingest`. */
export const CozeloopIngestRequest = z.object({ spans: z.array(CozeloopInputSpan).max(1000) });
export type CozeloopIngestRequest = z.output<typeof CozeloopIngestRequest>;

/** Cozeloop's answer envelope: HTTP 200 with `code` 0 on success, a non-zero `code` on a business error. */
export interface CozeloopEnvelope {
  code: number;
  msg: string;
}
