import {
  context,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  TraceFlags,
  trace,
  type Context,
  type Link,
  type Tracer,
} from '@opentelemetry/api';
import { AppError } from '../core/app-error';
import { WORKSPACE_ATTRIBUTE } from '../core/self-telemetry/attributes';
import type { PluginContext } from '../plugins/sdk/index';
import {
  EVALUATION_RESULT_EVENT,
  provenanceAttributes,
  resultEventAttributes,
} from './evaluation-attributes';
import { failedOutput, outputOfThrow } from './failure';
import type {
  EvaluationEngine,
  EvaluationLimits,
  EvaluationRunOptions,
  EvaluatorOutput,
  EvaluatorRuntime,
  EvaluatorSpec,
  EvaluatorType,
  RuntimeContext,
} from './types';

/** 5 s of CPU, 128 MiB, 5 s of wall time per run (issue 13). */
export const DEFAULT_LIMITS: EvaluationLimits = { cpuMs: 5_000, memoryMb: 128, timeoutMs: 5_000 };

/** A runtime for one evaluator type, whichever. */
export type AnyEvaluatorRuntime = {
  [K in EvaluatorType]: EvaluatorRuntime<Extract<EvaluatorSpec, { type: K }>>;
}[EvaluatorType];

export interface EvaluationEngineDeps {
  /** One per type; a spec of a type without a runtime is refused with `invalid_argument`. */
  runtimes: readonly AnyEvaluatorRuntime[];
  /** The plugin's tracer (`PluginContext.tracer`): evaluation spans flow back into Spanloop. */
  tracer: Tracer;
  models: PluginContext['models'];
  sandbox: PluginContext['sandbox'];
  egress: PluginContext['egress'];
  pluginEvaluators: PluginContext['evaluators'];
  limits?: Partial<EvaluationLimits>;
  now?: () => number;
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The context the evaluation span starts under: the judged span's trace, the caller's, or a new trace. */
function parentOf(options: EvaluationRunOptions): { parent: Context; links: Link[] } {
  if (options.judged === undefined) return { parent: options.parentContext ?? ROOT_CONTEXT, links: [] };
  const target = {
    traceId: options.judged.traceId,
    spanId: options.judged.spanId,
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  };
  return {
    parent: trace.setSpanContext(ROOT_CONTEXT, target),
    links: [{ context: target, attributes: { 'spanloop.link': 'evaluated' } }],
  };
}

/**
 * The evaluation engine: runs a spec through its type's runtime within limits, inside a span
 * `evaluation <name>` carrying a `gen_ai.evaluation.result` event. Whatever a runtime throws (except a full
 * queue, `rate_limited`) becomes a failed output; a run past its deadline is aborted and answers `timeout`.
 *
 * @example
 * const engine = createEvaluationEngine({ runtimes: [createPromptRuntime(), createBuiltinRuntime()], tracer: ctx.tracer,
 *   models: ctx.models, sandbox: ctx.sandbox, egress: ctx.egress, pluginEvaluators: ctx.evaluators });
 * const out = await engine.run('default', spec, input, { provenance: { evaluatorName: 'relevance' } });
 */
export function createEvaluationEngine(deps: EvaluationEngineDeps): EvaluationEngine {
  const limits: EvaluationLimits = { ...DEFAULT_LIMITS, ...deps.limits };
  const now = deps.now ?? (() => performance.now());
  const runtimes = new Map<string, AnyEvaluatorRuntime>(deps.runtimes.map((r) => [r.type, r]));
  const runtimeOf = (spec: EvaluatorSpec) => {
    const runtime = runtimes.get(spec.type) as EvaluatorRuntime | undefined;
    if (runtime === undefined)
      throw new AppError('invalid_argument', `no runtime for evaluator type "${spec.type}"`);
    return runtime;
  };

  return {
    async run(workspaceId, spec, input, options) {
      const runtime = runtimeOf(spec);
      const { provenance } = options;
      const { parent, links } = parentOf(options);
      const span = deps.tracer.startSpan(
        `evaluation ${provenance.evaluatorName}`,
        {
          kind: SpanKind.INTERNAL,
          attributes: { [WORKSPACE_ATTRIBUTE]: workspaceId, ...provenanceAttributes(spec.type, provenance) },
          links,
        },
        parent,
      );
      const traceContext = trace.setSpan(parent, span);
      const controller = new AbortController();
      const deadlineMs = runtime.deadlineMs?.(spec, limits) ?? limits.timeoutMs;
      const started = now();
      const ctx: RuntimeContext = {
        workspaceId,
        models: deps.models,
        sandbox: deps.sandbox,
        egress: deps.egress,
        tracer: deps.tracer,
        traceContext,
        pluginEvaluators: deps.pluginEvaluators,
        limits,
        signal: controller.signal,
        provenance,
      };
      let timer: NodeJS.Timeout | undefined;
      let forwardAbort: (() => void) | undefined;
      const stopped = new Promise<EvaluatorOutput>((resolve) => {
        timer = setTimeout(() => {
          resolve(failedOutput('timeout', `no result within ${deadlineMs} ms`));
          controller.abort(new Error(`evaluation deadline of ${deadlineMs} ms passed`));
        }, deadlineMs);
        const caller = options.signal;
        if (caller === undefined) return;
        forwardAbort = () => {
          resolve(failedOutput('cancelled', 'the caller cancelled the evaluation'));
          controller.abort(caller.reason);
        };
        if (caller.aborted) forwardAbort();
        else caller.addEventListener('abort', forwardAbort, { once: true });
      });
      let output: EvaluatorOutput;
      try {
        output = await Promise.race([
          // A runtime that throws synchronously rejects this promise like an async one.
          new Promise<EvaluatorOutput>((resolve) =>
            resolve(context.with(traceContext, () => runtime.run(spec, input, ctx))),
          ).catch((e: unknown) => {
            if (e instanceof AppError && e.kind === 'rate_limited') throw e;
            return outputOfThrow(e);
          }),
          stopped,
        ]);
      } catch (e) {
        span.setAttribute('error.type', 'rate_limited');
        span.setStatus({ code: SpanStatusCode.ERROR, message: messageOf(e) });
        span.end();
        throw e;
      } finally {
        clearTimeout(timer);
        if (forwardAbort !== undefined) options.signal?.removeEventListener('abort', forwardAbort);
      }
      output = { ...output, durationMs: Math.max(0, Math.round(now() - started)) };
      if (output.status === 'processing') {
        if (output.invokeId !== undefined)
          span.setAttribute('spanloop.evaluation.invoke_id', output.invokeId);
      } else {
        span.addEvent(
          EVALUATION_RESULT_EVENT,
          resultEventAttributes(provenance.evaluatorName, output, input),
        );
      }
      if (output.status === 'failed') {
        span.setAttribute('error.type', output.error?.code ?? 'failed');
        span.setStatus({ code: SpanStatusCode.ERROR, message: output.error?.message ?? 'failed' });
      }
      span.end();
      const { traceId, spanId } = span.spanContext();
      return { ...output, traceId, spanId };
    },

    async validate(workspaceId, spec) {
      const runtime = runtimes.get(spec.type) as EvaluatorRuntime | undefined;
      if (runtime === undefined) return [`no runtime for evaluator type "${spec.type}"`];
      try {
        return await runtime.validate(spec, { workspaceId, egress: deps.egress, sandbox: deps.sandbox });
      } catch (e) {
        return [messageOf(e)];
      }
    },

    complete(workspaceId, type, output, options) {
      const runSpan = {
        traceId: options.run.traceId,
        spanId: options.run.spanId,
        traceFlags: TraceFlags.SAMPLED,
        isRemote: true,
      };
      const span = deps.tracer.startSpan(
        `evaluation ${options.provenance.evaluatorName}`,
        {
          kind: SpanKind.INTERNAL,
          attributes: {
            [WORKSPACE_ATTRIBUTE]: workspaceId,
            ...provenanceAttributes(type, options.provenance),
            ...(output.invokeId === undefined ? {} : { 'spanloop.evaluation.invoke_id': output.invokeId }),
          },
        },
        trace.setSpanContext(ROOT_CONTEXT, runSpan),
      );
      span.addEvent(EVALUATION_RESULT_EVENT, resultEventAttributes(options.provenance.evaluatorName, output));
      if (output.status === 'failed') {
        span.setAttribute('error.type', output.error?.code ?? 'failed');
        span.setStatus({ code: SpanStatusCode.ERROR, message: output.error?.message ?? 'failed' });
      }
      span.end();
    },
  };
}
