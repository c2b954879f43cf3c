import { z } from 'zod';

/** Fields a metrics series may be grouped by. */
export const GroupField = z.enum(['model', 'provider', 'service', 'spanName', 'promptKey', 'promptVersion']);
export type GroupField = z.output<typeof GroupField>;

const Count = z.number().int().nonnegative();

export const MetricsPoint = z.object({
  timestamp: z.number().int().describe('bucket start, epoch milliseconds (from + k × step)'),
  requests: Count,
  errors: Count,
  errorRate: z.number().min(0).max(1).describe('errors / requests'),
  latencyMs: z
    .object({ p50: z.number(), p90: z.number(), p99: z.number() })
    .describe('span duration percentiles in milliseconds'),
  inputTokens: Count.describe('token sums cover model-call spans (llm, embedding) only'),
  outputTokens: Count,
  cacheReadTokens: Count,
  cacheWriteTokens: Count,
  reasoningTokens: Count,
  totalTokens: Count,
  cost: z.number().describe('USD'),
  timeToFirstTokenSpans: Count.describe(
    'spans in the bucket that reported a time to first token (streamed calls)',
  ),
  timeToFirstTokenMs: z
    .object({ p50: z.number(), p90: z.number(), p99: z.number() })
    .nullable()
    .describe('time to first token percentiles in milliseconds over those spans; null when there are none'),
});
export type MetricsPoint = z.output<typeof MetricsPoint>;

export const MetricsSeries = z.object({
  labels: z.partialRecord(GroupField, z.string()).describe('one label per group-by field'),
  points: z.array(MetricsPoint).describe('buckets that hold at least one span, in time order'),
});
export type MetricsSeries = z.output<typeof MetricsSeries>;

/** `GET /api/v1/metrics`: one series per group (a single one without groupBy). */
export const MetricsResult = z.object({
  from: z.number().int().describe('epoch milliseconds'),
  to: z.number().int().describe('epoch milliseconds'),
  stepSeconds: z.number().int().positive(),
  groupBy: z.array(GroupField),
  series: z.array(MetricsSeries),
});
export type MetricsResult = z.output<typeof MetricsResult>;
