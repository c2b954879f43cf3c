import type { Content } from '../../schemas/content';
import type { PluginEvaluators } from '../../plugins/sdk/index';
import { NO_USAGE } from '../failure';
import { contentText } from '../judge/render';
import type { EvaluatorInput, EvaluatorRuntime, PluginEvaluatorSpec } from '../types';

export interface PluginRuntimeOptions {
  /** The evaluators plugins contribute, to check a spec's name when it is saved (`PluginContext.evaluators.list`). */
  list?: PluginEvaluators['list'];
}

/** A cell as a plugin evaluator's free-form field: text as a string, media as the Content itself. */
const fieldValue = (c: Content): unknown => (c.content_type === 'text' ? contentText(c) : c);

/** The plugin's `fields`: dataset fields, then target outputs, then input fields (the mapped keys win). */
const fieldsOf = (input: EvaluatorInput): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries({ ...input.datasetFields, ...input.targetOutputFields, ...input.inputFields }).map(
      ([k, v]) => [k, fieldValue(v)],
    ),
  );

/**
 * Evaluators plugins contribute (`plugin`), run by name through `PluginContext.evaluators`: the judged span and
 * trace, the fields, and the evaluation span as `traceContext`. Their AppErrors become failed outputs by kind
 * (`not_found`, `unavailable`) in the engine.
 */
export function createPluginRuntime(
  options: PluginRuntimeOptions = {},
): EvaluatorRuntime<PluginEvaluatorSpec> {
  return {
    type: 'plugin',
    validate(spec) {
      if (options.list === undefined || options.list().some((e) => e.name === spec.name))
        return Promise.resolve([]);
      return Promise.resolve([`no plugin contributes an evaluator named "${spec.name}"`]);
    },
    async run(spec, input, ctx) {
      const result = await ctx.pluginEvaluators.evaluate(spec.name, {
        workspaceId: ctx.workspaceId,
        span: input.span,
        trace: input.trace ?? [],
        fields: fieldsOf(input),
        traceContext: ctx.traceContext,
      });
      return {
        status: 'success',
        ...(result.score === undefined ? {} : { score: result.score }),
        ...(result.label === undefined ? {} : { label: result.label }),
        reasoning: result.explanation ?? '',
        usage: NO_USAGE,
        durationMs: 0,
      };
    },
  };
}
