import type { Context, Tracer } from '@opentelemetry/api';
import type { ModelGateway, PluginContext, StoredSpan } from '../plugins/sdk/index';
import type { ChatMessage } from '../schemas/chat';
import type { Content } from '../schemas/content';

/**
 * The evaluator contract (ARCHITECTURE: `eval-engine/`). An evaluator version is data (`EvaluatorSpec`); the
 * engine runs one on one input and answers an `EvaluatorOutput`. An evaluator failing (bad judge reply, sandbox
 * limit, HTTP error) is an output with `status: 'failed'`, never a throw: the engine rejects only when the run
 * could not be attempted at all (an AppError: `invalid_argument` for a spec that does not validate,
 * `rate_limited` when the sandbox or model queue is full).
 */

export type EvaluatorType = 'prompt' | 'code' | 'http' | 'builtin' | 'plugin';

/** What a score means; the judge's answer is checked against it (out of range is an error, never clamped). */
export type OutputDefinition =
  | { kind: 'range'; min: number; max: number }
  | { kind: 'enum'; values: number[] }
  | { kind: 'boolean' }
  | { kind: 'categories'; values: string[] };

/** LLM-as-judge: messages with `{{var}}` over the input fields, a model of the workspace's gateway. */
export interface PromptEvaluatorSpec {
  type: 'prompt';
  messages: { role: 'system' | 'user' | 'assistant'; content: string }[];
  model: { modelId: string; temperature?: number; maxTokens?: number; topP?: number };
  /** Default `{ kind: 'range', min: 0, max: 1 }` (Cozeloop's `score_range` tool). */
  output?: OutputDefinition;
  /** Tool call (the default) or a JSON reply parsed, repaired, then matched by pattern. */
  mode?: 'tool' | 'content';
  receiveChatHistory?: boolean;
}

/** `exec_evaluation(turn)` in a hard sandbox. */
export interface CodeEvaluatorSpec {
  type: 'code';
  language: 'javascript' | 'python';
  code: string;
}

/** Cozeloop's evaluator SPI over HTTP, signed with HMAC-SHA256 of the body under a per-evaluator secret. */
export interface HttpEvaluatorSpec {
  type: 'http';
  url: string;
  /** Async: the service answers later at `POST /v1/loop/evaluation/evaluators/result` with the invoke id. */
  async?: boolean;
  timeoutMs?: number;
  retries?: number;
  headers?: Record<string, string>;
  /** The HMAC secret, decrypted (stored sealed). */
  secret?: string;
  /** Sent as the SPI's `evaluator.provider_evaluator_code`: which of the service's evaluators to run. */
  evaluatorCode?: string;
}

/** A deterministic evaluator without a sandbox: exact, contains, regex, json_valid, json_schema, … */
export interface BuiltinEvaluatorSpec {
  type: 'builtin';
  name: string;
  /** Its parameters (a pattern, a tolerance, a threshold…), validated by the built-in. */
  params?: Record<string, unknown>;
}

/** An evaluator a plugin contributes (plugins/sdk `EvaluatorDefinition`), by name. */
export interface PluginEvaluatorSpec {
  type: 'plugin';
  name: string;
}

export type EvaluatorSpec =
  PromptEvaluatorSpec | CodeEvaluatorSpec | HttpEvaluatorSpec | BuiltinEvaluatorSpec | PluginEvaluatorSpec;

/** One evaluation's input: Cozeloop's `EvaluatorInputData`, plus the judged span when there is one. */
export interface EvaluatorInput {
  /** Keyed by the evaluator's input keys (after field mapping); a judge's `{{var}}` reads these. */
  inputFields: Record<string, Content>;
  /** Mapped dataset fields: `turn.evaluate_dataset_fields`. */
  datasetFields: Record<string, Content>;
  /** Mapped target outputs (`actual_output`…): `turn.evaluate_target_output_fields`. */
  targetOutputFields: Record<string, Content>;
  historyMessages?: ChatMessage[];
  /** The judged span and its trace (online evaluation, or an experiment item's target trace). */
  span?: StoredSpan;
  trace?: readonly StoredSpan[];
}

export interface EvaluatorUsage {
  inputTokens: number;
  outputTokens: number;
  /** USD from the gateway's pricing; 0 for evaluators that call no model. */
  costUsd: number;
}

export interface EvaluatorOutput {
  /** `processing`: an async HTTP evaluator accepted the work and reports later under `invokeId`. */
  status: 'success' | 'failed' | 'processing';
  score?: number;
  /** Categorical outcome (`pass`, a category of the output definition). */
  label?: string;
  reasoning: string;
  usage: EvaluatorUsage;
  /** Why it failed: `timeout`, `out_of_memory`, `sandbox_violation`, `bad_judge_reply`, `score_out_of_range`, … */
  error?: { code: string; message: string };
  /** What a code evaluator printed (bounded). */
  stdout?: string;
  /** Wall time of the whole run, measured by the engine. */
  durationMs: number;
  /** Async HTTP evaluators: the id the service reports the result under (Cozeloop's `invoke_id`). */
  invokeId?: string;
}

/** What a runtime may use; handed in by the engine, scoped to one workspace. */
export interface RuntimeContext {
  workspaceId: string;
  models: ModelGateway;
  sandbox: PluginContext['sandbox'];
  egress: PluginContext['egress'];
  tracer: Tracer;
  /** The evaluation span's context: model calls are its children. */
  traceContext: Context;
  /** The evaluators plugins contribute, run by name (plugins/sdk `PluginContext.evaluators`). */
  pluginEvaluators: PluginContext['evaluators'];
  limits: EvaluationLimits;
  /** Aborted when the run's deadline passes or the caller gives up. */
  signal?: AbortSignal;
  /** Who asked (the async HTTP runtime records it with the invoke id). */
  provenance?: EvaluationProvenance;
}

/** Per-run limits; defaults 5 s CPU, 128 MiB memory, 5 s wall time (`DEFAULT_LIMITS`). */
export interface EvaluationLimits {
  cpuMs: number;
  memoryMb: number;
  timeoutMs: number;
}

/** One evaluator type's implementation: one file per type. */
export interface EvaluatorRuntime<S extends EvaluatorSpec = EvaluatorSpec> {
  readonly type: S['type'];
  /** Checks a spec when it is saved (syntax of code, known model, URL allowed…); a message per problem. */
  validate(spec: S, ctx: Pick<RuntimeContext, 'workspaceId' | 'egress' | 'sandbox'>): Promise<string[]>;
  run(spec: S, input: EvaluatorInput, ctx: RuntimeContext): Promise<EvaluatorOutput>;
  /**
   * The wall-time budget of one run (a model call or an HTTP service with retries needs more than a sandbox);
   * `limits.timeoutMs` when absent. Past it the engine aborts `ctx.signal` and answers `timeout`.
   */
  deadlineMs?(spec: S, limits: EvaluationLimits): number;
}

/** Who asked for an evaluation: written on its span as Spanloop provenance attributes. */
export interface EvaluationProvenance {
  evaluatorId?: string;
  evaluatorVersionId?: string;
  evaluatorName: string;
  recordId?: string;
  experimentId?: string;
  taskId?: string;
}

/**
 * Runs evaluators: a span `evaluation <name>` (marked `spanloop.span.role=evaluator`, never judged by online
 * evaluation), the runtime's work under it, and a `gen_ai.evaluation.result` event. With `judged` the span is a
 * child of the judged span (same trace id), otherwise the root of a new trace.
 */
/** How one run is asked for. */
export interface EvaluationRunOptions {
  provenance: EvaluationProvenance;
  judged?: { traceId: string; spanId: string };
  /** The span's parent when the evaluation belongs to a larger run (an experiment item's trace). */
  parentContext?: Context;
  signal?: AbortSignal;
}

export interface EvaluationEngine {
  run(
    workspaceId: string,
    spec: EvaluatorSpec,
    input: EvaluatorInput,
    options: EvaluationRunOptions,
  ): Promise<EvaluatorOutput & { traceId: string; spanId: string }>;
  /** `validate` of the spec's runtime. */
  validate(workspaceId: string, spec: EvaluatorSpec): Promise<string[]>;
  /**
   * Writes the result of an async run reported later (an HTTP evaluator's callback): a span `evaluation <name>`
   * under the run's own span (`run`: the traceId/spanId `run` answered), with the `gen_ai.evaluation.result` event.
   */
  complete(
    workspaceId: string,
    type: EvaluatorType,
    output: EvaluatorOutput,
    options: { provenance: EvaluationProvenance; run: { traceId: string; spanId: string } },
  ): void;
}
