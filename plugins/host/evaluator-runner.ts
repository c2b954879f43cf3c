import {
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  ROOT_CONTEXT,
  trace,
  type SpanContext,
} from '@opentelemetry/api';
import { z } from 'zod';
import { AppError } from '../../core/app-error';
import { WORKSPACE_ATTRIBUTE } from '../../core/self-telemetry/attributes';
import type { SpanStore } from '../../core/span-store/types';
import type { EvaluationRunBody, EvaluationRunView } from '../../schemas/plugin-view';
import type { EvaluationInput, EvaluationResult, EvaluatorDefinition } from '../sdk/plugin';
import { DeadlineExceeded, messageOf, withDeadline } from './deadline';
import type { PluginRecord } from './plugin-record';

/** What an evaluator must return; anything else is a bug of its plugin. */
const ResultShape = z
  .object({
    score: z.number().finite().optional(),
    label: z.string().min(1).max(256).optional(),
    explanation: z.string().optional(),
  })
  .refine((r) => r.score !== undefined || r.label !== undefined, 'give a score, a label or both');

export interface EvaluationDeps {
  spans: Pick<SpanStore, 'trace'>;
  timeoutMs: number;
  /** An evaluator that threw something other than an AppError, returned a malformed result or timed out. */
  onFailure: (error: unknown) => void;
}

const eventAttributes = (name: string, r: EvaluationResult, responseId: unknown) => ({
  'gen_ai.evaluation.name': name,
  ...(r.score === undefined ? {} : { 'gen_ai.evaluation.score.value': r.score }),
  ...(r.label === undefined ? {} : { 'gen_ai.evaluation.score.label': r.label }),
  ...(r.explanation === undefined ? {} : { 'gen_ai.evaluation.explanation': r.explanation }),
  ...(typeof responseId === 'string' ? { 'gen_ai.response.id': responseId } : {}),
});

/** The evaluator's answer within its deadline, checked; throws what it threw, DeadlineExceeded or a malformed-result Error. */
async function evaluateBounded(
  owner: PluginRecord,
  evaluator: EvaluatorDefinition,
  input: EvaluationInput,
  timeoutMs: number,
): Promise<EvaluationResult> {
  const returned = await withDeadline(
    evaluator.evaluate(input, owner.ctx),
    timeoutMs,
    `evaluator ${evaluator.name}`,
  );
  const checked = ResultShape.safeParse(returned);
  if (!checked.success)
    throw new Error(`returned an invalid result: ${checked.error.issues.map((i) => i.message).join('; ')}`);
  return returned;
}

/**
 * Runs an evaluator for another plugin (`PluginContext.evaluators`), without spans of its own: the caller traces
 * the evaluation. An AppError the evaluator threw passes through; any other failure is `unavailable`.
 */
export async function evaluateChecked(
  owner: PluginRecord,
  evaluator: EvaluatorDefinition,
  input: EvaluationInput,
  deps: EvaluationDeps,
): Promise<EvaluationResult> {
  try {
    return await evaluateBounded(owner, evaluator, input, deps.timeoutMs);
  } catch (e) {
    if (e instanceof AppError) throw e;
    deps.onFailure(e);
    throw new AppError('unavailable', `evaluator ${evaluator.name} failed: ${messageOf(e)}`);
  }
}

/**
 * Runs an evaluator on a stored span and writes the judgement back into the judged trace: a span
 * `evaluation <name>`, child of (and linked to) the judged span, with a `gen_ai.evaluation.result` event. It is
 * flushed before this resolves, so the trace shows it as soon as the ingest path made it durable.
 */
export async function runEvaluation(
  owner: PluginRecord,
  evaluator: EvaluatorDefinition,
  workspaceId: string,
  body: EvaluationRunBody,
  deps: EvaluationDeps,
): Promise<EvaluationRunView> {
  const spans = await deps.spans.trace(workspaceId, body.traceId);
  const judged = spans.find((s) => s.spanId === body.spanId);
  if (judged === undefined)
    throw new AppError('not_found', `span ${body.spanId} of trace ${body.traceId} not found`);
  const target: SpanContext = {
    traceId: body.traceId,
    spanId: body.spanId,
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  };
  const span = owner.ctx.tracer.startSpan(
    `evaluation ${evaluator.name}`,
    {
      kind: SpanKind.INTERNAL,
      attributes: {
        [WORKSPACE_ATTRIBUTE]: workspaceId,
        'gen_ai.evaluation.name': evaluator.name,
        'spanloop.evaluation.span_id': body.spanId,
      },
      links: [{ context: target, attributes: { 'spanloop.link': 'evaluated' } }],
    },
    trace.setSpanContext(ROOT_CONTEXT, target),
  );
  const traceContext = trace.setSpan(trace.setSpanContext(ROOT_CONTEXT, target), span);
  let result: EvaluationResult;
  try {
    result = await evaluateBounded(
      owner,
      evaluator,
      { workspaceId, span: judged, trace: spans, fields: body.fields, traceContext },
      deps.timeoutMs,
    );
  } catch (e) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: messageOf(e) });
    span.end();
    await owner.telemetry.flush();
    if (e instanceof AppError) throw e;
    deps.onFailure(e);
    if (e instanceof DeadlineExceeded) throw new AppError('unavailable', e.message);
    throw new AppError('internal', `evaluator ${evaluator.name} failed: ${messageOf(e)}`);
  }
  span.addEvent(
    'gen_ai.evaluation.result',
    eventAttributes(evaluator.name, result, judged.attributes['gen_ai.response.id']),
  );
  span.end();
  await owner.telemetry.flush();
  return {
    evaluator: evaluator.name,
    traceId: body.traceId,
    spanId: body.spanId,
    evaluationSpanId: span.spanContext().spanId,
    ...(result.score === undefined ? {} : { score: result.score }),
    ...(result.label === undefined ? {} : { label: result.label }),
    ...(result.explanation === undefined ? {} : { explanation: result.explanation }),
  };
}
