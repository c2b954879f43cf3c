import { z } from 'zod';

/**
 * Cozeloop's custom-evaluator SPI (`idl/thrift/coze/loop/evaluation/coze.loop.evaluation.spi.thrift`) as JSON:
 * what Spanloop's HTTP evaluators POST to a user's service and read back, and the async result a service
 * reports to `POST /v1/loop/evaluation/evaluators/result` (`ReportEvaluatorInvokeResultRequest`).
 */

/** `InvokeEvaluatorRunStatus`: thrift enums travel as numbers; names are accepted too. */
export const InvokeEvaluatorRunStatus = z
  .union([
    z.literal(0),
    z.literal(1),
    z.literal(2),
    z.enum(['UNKNOWN', 'SUCCESS', 'FAILED', 'success', 'failed']),
  ])
  .transform((s): 'unknown' | 'success' | 'failed' =>
    s === 1 || s === 'SUCCESS' || s === 'success'
      ? 'success'
      : s === 2 || s === 'FAILED' || s === 'failed'
        ? 'failed'
        : 'unknown',
  );

const Int = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);

export const InvokeEvaluatorOutputData = z.object({
  evaluator_result: z.object({ score: z.number().nullish(), reasoning: z.string().nullish() }).nullish(),
  evaluator_usage: z.object({ input_tokens: Int.nullish(), output_tokens: Int.nullish() }).nullish(),
  evaluator_run_error: z.object({ code: Int.nullish(), message: z.string().nullish() }).nullish(),
  extra_output: z
    .object({ output_type: z.string().nullish(), uri: z.string().nullish(), url: z.string().nullish() })
    .nullish(),
});
export type InvokeEvaluatorOutputData = z.output<typeof InvokeEvaluatorOutputData>;

const BaseResp = z.object({ StatusMessage: z.string().nullish(), StatusCode: Int.nullish() }).nullish();

/** `InvokeEvaluatorResponse`: a synchronous service's answer. */
export const InvokeEvaluatorResponse = z.object({
  output_data: InvokeEvaluatorOutputData.nullish(),
  status: InvokeEvaluatorRunStatus.nullish(),
  BaseResp,
});
export type InvokeEvaluatorResponse = z.output<typeof InvokeEvaluatorResponse>;

/** `AsyncInvokeEvaluatorResponse`: the service accepted the work (StatusCode 0 or absent). */
export const AsyncInvokeEvaluatorResponse = z.object({ BaseResp });

/** `ReportEvaluatorInvokeResultRequest`: ids are int64 written as JSON strings (or numbers). */
export const ReportEvaluatorInvokeResultRequest = z.object({
  workspace_id: z
    .union([z.string().min(1).max(64), z.number().int()])
    .transform(String)
    .optional(),
  invoke_id: z.union([z.string().regex(/^\d{1,20}$/), z.number().int().nonnegative()]).transform(String),
  status: InvokeEvaluatorRunStatus,
  output: InvokeEvaluatorOutputData.nullish(),
});
export type ReportEvaluatorInvokeResultRequest = z.output<typeof ReportEvaluatorInvokeResultRequest>;
