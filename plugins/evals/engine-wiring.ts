import { CODE_TEMPLATES, createCodeRuntime } from '../../eval-engine/code/index';
import {
  createBuiltinRuntime,
  createEvaluationEngine,
  createHttpRuntime,
  createPluginRuntime,
  createPromptRuntime,
  JUDGE_TEMPLATES,
} from '../../eval-engine/index';
import type { EvaluationEngine } from '../../eval-engine/types';
import { z } from 'zod';
import type { PluginContext } from '../sdk/index';
import { recordInvocations } from './record-store';
import type { EvaluatorTemplate } from './view-schemas';

/**
 * `plugins[].options` of the evaluators plugin (`SPANLOOP_PLUGINS='[{"module":"builtin:evaluators","options":…}]'`):
 * the limits of one evaluator run — CPU time and memory of code evaluators, wall time of the others.
 */
export const EvaluatorsOptions = z
  .strictObject({
    cpuMs: z.number().int().min(50).max(60_000).optional(),
    memoryMb: z.number().int().min(16).max(2048).optional(),
    timeoutMs: z.number().int().min(50).max(600_000).optional(),
  })
  .default({});

/** The evaluation engine with every runtime, built from the plugin's context and options. */
export function createEngine(ctx: PluginContext): EvaluationEngine {
  const { cpuMs, memoryMb, timeoutMs } = EvaluatorsOptions.parse(ctx.options ?? undefined);
  const limits = {
    ...(cpuMs === undefined ? {} : { cpuMs }),
    ...(memoryMb === undefined ? {} : { memoryMb }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  };
  return createEvaluationEngine({
    limits,
    runtimes: [
      createPromptRuntime(),
      createCodeRuntime(limits),
      createBuiltinRuntime(),
      createHttpRuntime({ asyncInvocations: recordInvocations(ctx.sql) }),
      createPluginRuntime({ list: () => ctx.evaluators.list() }),
    ],
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
