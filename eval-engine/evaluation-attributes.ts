import type { Attributes } from '@opentelemetry/api';
import type { EvaluationProvenance, EvaluatorInput, EvaluatorOutput, EvaluatorType } from './types';

/** Marks Spanloop's evaluator spans so online evaluation never judges them (reference §3.3). */
export const SPAN_ROLE_ATTRIBUTE = 'spanloop.span.role';
export const EVALUATOR_ROLE = 'evaluator';
export const EVALUATION_RESULT_EVENT = 'gen_ai.evaluation.result';

/**
 * `spanloop.evaluator.type`, in the words of the open semconv proposal (#359: llm_judge | deterministic | …)
 * where it has one.
 */
const PROVENANCE_TYPE: Record<EvaluatorType, string> = {
  prompt: 'llm_judge',
  code: 'code',
  http: 'http',
  builtin: 'deterministic',
  plugin: 'plugin',
};

/** The evaluation span's attributes at start: role, operation and Spanloop provenance. */
export function provenanceAttributes(type: EvaluatorType, p: EvaluationProvenance): Attributes {
  const attributes: Attributes = {
    [SPAN_ROLE_ATTRIBUTE]: EVALUATOR_ROLE,
    'gen_ai.operation.name': 'evaluation',
    'gen_ai.evaluation.name': p.evaluatorName,
    'spanloop.evaluator.type': PROVENANCE_TYPE[type],
  };
  const optional: [string, string | undefined][] = [
    ['spanloop.evaluator.id', p.evaluatorId],
    ['spanloop.evaluator.version_id', p.evaluatorVersionId],
    ['spanloop.evaluation.record_id', p.recordId],
    ['spanloop.experiment.id', p.experimentId],
    ['spanloop.task.id', p.taskId],
  ];
  for (const [key, value] of optional) if (value !== undefined) attributes[key] = value;
  return attributes;
}

/** The `gen_ai.evaluation.result` event's attributes (semconv names; `error.type` when the run failed). */
export function resultEventAttributes(
  name: string,
  output: EvaluatorOutput,
  input?: Pick<EvaluatorInput, 'span'>,
): Attributes {
  const attributes: Attributes = { 'gen_ai.evaluation.name': name };
  if (output.score !== undefined) attributes['gen_ai.evaluation.score.value'] = output.score;
  if (output.label !== undefined) attributes['gen_ai.evaluation.score.label'] = output.label;
  if (output.reasoning !== '') attributes['gen_ai.evaluation.explanation'] = output.reasoning;
  if (output.error !== undefined) attributes['error.type'] = output.error.code;
  const responseId = input?.span?.attributes['gen_ai.response.id'];
  if (typeof responseId === 'string') attributes['gen_ai.response.id'] = responseId;
  return attributes;
}
