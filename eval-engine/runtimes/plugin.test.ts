import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/app-error';
import type { EvaluationInput, PluginEvaluators } from '../../plugins/sdk/index';
import { makeSpan } from '../builtin/span-test-kit';
import { makeInput, offlineEngine } from '../engine-test-kit';
import { createPluginRuntime } from './plugin';

const seen: EvaluationInput[] = [];
/** Two evaluators a plugin contributes, behind the real PluginEvaluators interface. */
const pluginEvaluators: PluginEvaluators = {
  list: () => [{ name: 'keywords', description: 'has the keywords', plugin: 'demo' }],
  evaluate(name, input) {
    seen.push(input);
    if (name !== 'keywords') return Promise.reject(new AppError('not_found', `no evaluator ${name}`));
    const text = String(input.fields.output);
    return Promise.resolve({
      score: text.includes('cat') ? 1 : 0,
      label: 'checked',
      explanation: 'looked for cat',
    });
  },
};
const egress = {
  checkUrl: () => ({ ok: true as const, value: new URL('http://x') }),
  check: () => Promise.reject(new Error('no')),
  fetch: () => Promise.reject(new Error('no')),
};

describe('plugin evaluators through the engine', () => {
  it('runs a plugin evaluator by name with the span, trace, fields and the evaluation span as context', async () => {
    const { engine, close } = offlineEngine([createPluginRuntime({ list: () => pluginEvaluators.list() })], {
      egress,
      pluginEvaluators,
    });
    const span = makeSpan();
    const out = await engine.run(
      'ws-a',
      { type: 'plugin', name: 'keywords' },
      makeInput(
        { output: 'a cat' },
        { span, trace: [span], datasetFields: { extra: { content_type: 'text', text: 'e' } } },
      ),
      { provenance: { evaluatorName: 'keywords' } },
    );
    expect(out).toMatchObject({ status: 'success', score: 1, label: 'checked', reasoning: 'looked for cat' });
    const input = seen.at(-1);
    expect(input).toMatchObject({
      workspaceId: 'ws-a',
      span,
      trace: [span],
      fields: { output: 'a cat', extra: 'e' },
    });
    expect(input === undefined ? undefined : trace.getSpan(input.traceContext)?.spanContext().spanId).toBe(
      out.spanId,
    );
    await close();
  });

  it('answers an unknown name as a failed output and refuses it when saved', async () => {
    const runtime = createPluginRuntime({ list: () => pluginEvaluators.list() });
    const { engine, close } = offlineEngine([runtime], { egress, pluginEvaluators });
    const out = await engine.run('ws-a', { type: 'plugin', name: 'nope' }, makeInput({}), {
      provenance: { evaluatorName: 'nope' },
    });
    expect(out).toMatchObject({ status: 'failed', error: { code: 'not_found' } });
    expect(await engine.validate('ws-a', { type: 'plugin', name: 'nope' })).toEqual([
      'no plugin contributes an evaluator named "nope"',
    ]);
    await close();
  });
});
