export type {
  BuiltinEvaluatorSpec,
  CodeEvaluatorSpec,
  EvaluationEngine,
  EvaluationLimits,
  EvaluationProvenance,
  EvaluationRunOptions,
  EvaluatorInput,
  EvaluatorOutput,
  EvaluatorRuntime,
  EvaluatorSpec,
  EvaluatorType,
  EvaluatorUsage,
  HttpEvaluatorSpec,
  OutputDefinition,
  PluginEvaluatorSpec,
  PromptEvaluatorSpec,
  RuntimeContext,
} from './types';
export {
  createEvaluationEngine,
  DEFAULT_LIMITS,
  type AnyEvaluatorRuntime,
  type EvaluationEngineDeps,
} from './engine';
export { EvaluatorFailure, failedOutput, NO_USAGE } from './failure';
export { EVALUATION_RESULT_EVENT, EVALUATOR_ROLE, SPAN_ROLE_ATTRIBUTE } from './evaluation-attributes';
export { createPromptRuntime, type PromptRuntimeOptions } from './runtimes/prompt';
export { JUDGE_TEMPLATES, type JudgeTemplate } from './templates/judge-templates';
