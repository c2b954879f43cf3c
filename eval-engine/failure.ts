import { AppError } from '../core/app-error';
import type { EvaluatorOutput, EvaluatorUsage } from './types';

export const NO_USAGE: EvaluatorUsage = { inputTokens: 0, outputTokens: 0, costUsd: 0 };

/**
 * A failure a runtime reports by throwing (deep inside a parser, say); the engine turns it into a failed output
 * with this code. Runtimes may equally return `failedOutput(…)`.
 */
export class EvaluatorFailure extends Error {
  override readonly name = 'EvaluatorFailure';
  constructor(
    readonly code: string,
    message: string,
    /** What was spent before failing (a judge's tokens). */
    readonly usage: EvaluatorUsage = NO_USAGE,
  ) {
    super(message);
  }
}

/** A failed evaluation: a result, never an API error. */
export const failedOutput = (
  code: string,
  message: string,
  usage: EvaluatorUsage = NO_USAGE,
): EvaluatorOutput => ({
  status: 'failed',
  reasoning: '',
  usage,
  error: { code, message },
  durationMs: 0,
});

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Any throw of a runtime as a failed output: an EvaluatorFailure keeps its code, an AppError gives its kind. */
export function outputOfThrow(e: unknown): EvaluatorOutput {
  if (e instanceof EvaluatorFailure) return failedOutput(e.code, e.message, e.usage);
  if (e instanceof AppError) return failedOutput(e.kind, e.message);
  return failedOutput('runtime_error', messageOf(e));
}
