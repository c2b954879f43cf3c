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
  | 'invalid_input'
  | 'sandbox_unavailable';

/** What `exec_evaluation` may answer: a score and a reason (Cozeloop), optionally a label. */
export const CodeResult = z.object({
  score: z.number().finite(),
  reason: z.string().max(64 * 1024).optional(),
  label: z.string().max(256).optional(),
});
export type CodeResult = z.infer<typeof CodeResult>;

/** Checks what a code evaluator answered; a message for the user when it is not `{score, reason}`. */
export function readCodeResult(value: unknown): { ok: true; result: CodeResult } | { ok: false; message: string } {
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

/** Appends printed text up to a byte bound; past it the text ends with a marker and more output is dropped. */
export class BoundedStdout {
  private parts: string[] = [];
  private bytes = 0;
  private truncated = false;
  constructor(private readonly maxBytes: number) {}

  write(text: string): void {
    if (this.truncated) return;
    const size = Buffer.byteLength(text, 'utf8');
    if (this.bytes + size <= this.maxBytes) {
      this.parts.push(text);
      this.bytes += size;
      return;
    }
    const room = this.maxBytes - this.bytes;
    this.parts.push(Buffer.from(text, 'utf8').subarray(0, room).toString('utf8').replace(/\uFFFD$/, ''));
    this.bytes = this.maxBytes;
    this.truncated = true;
  }

  text(): string {
    const joined = this.parts.join('');
    return this.truncated ? `${joined}\n[stdout truncated at ${this.maxBytes} bytes]` : joined;
  }
}
