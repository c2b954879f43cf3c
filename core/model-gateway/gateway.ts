import { setTimeout as sleep } from 'node:timers/promises';
import {
  context,
  SpanKind,
  SpanStatusCode,
  type Attributes,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import type { ChatUsage } from '../../schemas/chat';
import type { ModelPricing, ProviderKind } from '../../schemas/models';
import { AppError } from '../app-error';
import type { EgressPolicy } from '../egress/types';
import type { Logger } from '../logger';
import type { SqlClient } from '../metadata/types';
import { anthropicProvider } from './anthropic-provider';
import { startDeadline, type AttemptDeadline } from './attempt-deadline';
import { requestAttributes, responseAttributes } from './gen-ai-span';
import { openAiProvider } from './openai-provider';
import { errorType, prepareCall, toAppError, type PreparedCall } from './prepare-call';
import {
  DEFAULT_URLS,
  ProviderError,
  type ProviderDelta,
  type ProviderFactory,
  type ProviderReply,
} from './provider-client';
import { createRateLimiter } from './rate-limiter';
import { DEFAULT_RETRY_POLICY, isRetryable, retryDelayMs, type RetryPolicy } from './retry-policy';
import type { SecretBox } from './secret-box';
import type { ChatChunk, ChatRequest, ChatResult, ModelGateway } from './types';

/** USD of one call; `pricing` is the model's own, which wins over any table. Undefined when not priced. */
export type CostFunction = (
  model: string,
  usage: ChatUsage,
  pricing: ModelPricing | undefined,
) => number | undefined;

export interface ModelGatewayDeps {
  /** The metadata store holding model_providers and models. */
  sql: SqlClient;
  /** Opens the providers' sealed keys and headers. */
  secrets: SecretBox;
  /** Every request to a provider goes through it (SPANLOOP_EGRESS_ALLOW). */
  egress: Pick<EgressPolicy, 'fetch'>;
  tracer: Tracer;
  logger: Logger;
  /** cli wires the collector's price table here; without it calls cost 0. */
  cost?: CostFunction;
  /** Replaces a provider implementation (tests, new wire protocols). */
  providers?: Partial<Record<ProviderKind, ProviderFactory>>;
  retry?: Partial<RetryPolicy>;
  /** Monotonic milliseconds, for rate limits and time to first chunk. */
  now?: () => number;
  random?: () => number;
}

/**
 * The model gateway: resolves a workspace's model and provider, validates parameters against the model's schema,
 * calls the provider's official SDK with a per-attempt timeout, retries with back-off (honouring Retry-After),
 * applies the provider's rate limit, and records each call as one CLIENT span with GenAI attributes.
 *
 * @example
 * const gateway = createModelGateway({ sql, secrets, egress, tracer, logger });
 * const result = await gateway.chat('default', { modelId: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
 */
export function createModelGateway(deps: ModelGatewayDeps): ModelGateway {
  const limiter = createRateLimiter();
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...deps.retry };
  const now = deps.now ?? (() => performance.now());
  const random = deps.random ?? Math.random;
  const factories: Record<ProviderKind, ProviderFactory> = {
    openai: openAiProvider,
    anthropic: anthropicProvider,
    ...deps.providers,
  };
  const prepareDeps = { sql: deps.sql, secrets: deps.secrets, factories, fetch: deps.egress.fetch };
  // The precise error.type of a failure the gateway turned into an AppError.
  const errorTypes = new WeakMap<object, string>();

  function startSpan(p: PreparedCall, request: ChatRequest, stream: boolean): Span {
    const extra: Attributes = { ...request.spanAttributes };
    const attributes = requestAttributes(
      {
        workspaceId: p.provider.workspaceId,
        vendor: p.vendor,
        model: p.model,
        provider: { ...p.provider, defaultUrl: DEFAULT_URLS[p.provider.kind] },
        params: p.call.params,
        messages: p.call.messages,
        tools: p.call.tools,
        stream,
      },
      extra,
    );
    return deps.tracer.startSpan(
      `chat ${p.model.model}`,
      { kind: SpanKind.CLIENT, attributes },
      request.parentContext ?? context.active(),
    );
  }

  /** The attempt's failure as a ProviderError; the caller's own abort is rethrown as it is. */
  function settle(raw: unknown, deadline: AttemptDeadline, signal: AbortSignal | undefined, ms: number) {
    signal?.throwIfAborted();
    const e = raw instanceof ProviderError ? raw : new ProviderError('protocol', String(raw));
    if (e.reason === 'aborted' && deadline.expired)
      return new ProviderError('timeout', `no answer within ${ms} ms`);
    return e;
  }

  /** A final failure as the API reports it, remembering its precise error.type for the span. */
  function failure(e: ProviderError, provider: string): AppError {
    const error = toAppError(e, provider);
    errorTypes.set(error, errorType(e));
    return error;
  }

  /** Runs attempts until one succeeds, retries are spent or the failure is final; the deadline is the caller's to clear. */
  async function attempt<T>(
    p: PreparedCall,
    span: Span,
    signal: AbortSignal | undefined,
    run: (deadline: AttemptDeadline) => Promise<T>,
  ): Promise<{ value: T; deadline: AttemptDeadline }> {
    const { provider } = p;
    for (let retry = 0; ; retry++) {
      if (provider.rateLimitRpm !== null) {
        const wait = limiter.take(provider.id, provider.rateLimitRpm, now());
        if (wait !== undefined) {
          const e = new AppError(
            'rate_limited',
            `provider "${provider.name}" is limited to ${provider.rateLimitRpm} requests per minute`,
            Math.max(1, Math.ceil(wait / 1000)),
          );
          errorTypes.set(e, 'rate_limited');
          throw e;
        }
      }
      const deadline = startDeadline(provider.timeoutMs, signal);
      try {
        return { value: await run(deadline), deadline };
      } catch (raw) {
        deadline.clear();
        const e = settle(raw, deadline, signal, provider.timeoutMs);
        const delay =
          retry < provider.maxRetries && isRetryable(e)
            ? retryDelayMs(e, retry + 1, policy, random)
            : undefined;
        if (delay === undefined) throw failure(e, provider.name);
        span.addEvent('gen_ai.client.retry', {
          'spanloop.retry.attempt': retry + 1,
          'spanloop.retry.delay_ms': delay,
          'error.type': errorType(e),
          'exception.message': e.message,
        });
        deps.logger.debug('retrying a model call', {
          provider: provider.name,
          model: p.model.name,
          retry: retry + 1,
          delayMs: delay,
          error: e.message,
        });
        try {
          await sleep(delay, undefined, signal === undefined ? {} : { signal });
        } catch {
          signal?.throwIfAborted();
        }
      }
    }
  }

  function finish(span: Span, p: PreparedCall, reply: ProviderReply, ttftMs: number | undefined): ChatResult {
    const pricing = p.model.pricing ?? undefined;
    const cost =
      deps.cost?.(reply.model, reply.usage, pricing) ?? deps.cost?.(p.model.model, reply.usage, pricing);
    span.setAttributes(responseAttributes(reply, cost, ttftMs));
    span.end();
    const { traceId, spanId } = span.spanContext();
    return {
      message: reply.message,
      finishReason: reply.finishReason,
      usage: reply.usage,
      model: reply.model,
      ...(ttftMs === undefined ? {} : { timeToFirstTokenMs: ttftMs }),
      cost: cost ?? 0,
      traceId,
      spanId,
    };
  }

  function fail(span: Span, p: PreparedCall, e: unknown): unknown {
    const error = e instanceof Error ? e : new Error(String(e));
    const type = errorTypes.get(error) ?? (e instanceof AppError ? e.kind : error.name);
    span.setAttribute('error.type', type);
    span.recordException(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    span.end();
    deps.logger.warn('model call failed', {
      provider: p.provider.name,
      model: p.model.name,
      error: error.message,
    });
    return e;
  }

  async function* stream(workspaceId: string, request: ChatRequest): AsyncGenerator<ChatChunk> {
    const p = await prepareCall(prepareDeps, workspaceId, request);
    const span = startSpan(p, request, true);
    const started = now();
    let iterator: AsyncIterator<ProviderDelta> | undefined;
    let deadline: AttemptDeadline | undefined;
    let settled = false;
    try {
      // Retries cover opening the stream and its first delta; after that, the caller has seen output.
      const opened = await attempt(p, span, request.signal, async (d) => {
        const stream = p.client.stream({ ...p.call, signal: d.signal, heartbeat: () => d.reset() });
        const it = stream[Symbol.asyncIterator]();
        return { it, first: await it.next() };
      });
      ({ deadline } = opened);
      iterator = opened.value.it;
      let next = opened.value.first;
      let ttftMs: number | undefined;
      while (next.done !== true) {
        const delta = next.value;
        if (delta.type === 'end') {
          settled = true;
          deadline.clear();
          yield { type: 'done', result: finish(span, p, delta.reply, ttftMs ?? now() - started) };
          return;
        }
        ttftMs ??= now() - started;
        // A slow reader is not a silent provider: the clock stops while the caller holds the chunk.
        deadline.pause();
        yield delta;
        deadline.resume();
        try {
          next = await iterator.next();
        } catch (raw) {
          throw failure(settle(raw, deadline, request.signal, p.provider.timeoutMs), p.provider.name);
        }
      }
      throw new AppError(
        'unavailable',
        `provider "${p.provider.name}" ended the stream without a final message`,
      );
    } catch (e) {
      settled = true;
      throw fail(span, p, e);
    } finally {
      deadline?.clear();
      if (!settled) {
        // The caller stopped reading: close the provider's stream and say so on the span.
        await iterator?.return?.(undefined).catch(() => undefined);
        span.setAttribute('error.type', 'cancelled');
        span.setStatus({ code: SpanStatusCode.ERROR, message: 'the caller stopped reading the stream' });
        span.end();
      }
    }
  }

  return {
    async chat(workspaceId, request) {
      const p = await prepareCall(prepareDeps, workspaceId, request);
      const span = startSpan(p, request, false);
      try {
        const { value, deadline } = await attempt(p, span, request.signal, (d) =>
          p.client.chat({ ...p.call, signal: d.signal }),
        );
        deadline.clear();
        return finish(span, p, value, undefined);
      } catch (e) {
        throw fail(span, p, e);
      }
    },
    stream,
  };
}
