import { z } from 'zod';

export const SpanType = z.enum([
  'llm',
  'tool',
  'retriever',
  'agent',
  'chain',
  'embedding',
  'evaluator',
  'other',
]);
export type SpanType = z.infer<typeof SpanType>;

/** One chat message after normalization, whatever convention it arrived in. */
export const NormalizedMessage = z.object({
  role: z.string(),
  /** Text content; parts that are not text are kept in `parts`. */
  content: z.string(),
  name: z.string().optional(),
  toolCallId: z.string().optional(),
  toolCalls: z
    .array(z.object({ id: z.string().optional(), name: z.string(), arguments: z.string() }))
    .optional(),
  parts: z.array(z.record(z.string(), z.unknown())).optional(),
});
export type NormalizedMessage = z.infer<typeof NormalizedMessage>;

/** The promoted LLM columns that the convention mapping derives from a span's raw attributes. */
export interface LlmFields {
  spanType: SpanType;
  provider: string;
  requestModel: string;
  responseModel: string;
  /** Normalized input messages; for non-chat spans (tools, retrievers) a single message holding the input value. */
  input: NormalizedMessage[];
  output: NormalizedMessage[];
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  /** Nanoseconds from the span's start to the first streamed token (a safe integer); 0 when not reported. */
  timeToFirstTokenNs: number;
  /** Cost in USD the span itself carried, if any (else pricing computes it). */
  reportedCost: number | undefined;
  sessionId: string;
  userId: string;
  promptKey: string;
  promptVersion: string;
}
