import type { Content, EvaluatorInput, EvaluatorSpec } from '../api/evaluator-types';
import { judgeVariables } from './judge-variables';

/** The fields every sample has; a judge's own `{{variables}}` come after them. */
export const SAMPLE_FIELDS = ['input', 'output', 'reference_output'] as const;

/** The sample fields a spec reads: the three standard ones and any other `{{variable}}` of a judge. */
export function sampleFieldsOf(spec: EvaluatorSpec): string[] {
  const extra =
    spec.type === 'prompt'
      ? judgeVariables(spec.messages).filter((v) => !(SAMPLE_FIELDS as readonly string[]).includes(v))
      : [];
  return [...SAMPLE_FIELDS, ...extra];
}

const text = (value: string): Content => ({ content_type: 'text', text: value });

/**
 * An evaluator input from typed sample fields, laid out as Cozeloop does: every field is an input field (a
 * judge's `{{var}}`), the output is the target's `actual_output`, the rest are dataset fields.
 */
export function sampleInput(values: Record<string, string>, fields: readonly string[]): EvaluatorInput {
  const inputFields: Record<string, Content> = {};
  const datasetFields: Record<string, Content> = {};
  const targetOutputFields: Record<string, Content> = {};
  for (const name of fields) {
    const value = text(values[name] ?? '');
    inputFields[name] = value;
    if (name === 'output') targetOutputFields.actual_output = value;
    else datasetFields[name] = value;
  }
  return { inputFields, datasetFields, targetOutputFields };
}

/** The spec as sent to the server: an HTTP spec never carries `hasSecret`, only a newly typed secret. */
export function specForServer(spec: EvaluatorSpec): EvaluatorSpec {
  if (spec.type !== 'http') return spec;
  const rest = { ...spec };
  delete rest.hasSecret;
  return rest;
}
