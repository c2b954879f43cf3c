import type { BuiltinEvaluator } from '../builtin/definition';
import { BUILTIN_EVALUATORS } from '../builtin/catalog';
import { failedOutput, NO_USAGE, outputOfThrow } from '../failure';
import type { BuiltinEvaluatorSpec, EvaluatorRuntime } from '../types';

const issuesOf = (b: BuiltinEvaluator, params: unknown): string[] => {
  const parsed = b.params.safeParse(params ?? {});
  return parsed.success
    ? []
    : parsed.error.issues.map(
        (i) => `params${i.path.length === 0 ? '' : `.${i.path.join('.')}`}: ${i.message}`,
      );
};

/**
 * Deterministic built-ins (`builtin`): exact, contains…, regex, JSON, numeric tolerance, Levenshtein, BLEU,
 * ROUGE-L, latency and cost thresholds. Pure functions in-process, no sandbox; inputs are bounded in size.
 */
export function createBuiltinRuntime(
  evaluators: readonly BuiltinEvaluator[] = BUILTIN_EVALUATORS,
): EvaluatorRuntime<BuiltinEvaluatorSpec> {
  const byName = new Map(evaluators.map((b) => [b.name, b]));
  return {
    type: 'builtin',
    validate(spec) {
      const b = byName.get(spec.name);
      if (b === undefined)
        return Promise.resolve([`unknown built-in "${spec.name}"; one of ${[...byName.keys()].join(', ')}`]);
      return Promise.resolve(issuesOf(b, spec.params));
    },
    run(spec, input) {
      const b = byName.get(spec.name);
      if (b === undefined)
        return Promise.resolve(failedOutput('invalid_params', `unknown built-in "${spec.name}"`));
      const parsed = b.params.safeParse(spec.params ?? {});
      if (!parsed.success)
        return Promise.resolve(failedOutput('invalid_params', issuesOf(b, spec.params).join('; ')));
      try {
        const verdict = b.evaluate(parsed.data, input);
        return Promise.resolve({ status: 'success', ...verdict, usage: NO_USAGE, durationMs: 0 });
      } catch (e) {
        return Promise.resolve(outputOfThrow(e));
      }
    },
  };
}
