import { z } from 'zod';
import type { Content } from '../../schemas/content';
import { EvaluatorFailure } from '../failure';
import { contentText } from '../judge/render';
import type { EvaluatorInput } from '../types';

/** What a deterministic built-in answers: a score, a label when it is a check, and why in one line. */
export interface BuiltinVerdict {
  score: number;
  label?: string;
  reasoning: string;
}

/** One deterministic built-in: parameters checked with zod, a pure function of them and the input. */
export interface BuiltinEvaluator<P = unknown> {
  readonly name: string;
  readonly description: string;
  readonly params: z.ZodType<P>;
  evaluate(params: P, input: EvaluatorInput): BuiltinVerdict;
}

/** Declares a built-in with its parameter type inferred from the schema. */
export const defineBuiltin = <S extends z.ZodType>(b: {
  name: string;
  description: string;
  params: S;
  evaluate(params: z.output<S>, input: EvaluatorInput): BuiltinVerdict;
}): BuiltinEvaluator => b;

/** Longest text a built-in reads, so a quadratic measure stays bounded (`input_too_large` past it). */
export const MAX_TEXT_CHARS = 100_000;

/** The fields a built-in compares: the output judged and the reference, by input key (mappable). */
export const FieldParams = z.object({
  field: z.string().min(1).default('output').describe('input key of the text judged'),
  referenceField: z.string().min(1).default('reference_output').describe('input key of the reference'),
});

const lookup = (input: EvaluatorInput, key: string): Content | undefined =>
  input.inputFields[key] ?? input.targetOutputFields[key] ?? input.datasetFields[key];

/** A field's text; the judged output also answers to Cozeloop's `actual_output`. Missing fails the run. */
export function fieldText(input: EvaluatorInput, key: string): string {
  const content = lookup(input, key) ?? (key === 'output' ? lookup(input, 'actual_output') : undefined);
  if (content === undefined) throw new EvaluatorFailure('missing_input', `the input has no field "${key}"`);
  const text = contentText(content);
  if (text.length > MAX_TEXT_CHARS)
    throw new EvaluatorFailure(
      'input_too_large',
      `field "${key}" is longer than ${MAX_TEXT_CHARS} characters`,
    );
  return text;
}

/** A pass/fail check as a verdict: 1 and `pass`, or 0 and `fail`. */
export const check = (passed: boolean, reasoning: string): BuiltinVerdict => ({
  score: passed ? 1 : 0,
  label: passed ? 'pass' : 'fail',
  reasoning,
});

/** A similarity as a verdict; with a threshold it is also a check. */
export const similarity = (score: number, threshold: number | undefined, what: string): BuiltinVerdict => {
  const reasoning = `${what} ${score.toFixed(4)}${threshold === undefined ? '' : ` (threshold ${threshold})`}`;
  return threshold === undefined
    ? { score, reasoning }
    : { score, label: score >= threshold ? 'pass' : 'fail', reasoning };
};

/** A short quote of a text for a reasoning line. */
export const quote = (text: string): string =>
  JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
