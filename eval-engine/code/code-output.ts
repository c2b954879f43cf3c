import { z } from 'zod';
import type { EvaluatorOutput } from '../types';

/** Why a code evaluator failed; `error.code` of its output. */
export type CodeErrorCode =
  | 'sandbox_violation'
  | 'timeout'
  | 'out_of_memory'
  | 'runtime_error'
  | 'syntax_error'
  | 'bad_output'
  | 'invalid_input';

/** What `exec_evaluation` may answer: a score and a reason (Cozeloop), optionally a label. */
export const CodeResult = z.object({
  score: z.number().finite(),
  reason: z
    .string()
    .nullish()
    .transform((r) => r?.slice(0, 64 * 1024) ?? undefined),
  label: z
    .string()
    .nullish()
    .transform((l) => l?.slice(0, 256) ?? undefined),
});
export type CodeResult = z.infer<typeof CodeResult>;

/** Checks what a code evaluator answered; a message for the user when it is not `{score, reason}`. */
export function readCodeResult(
  value: unknown,
): { ok: true; result: CodeResult } | { ok: false; message: string } {
  const parsed = CodeResult.safeParse(value);
  if (parsed.success) return { ok: true, result: parsed.data };
  return {
    ok: false,
    message:
      'exec_evaluation must return {score: number, reason?: string}' +
      (typeof value === 'object' && value !== null && 'score' in value ? ' with a finite numeric score' : ''),
  };
}

const NO_USAGE = { inputTokens: 0, outputTokens: 0, costUsd: 0 };

export function codeSuccess(result: CodeResult, stdout: string, durationMs: number): EvaluatorOutput {
  return {
    status: 'success',
    score: result.score,
    ...(result.label === undefined ? {} : { label: result.label }),
    reasoning: result.reason ?? '',
    usage: NO_USAGE,
    stdout,
    durationMs,
  };
}

export function codeFailure(
  code: CodeErrorCode,
  message: string,
  stdout: string,
  durationMs: number,
): EvaluatorOutput {
  return { status: 'failed', reasoning: '', usage: NO_USAGE, error: { code, message }, stdout, durationMs };
}
