import { setTimeout as sleep } from 'node:timers/promises';
import { trace } from '@opentelemetry/api';
import { AppError } from '../../core/app-error';
import type { Content } from '../../schemas/content';
import { AsyncInvokeEvaluatorResponse, InvokeEvaluatorResponse } from '../../schemas/cozeloop-evaluator-spi';
import { newInvokeId, type AsyncInvocations } from '../async-invocations';
import { failedOutput, NO_USAGE } from '../failure';
import { SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from '../http/signature';
import { outputOfSpi } from '../http/spi-output';
import type {
  EvaluatorInput,
  EvaluatorOutput,
  EvaluatorRuntime,
  HttpEvaluatorSpec,
  RuntimeContext,
} from '../types';

export interface HttpRuntimeOptions {
  /** Where async invocations wait for their report; without it async specs are refused. */
  asyncInvocations?: AsyncInvocations;
  /** Back-off before retry n is `baseDelayMs · 2^(n−1)` with jitter, at most `maxDelayMs` (Retry-After too). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  now?: () => number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_RETRIES = 2;
/** Headers the runtime sets itself; a spec cannot override them. */
const RESERVED = new Set(['content-type', TIMESTAMP_HEADER, SIGNATURE_HEADER, 'content-length', 'host']);

/** One attempt's outcome: an answer, or a failure worth retrying (with the server's Retry-After) or not. */
type Attempt =
  | { kind: 'answer'; status: number; body: unknown }
  | { kind: 'retry'; message: string; retryAfterMs?: number }
  | { kind: 'final'; output: EvaluatorOutput };

const retryAfterMs = (header: string | null): number | undefined => {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
};

const fields = (m: Record<string, Content>) => m;

/** The SPI request body (`InvokeEvaluatorRequest`, or `AsyncInvokeEvaluatorRequest` with the invoke id). */
function requestBody(spec: HttpEvaluatorSpec, input: EvaluatorInput, workspaceId: string, invokeId?: string) {
  return JSON.stringify({
    workspace_id: workspaceId,
    ...(invokeId === undefined ? {} : { invoke_id: invokeId }),
    evaluator: spec.evaluatorCode === undefined ? {} : { provider_evaluator_code: spec.evaluatorCode },
    input_data: {
      input_fields: fields(input.inputFields),
      evaluate_dataset_fields: fields(input.datasetFields),
      evaluate_target_output_fields: fields(input.targetOutputFields),
    },
  });
}

async function attempt(
  ctx: RuntimeContext,
  spec: HttpEvaluatorSpec,
  body: string,
  timeoutMs: number,
  now: () => number,
): Promise<Attempt> {
  const timestamp = String(Math.floor(now() / 1000));
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec.headers ?? {})) if (!RESERVED.has(k.toLowerCase())) headers[k] = v;
  headers['content-type'] = 'application/json';
  headers[TIMESTAMP_HEADER] = timestamp;
  if (spec.secret !== undefined && spec.secret !== '')
    headers[SIGNATURE_HEADER] = signBody(spec.secret, timestamp, body);
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = ctx.signal === undefined ? deadline : AbortSignal.any([ctx.signal, deadline]);
  let res: Response;
  try {
    res = await ctx.egress.fetch(spec.url, { method: 'POST', headers, body, signal, redirect: 'error' });
  } catch (e) {
    if (ctx.signal?.aborted === true)
      return { kind: 'final', output: failedOutput('timeout', 'the evaluation was stopped') };
    if (e instanceof AppError && e.kind === 'invalid_argument')
      return { kind: 'final', output: failedOutput('egress_refused', e.message) };
    if (deadline.aborted) return { kind: 'retry', message: `no answer within ${timeoutMs} ms` };
    return {
      kind: 'retry',
      message: `cannot reach the service: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
  if (res.status === 429 || res.status >= 500) {
    await res.body?.cancel();
    const after = retryAfterMs(res.headers.get('retry-after'));
    return {
      kind: 'retry',
      message: `the service answered ${res.status}`,
      ...(after === undefined ? {} : { retryAfterMs: after }),
    };
  }
  let parsed: unknown;
  try {
    parsed = await res.json();
  } catch {
    parsed = undefined;
  }
  return { kind: 'answer', status: res.status, body: parsed };
}

/** Attempts until an answer, a final failure, or the retries are spent. */
async function callWithRetries(
  ctx: RuntimeContext,
  spec: HttpEvaluatorSpec,
  body: string,
  options: Required<Pick<HttpRuntimeOptions, 'baseDelayMs' | 'maxDelayMs' | 'now'>>,
): Promise<Extract<Attempt, { kind: 'answer' }> | EvaluatorOutput> {
  const retries = spec.retries ?? DEFAULT_RETRIES;
  const span = trace.getSpan(ctx.traceContext);
  for (let n = 0; ; n++) {
    const result = await attempt(ctx, spec, body, spec.timeoutMs ?? DEFAULT_TIMEOUT_MS, options.now);
    if (result.kind === 'answer') return result;
    if (result.kind === 'final') return result.output;
    if (n >= retries)
      return failedOutput('service_unavailable', `${result.message} (after ${n + 1} attempts)`);
    const backoff = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** n * (0.5 + Math.random() / 2));
    const delay = Math.min(options.maxDelayMs, result.retryAfterMs ?? backoff);
    span?.addEvent('spanloop.http_evaluator.retry', {
      'spanloop.retry.attempt': n + 1,
      'spanloop.retry.delay_ms': delay,
      'exception.message': result.message,
    });
    try {
      await sleep(delay, undefined, ctx.signal === undefined ? {} : { signal: ctx.signal });
    } catch {
      return failedOutput('timeout', 'the evaluation was stopped');
    }
  }
}

const statusProblem = (status: number): EvaluatorOutput | undefined =>
  status >= 200 && status < 300
    ? undefined
    : failedOutput('service_error', `the service answered HTTP ${status}`);

/**
 * HTTP evaluators (`http`): Cozeloop's evaluator SPI over HTTP(S) through the egress policy, signed with
 * HMAC-SHA256 when the spec has a secret, a timeout per attempt and retries with back-off on 429, 5xx and
 * network errors. Async specs send an invoke id and answer `processing`; the service reports later.
 */
export function createHttpRuntime(options: HttpRuntimeOptions = {}): EvaluatorRuntime<HttpEvaluatorSpec> {
  const retryOptions = {
    baseDelayMs: options.baseDelayMs ?? 200,
    maxDelayMs: options.maxDelayMs ?? 5_000,
    now: options.now ?? Date.now,
  };
  return {
    type: 'http',
    deadlineMs: (spec) => {
      const attempts = (spec.retries ?? DEFAULT_RETRIES) + 1;
      return (
        attempts * (spec.timeoutMs ?? DEFAULT_TIMEOUT_MS) + (attempts - 1) * retryOptions.maxDelayMs + 1_000
      );
    },

    validate(spec, ctx) {
      const problems: string[] = [];
      const url = ctx.egress.checkUrl(spec.url);
      if (!url.ok) problems.push(`url: ${url.error.message}`);
      if (
        spec.timeoutMs !== undefined &&
        !(Number.isInteger(spec.timeoutMs) && spec.timeoutMs >= 100 && spec.timeoutMs <= 300_000)
      )
        problems.push('timeoutMs: an integer from 100 to 300000');
      if (
        spec.retries !== undefined &&
        !(Number.isInteger(spec.retries) && spec.retries >= 0 && spec.retries <= 5)
      )
        problems.push('retries: an integer from 0 to 5');
      if (spec.async === true && options.asyncInvocations === undefined)
        problems.push('async HTTP evaluators are not available here');
      return Promise.resolve(problems);
    },

    async run(spec, input, ctx) {
      if (spec.async !== true) {
        const answer = await callWithRetries(
          ctx,
          spec,
          requestBody(spec, input, ctx.workspaceId),
          retryOptions,
        );
        if (!('kind' in answer)) return answer;
        const bad = statusProblem(answer.status);
        if (bad !== undefined) return bad;
        const parsed = InvokeEvaluatorResponse.safeParse(answer.body);
        if (!parsed.success)
          return failedOutput(
            'bad_service_reply',
            'the service answered something other than InvokeEvaluatorResponse',
          );
        const { BaseResp: base, status, output_data: data } = parsed.data;
        if (base?.StatusCode !== undefined && base.StatusCode !== null && base.StatusCode !== 0)
          return failedOutput(
            'service_error',
            `the service answered StatusCode ${base.StatusCode}: ${base.StatusMessage ?? ''}`.trim(),
          );
        return outputOfSpi(status ?? 'unknown', data);
      }
      const invocations = options.asyncInvocations;
      if (invocations === undefined)
        return failedOutput('unsupported', 'async HTTP evaluators are not available here');
      const invokeId = newInvokeId();
      const run = trace.getSpan(ctx.traceContext)?.spanContext();
      await invocations.register({
        invokeId,
        workspaceId: ctx.workspaceId,
        provenance: ctx.provenance ?? { evaluatorName: 'http' },
        run: { traceId: run?.traceId ?? '', spanId: run?.spanId ?? '' },
      });
      const answer = await callWithRetries(
        ctx,
        spec,
        requestBody(spec, input, ctx.workspaceId, invokeId),
        retryOptions,
      );
      const failed =
        'kind' in answer
          ? (statusProblem(answer.status) ??
            (() => {
              const parsed = AsyncInvokeEvaluatorResponse.safeParse(answer.body ?? {});
              const code = parsed.success ? parsed.data.BaseResp?.StatusCode : undefined;
              return code === undefined || code === null || code === 0
                ? undefined
                : failedOutput('service_error', `the service refused the invocation (StatusCode ${code})`);
            })())
          : answer;
      if (failed !== undefined) {
        await invocations.forget(ctx.workspaceId, invokeId);
        return failed;
      }
      return { status: 'processing', reasoning: '', usage: NO_USAGE, durationMs: 0, invokeId };
    },
  };
}
