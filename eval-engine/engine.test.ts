import { ROOT_CONTEXT, SpanStatusCode, trace, TraceFlags } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../core/app-error';
import type { Sandbox } from '../core/sandbox';
import type { ModelGateway, PluginContext } from '../plugins/sdk/index';
import { createEvaluationEngine, type AnyEvaluatorRuntime } from './engine';
import { makeInput } from './engine-test-kit';
import { EvaluatorFailure } from './failure';
import type { BuiltinEvaluatorSpec, EvaluatorOutput, EvaluatorRuntime, RuntimeContext } from './types';

const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
afterAll(() => provider.shutdown());

const unused = () => Promise.reject(new Error('not used by this test'));
const models: ModelGateway = {
  chat: unused,
  stream: () => ({ [Symbol.asyncIterator]: () => ({ next: unused }) }),
};
const sandbox: Sandbox = { run: unused, close: () => Promise.resolve() };
const egress: PluginContext['egress'] = {
  checkUrl: () => ({ ok: false, error: new AppError('invalid_argument', 'no egress') }),
  check: unused,
  fetch: unused,
};

/** A builtin-typed runtime whose behaviour each test gives. */
const scripted = (
  run: (ctx: RuntimeContext) => Promise<EvaluatorOutput>,
  deadlineMs?: number,
): EvaluatorRuntime<BuiltinEvaluatorSpec> => ({
  type: 'builtin',
  validate: (spec) => Promise.resolve(spec.name === 'bad' ? ['bad name'] : []),
  run: (_spec, _input, ctx) => run(ctx),
  ...(deadlineMs === undefined ? {} : { deadlineMs: () => deadlineMs }),
});

const engineWith = (runtime: AnyEvaluatorRuntime, timeoutMs = 5_000) =>
  createEvaluationEngine({
    runtimes: [runtime],
    tracer: provider.getTracer('eval-engine-test'),
    models,
    sandbox,
    egress,
    pluginEvaluators: { list: () => [], evaluate: unused, runOnSpan: unused },
    limits: { timeoutMs },
  });

const ok = (score: number): EvaluatorOutput => ({
  status: 'success',
  score,
  label: 'pass',
  reasoning: 'because',
  usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 },
  durationMs: 0,
});
const spec: BuiltinEvaluatorSpec = { type: 'builtin', name: 'x' };
const input = makeInput({ output: 'o' });
const provenance = {
  evaluatorName: 'exactness',
  evaluatorId: 'ev_1',
  evaluatorVersionId: 'evv_2',
  recordId: 'rec_3',
  experimentId: 'exp_4',
  taskId: 'task_5',
};
const finished = (spanId: string) =>
  exporter.getFinishedSpans().find((s) => s.spanContext().spanId === spanId);

describe('the evaluation engine', () => {
  it('writes a span "evaluation <name>" under the judged span with provenance and the result event', async () => {
    const judged = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16) };
    const out = await engineWith(scripted(() => Promise.resolve(ok(0.75)))).run('ws-a', spec, input, {
      provenance,
      judged,
    });
    expect(out).toMatchObject({ status: 'success', score: 0.75, traceId: judged.traceId });
    const span = finished(out.spanId);
    expect(span?.name).toBe('evaluation exactness');
    expect(span?.parentSpanContext?.spanId).toBe(judged.spanId);
    expect(span?.links[0]?.context.spanId).toBe(judged.spanId);
    expect(span?.attributes).toMatchObject({
      'spanloop.workspace_id': 'ws-a',
      'spanloop.span.role': 'evaluator',
      'gen_ai.operation.name': 'evaluation',
      'spanloop.evaluator.id': 'ev_1',
      'spanloop.evaluator.version_id': 'evv_2',
      'spanloop.evaluator.type': 'deterministic',
      'spanloop.evaluation.record_id': 'rec_3',
      'spanloop.experiment.id': 'exp_4',
      'spanloop.task.id': 'task_5',
    });
    expect(span?.events.map((e) => [e.name, e.attributes])).toEqual([
      [
        'gen_ai.evaluation.result',
        {
          'gen_ai.evaluation.name': 'exactness',
          'gen_ai.evaluation.score.value': 0.75,
          'gen_ai.evaluation.score.label': 'pass',
          'gen_ai.evaluation.explanation': 'because',
        },
      ],
    ]);
    expect(span?.status.code).not.toBe(SpanStatusCode.ERROR);
  });

  it('starts a new trace without a judged span, and nests under parentContext when given', async () => {
    const engine = engineWith(scripted(() => Promise.resolve(ok(1))));
    const alone = await engine.run('ws-a', spec, input, { provenance });
    expect(finished(alone.spanId)?.parentSpanContext).toBeUndefined();
    const parent = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: 'c'.repeat(32),
      spanId: 'd'.repeat(16),
      traceFlags: TraceFlags.SAMPLED,
    });
    const nested = await engine.run('ws-a', spec, input, { provenance, parentContext: parent });
    expect(nested.traceId).toBe('c'.repeat(32));
    expect(finished(nested.spanId)?.parentSpanContext?.spanId).toBe('d'.repeat(16));
  });

  it('hands the runtime the evaluation span as its trace context', async () => {
    let seen: string | undefined;
    const out = await engineWith(
      scripted((ctx) => {
        seen = trace.getSpan(ctx.traceContext)?.spanContext().spanId;
        return Promise.resolve(ok(1));
      }),
    ).run('ws-a', spec, input, { provenance });
    expect(seen).toBe(out.spanId);
  });

  it.each([
    [
      'an EvaluatorFailure keeps its code',
      new EvaluatorFailure('sandbox_violation', 'no fs'),
      'sandbox_violation',
    ],
    ['an AppError gives its kind', new AppError('unavailable', 'down'), 'unavailable'],
    ['any other throw is runtime_error', new TypeError('oops'), 'runtime_error'],
  ])('turns a throw into a failed output: %s', async (_, thrown, code) => {
    const out = await engineWith(scripted(() => Promise.reject(thrown))).run('ws-a', spec, input, {
      provenance,
    });
    expect(out).toMatchObject({ status: 'failed', error: { code } });
    const span = finished(out.spanId);
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    expect(span?.attributes['error.type']).toBe(code);
    expect(span?.events[0]?.attributes?.['error.type']).toBe(code);
  });

  it('turns a synchronous throw into a failed output too', async () => {
    const sync: EvaluatorRuntime<BuiltinEvaluatorSpec> = {
      type: 'builtin',
      validate: () => Promise.resolve([]),
      run: () => {
        throw new EvaluatorFailure('missing_input', 'no field');
      },
    };
    const out = await engineWith(sync).run('ws-a', spec, input, { provenance });
    expect(out).toMatchObject({ status: 'failed', error: { code: 'missing_input', message: 'no field' } });
  });

  it('answers timeout past the deadline even when the runtime ignores the abort, and aborts its signal', async () => {
    let signal: AbortSignal | undefined;
    const out = await engineWith(
      scripted((ctx) => {
        signal = ctx.signal;
        return new Promise(() => undefined);
      }),
      50,
    ).run('ws-a', spec, input, { provenance });
    expect(out).toMatchObject({ status: 'failed', error: { code: 'timeout' } });
    expect(signal?.aborted).toBe(true);
  });

  it("uses the runtime's own deadline over the default limit", async () => {
    const slow = scripted(() => new Promise((r) => setTimeout(() => r(ok(1)), 100)), 5_000);
    const out = await engineWith(slow, 10).run('ws-a', spec, input, { provenance });
    expect(out.status).toBe('success');
    expect(out.durationMs).toBeGreaterThanOrEqual(90);
  });

  it('answers cancelled when the caller aborts', async () => {
    const caller = new AbortController();
    const pending = engineWith(scripted(() => new Promise(() => undefined))).run('ws-a', spec, input, {
      provenance,
      signal: caller.signal,
    });
    caller.abort();
    expect(await pending).toMatchObject({ status: 'failed', error: { code: 'cancelled' } });
  });

  it('rejects with rate_limited (a full queue: try later) and an unknown type with invalid_argument', async () => {
    const limited = engineWith(scripted(() => Promise.reject(new AppError('rate_limited', 'queue full', 1))));
    await expect(limited.run('ws-a', spec, input, { provenance })).rejects.toMatchObject({
      kind: 'rate_limited',
    });
    await expect(
      limited.run('ws-a', { type: 'http', url: 'https://x.example' }, input, { provenance }),
    ).rejects.toMatchObject({ kind: 'invalid_argument' });
  });

  it("validates through the spec's runtime", async () => {
    const engine = engineWith(scripted(() => Promise.resolve(ok(1))));
    expect(await engine.validate('ws-a', { type: 'builtin', name: 'bad' })).toEqual(['bad name']);
    expect(await engine.validate('ws-a', { type: 'plugin', name: 'p' })).toEqual([
      'no runtime for evaluator type "plugin"',
    ]);
  });

  it('writes an async result later under the run span', () => {
    const engine = engineWith(scripted(() => Promise.resolve(ok(1))));
    const before = exporter.getFinishedSpans().length;
    engine.complete(
      'ws-a',
      'http',
      { ...ok(0.3), invokeId: '42' },
      {
        provenance,
        run: { traceId: 'e'.repeat(32), spanId: 'f'.repeat(16) },
      },
    );
    const span = exporter.getFinishedSpans()[before];
    expect(span?.spanContext().traceId).toBe('e'.repeat(32));
    expect(span?.parentSpanContext?.spanId).toBe('f'.repeat(16));
    expect(span?.attributes['spanloop.evaluation.invoke_id']).toBe('42');
    expect(span?.events[0]?.attributes?.['gen_ai.evaluation.score.value']).toBe(0.3);
  });
});
