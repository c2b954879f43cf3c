import { TracerProvider } from '@opentelemetry/sdk-trace';
import { AppError } from '../core/app-error';
import { startFakeOpenAi } from '../core/model-gateway/fake-openai-server';
import { openGatewayTestbed } from '../core/model-gateway/gateway-test-kit';
import type { Sandbox } from '../core/sandbox';
import type { ModelGateway, PluginContext } from '../plugins/sdk/index';
import { createEvaluationEngine } from '../eval-engine/engine';
import { createBuiltinRuntime } from '../eval-engine/runtimes/builtin';
import { createPromptRuntime } from '../eval-engine/runtimes/prompt';
import type { BuiltinEvaluatorSpec, EvaluatorInput, PromptEvaluatorSpec } from '../eval-engine/types';
import { JUDGE_TOOL_NAME, judgeTool } from '../eval-engine/judge/judge-tool';

const unused = () => Promise.reject(new Error('not used by the bench'));
const sandbox: Sandbox = { run: unused, close: () => Promise.resolve() };
const pluginEvaluators: PluginContext['evaluators'] = { list: () => [], evaluate: unused, runOnSpan: unused };
const egress: PluginContext['egress'] = {
  checkUrl: () => ({ ok: false, error: new AppError('invalid_argument', 'no egress') }),
  check: unused,
  fetch: unused,
};
const text = (t: string) => ({ content_type: 'text' as const, text: t });

const input: EvaluatorInput = {
  inputFields: {
    output: text('The quick brown fox jumps over the lazy dog near the river bank at noon.'),
    reference_output: text('A quick brown fox jumped over a lazy dog by the river at noon.'),
  },
  datasetFields: {},
  targetOutputFields: {},
};

/** A mix of the deterministic built-ins on a one-sentence answer. */
const MIX: BuiltinEvaluatorSpec[] = [
  { type: 'builtin', name: 'exact' },
  { type: 'builtin', name: 'contains', params: { value: 'fox' } },
  { type: 'builtin', name: 'contains_any', params: { values: ['cat', 'dog'] } },
  { type: 'builtin', name: 'regex', params: { pattern: '\\bfox\\b' } },
  { type: 'builtin', name: 'json_valid' },
  { type: 'builtin', name: 'levenshtein' },
  { type: 'builtin', name: 'bleu' },
  { type: 'builtin', name: 'rouge_l' },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Deterministic evaluations per second on one core, through the whole engine (span and event included). */
async function deterministic(models: ModelGateway) {
  const provider = new TracerProvider();
  const engine = createEvaluationEngine({
    runtimes: [createBuiltinRuntime()],
    tracer: provider.getTracer('bench'),
    models,
    sandbox,
    egress,
    pluginEvaluators,
  });
  const once = (i: number) =>
    engine.run('bench', MIX[i % MIX.length] as BuiltinEvaluatorSpec, input, {
      provenance: { evaluatorName: 'bench' },
    });
  for (let i = 0; i < 2_000; i++) await once(i);
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) {
    const started = performance.now();
    let n = 0;
    while (performance.now() - started < 400) await once(n++);
    runs.push((n / (performance.now() - started)) * 1000);
  }
  await provider.shutdown();
  return {
    evaluationsPerSecond: Math.round(median(runs)),
    runs: runs.map(Math.round),
    goal: '>= 1000',
    mix: MIX.map((m) => m.name),
  };
}

/** What the judge adds over its model call: engine + prompt runtime vs the same gateway call, on the fake server. */
async function judgeOverhead(iterations: number) {
  const bed = await openGatewayTestbed();
  const fake = await startFakeOpenAi({
    fallback: {
      type: 'message',
      toolCalls: [{ name: 'eval', arguments: '{"reason": "fine", "score": 0.8}' }],
    },
  });
  try {
    const { model } = await bed.register({
      provider: { kind: 'openai', baseUrl: fake.url, apiKey: 'sk-bench' },
    });
    const gateway = bed.gateway();
    const engine = createEvaluationEngine({
      runtimes: [createPromptRuntime()],
      tracer: bed.tracer,
      models: gateway,
      sandbox,
      egress,
      pluginEvaluators,
    });
    const spec: PromptEvaluatorSpec = {
      type: 'prompt',
      messages: [{ role: 'user', content: 'Question: {{reference_output}}\nAnswer: {{output}}' }],
      model: { modelId: model.id },
    };
    const direct = () =>
      gateway.chat('ws-a', {
        modelId: model.id,
        messages: [
          { role: 'user', content: `Question: x\nAnswer: y\n\nIn any case, you must call the bound tool.` },
        ],
        tools: [judgeTool({ kind: 'range', min: 0, max: 1 })],
        toolChoice: { name: JUDGE_TOOL_NAME },
      });
    const judged = async () => {
      const out = await engine.run('ws-a', spec, input, { provenance: { evaluatorName: 'bench' } });
      if (out.status !== 'success') throw new Error(`the judge failed: ${out.error?.message}`);
    };
    for (let i = 0; i < 50; i++) {
      await direct();
      await judged();
    }
    const directMs: number[] = [];
    const judgeMs: number[] = [];
    for (let i = 0; i < iterations; i++) {
      let t = performance.now();
      await direct();
      directMs.push(performance.now() - t);
      t = performance.now();
      await judged();
      judgeMs.push(performance.now() - t);
    }
    const round = (x: number) => Math.round(x * 1000) / 1000;
    return {
      iterations,
      modelCallMedianMs: round(median(directMs)),
      judgeMedianMs: round(median(judgeMs)),
      overheadMedianMs: round(median(judgeMs) - median(directMs)),
      goal: '< 2 ms',
    };
  } finally {
    await fake.close();
    await bed.close();
  }
}

/** `npm run bench -- --only=evaluators`. */
export async function benchEvaluators(options: { judgeIterations: number }) {
  const models: ModelGateway = {
    chat: unused,
    stream: () => ({ [Symbol.asyncIterator]: () => ({ next: unused }) }),
  };
  return {
    deterministic: await deterministic(models),
    judge: await judgeOverhead(options.judgeIterations),
  };
}
