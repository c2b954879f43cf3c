import type { Content } from '../../schemas/content';
import type { EvaluatorInput } from '../types';

/** Cozeloop's `EvaluatorInputData` as a code evaluator's `turn` sees it (snake_case, Content values as stored). */
export interface Turn {
  input_fields: Record<string, Content>;
  evaluate_dataset_fields: Record<string, Content>;
  evaluate_target_output_fields: Record<string, Content>;
  history_messages: { role: string; content: string }[];
}

/**
 * The `turn` of one run, or undefined when the input has neither dataset nor target output fields (Cozeloop's
 * code builder rejects such input: there is nothing to evaluate).
 */
export function buildTurn(input: EvaluatorInput): Turn | undefined {
  const dataset = input.datasetFields;
  const target = input.targetOutputFields;
  if (Object.keys(dataset).length === 0 && Object.keys(target).length === 0) return undefined;
  return {
    input_fields: input.inputFields,
    evaluate_dataset_fields: dataset,
    evaluate_target_output_fields: target,
    history_messages: (input.historyMessages ?? []).map((m) => ({ role: m.role, content: m.content })),
  };
}
