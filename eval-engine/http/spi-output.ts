import type { InvokeEvaluatorOutputData } from '../../schemas/cozeloop-evaluator-spi';
import { failedOutput } from '../failure';
import type { EvaluatorOutput, EvaluatorUsage } from '../types';

const usageOf = (data: InvokeEvaluatorOutputData | null | undefined): EvaluatorUsage => ({
  inputTokens: Math.max(0, data?.evaluator_usage?.input_tokens ?? 0),
  outputTokens: Math.max(0, data?.evaluator_usage?.output_tokens ?? 0),
  costUsd: 0,
});

/** A service's verdict (a sync answer or an async report) as an evaluator output. */
export function outputOfSpi(
  status: 'unknown' | 'success' | 'failed',
  data: InvokeEvaluatorOutputData | null | undefined,
): EvaluatorOutput {
  const usage = usageOf(data);
  if (status === 'failed') {
    const e = data?.evaluator_run_error;
    const code = e?.code === undefined || e.code === null ? '' : ` (code ${e.code})`;
    return failedOutput(
      'service_error',
      `the evaluator service failed${code}: ${e?.message ?? 'no message'}`,
      usage,
    );
  }
  if (status !== 'success')
    return failedOutput('bad_service_reply', 'the evaluator service answered without a status', usage);
  const score = data?.evaluator_result?.score;
  if (typeof score !== 'number' || !Number.isFinite(score))
    return failedOutput('bad_service_reply', 'the evaluator service answered success without a score', usage);
  return {
    status: 'success',
    score,
    reasoning: data?.evaluator_result?.reasoning ?? '',
    usage,
    durationMs: 0,
  };
}
