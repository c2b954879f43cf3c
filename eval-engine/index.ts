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
export { createBuiltinRuntime } from './runtimes/builtin';
export { BUILTIN_EVALUATORS } from './builtin/catalog';
export type { BuiltinEvaluator, BuiltinVerdict } from './builtin/definition';
export { createHttpRuntime, type HttpRuntimeOptions } from './runtimes/http';
export { createPluginRuntime, type PluginRuntimeOptions } from './runtimes/plugin';
export {
  newInvokeId,
  parseInvokeResult,
  type AsyncInvocations,
  type PendingInvocation,
} from './async-invocations';
export { SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER, verifySignature } from './http/signature';
