// Test kit: an evaluation engine over the model-gateway testbed (its tracer, store and egress), spans in memory.
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import type { ModelGateway } from '../plugins/sdk/index';
import type { GatewayTestbed } from '../core/model-gateway/gateway-test-kit';
import type { Sandbox } from '../core/sandbox';
import type { PluginEvaluators } from '../plugins/sdk/index';
import { createEvaluationEngine, type AnyEvaluatorRuntime, type EvaluationEngineDeps } from './engine';
import type { EvaluatorInput } from './types';
import type { Content } from '../schemas/content';

/** No runtime here uses the process sandbox: a job is a bug of the test. */
export const noSandbox: Sandbox = {
  run: () => Promise.reject(new Error('no sandbox in this test')),
  close: () => Promise.resolve(),
};
const noPluginEvaluators: PluginEvaluators = {
  list: () => [],
  evaluate: () => Promise.reject(new Error('no plugin evaluators in this test')),
  runOnSpan: () => Promise.reject(new Error('no plugin evaluators in this test')),
};

/** An engine on the testbed: its tracer (spans in `bed.spans()`), a gateway, and the egress it allowed. */
export function testEngine(
  bed: GatewayTestbed,
  runtimes: readonly AnyEvaluatorRuntime[],
  overrides: Partial<EvaluationEngineDeps> = {},
) {
  return createEvaluationEngine({
    runtimes,
    tracer: bed.tracer,
    models: bed.gateway(),
    sandbox: noSandbox,
    egress: bed.egress(),
    pluginEvaluators: noPluginEvaluators,
    ...overrides,
  });
}

const text = (t: string): Content => ({ content_type: 'text', text: t });

/** An input whose input fields are the given texts. */
export const makeInput = (
  fields: Record<string, string>,
  extra: Partial<EvaluatorInput> = {},
): EvaluatorInput => ({
  inputFields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, text(v)])),
  datasetFields: {},
  targetOutputFields: {},
  ...extra,
});

/** The finished span with this id. */
export const spanById = (bed: GatewayTestbed, spanId: string): ReadableSpan | undefined =>
  bed.spans().find((s) => s.spanContext().spanId === spanId);

const unusedModels: ModelGateway = {
  chat: () => Promise.reject(new Error('no models in this test')),
  stream: () => ({
    [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('no models in this test')) }),
  }),
};

/** An engine without models or a database: spans in memory; egress and plugin evaluators as given. */
export function offlineEngine(
  runtimes: readonly AnyEvaluatorRuntime[],
  deps: Partial<Omit<EvaluationEngineDeps, 'runtimes'>> & Pick<EvaluationEngineDeps, 'egress'>,
) {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const engine = createEvaluationEngine({
    runtimes,
    tracer: provider.getTracer('eval-engine-test'),
    models: unusedModels,
    sandbox: noSandbox,
    pluginEvaluators: noPluginEvaluators,
    ...deps,
  });
  return { engine, spans: () => exporter.getFinishedSpans(), close: () => provider.shutdown() };
}
