import { randomBytes } from 'node:crypto';
import type { Result } from '../core/result';
import { ReportEvaluatorInvokeResultRequest } from '../schemas/cozeloop-evaluator-spi';
import { outputOfSpi } from './http/spi-output';
import type { EvaluationProvenance, EvaluatorOutput } from './types';

/** An async HTTP evaluation waiting for its service's report. */
export interface PendingInvocation {
  invokeId: string;
  workspaceId: string;
  provenance: EvaluationProvenance;
  /** The evaluation span the run answered: the report's span goes under it (`EvaluationEngine.complete`). */
  run: { traceId: string; spanId: string };
}

/**
 * Where async invocations wait (the evaluators plugin keeps them in its table). The HTTP runtime registers an
 * invocation before it sends the request, so a fast report finds it, and forgets it when the request failed.
 */
export interface AsyncInvocations {
  register(invocation: PendingInvocation): Promise<void>;
  forget(workspaceId: string, invokeId: string): Promise<void>;
}

/** A fresh invoke id: a positive int64 in decimal, as Cozeloop's ids travel (`api.js_conv`). */
export function newInvokeId(): string {
  const id = randomBytes(8).readBigUInt64BE() & 0x7fff_ffff_ffff_ffffn;
  return (id === 0n ? 1n : id).toString();
}

/**
 * Reads a `POST /v1/loop/evaluation/evaluators/result` body (`ReportEvaluatorInvokeResultRequest`): the invoke
 * id, and the result as an output to store and pass to `EvaluationEngine.complete`.
 */
export function parseInvokeResult(
  body: unknown,
): Result<{ invokeId: string; workspaceId?: string; output: EvaluatorOutput }, string[]> {
  const parsed = ReportEvaluatorInvokeResultRequest.safeParse(body);
  if (!parsed.success)
    return {
      ok: false,
      error: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`),
    };
  const { invoke_id: invokeId, workspace_id: workspaceId, status, output } = parsed.data;
  return {
    ok: true,
    value: {
      invokeId,
      ...(workspaceId === undefined ? {} : { workspaceId }),
      output: { ...outputOfSpi(status, output), invokeId },
    },
  };
}
