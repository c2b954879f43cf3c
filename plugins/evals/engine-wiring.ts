import { CODE_TEMPLATES, createCodeRuntime } from '../../eval-engine/code/index';
import { createEvaluationEngine, createPromptRuntime, JUDGE_TEMPLATES } from '../../eval-engine/index';
import { createBuiltinRuntime } from '../../eval-engine/runtimes/builtin';
import type { EvaluationEngine } from '../../eval-engine/types';
import type { PluginContext } from '../sdk/index';
import type { EvaluatorTemplate } from './view-schemas';

/** The evaluation engine with every runtime, built from the plugin's context. */
export function createEngine(ctx: PluginContext): EvaluationEngine {
  return createEvaluationEngine({
    runtimes: [createPromptRuntime(), createCodeRuntime(), createBuiltinRuntime()],
    tracer: ctx.tracer,
    models: ctx.models,
    sandbox: ctx.sandbox,
    egress: ctx.egress,
    pluginEvaluators: ctx.evaluators,
  });
}

/** The built-in templates: the engine's LLM judges and the code runtime's templates. */
export const builtinTemplates = (): readonly EvaluatorTemplate[] => [
  ...JUDGE_TEMPLATES.map((t) => ({
    key: t.key,
    name: t.name,
    type: 'prompt' as const,
    description: t.description,
    spec: t.spec,
    inputs: t.inputs,
  })),
  ...CODE_TEMPLATES.map((t) => ({
    key: t.key,
    name: t.title,
    type: 'code' as const,
    language: t.language,
    description: t.description,
    spec: t.spec,
    inputs: t.inputs,
  })),
];
