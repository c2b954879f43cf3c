import { trace } from '@opentelemetry/api';
import { afterAll, describe, expect, it } from 'vitest';
import { createEgressPolicy } from '../../core/egress/egress-policy';
import { openTestSandbox } from '../../core/sandbox/sandbox-test-kit';
import { textContent } from '../../schemas/content';
import type { PluginContext } from '../sdk/index';
import { createEngine } from './engine-wiring';

const sandbox = openTestSandbox({ processes: 1, memoryMb: 64 });
afterAll(() => sandbox.close());
const unused = () => Promise.reject(new Error('not used here'));

const contextWith = (options: unknown) =>
  ({
    tracer: trace.getTracer('engine-wiring-test'),
    sandbox,
    egress: createEgressPolicy({ allow: [] }),
    evaluators: { list: () => [], evaluate: unused, runOnSpan: unused },
    options,
  }) as Partial<PluginContext> as PluginContext;

describe('the evaluators plugin options', () => {
  it('set the CPU limit of code evaluators', async () => {
    const engine = createEngine(contextWith({ cpuMs: 300 }));
    const out = await engine.run(
      'ws-options',
      { type: 'code', language: 'javascript', code: 'function exec_evaluation() { for (;;) {} }' },
      { inputFields: {}, datasetFields: {}, targetOutputFields: { actual_output: textContent('x') } },
      { provenance: { evaluatorName: 'spin' } },
    );
    expect(out).toMatchObject({
      status: 'failed',
      error: { code: 'timeout', message: 'exec_evaluation used more than 300 ms of CPU' },
    });
  });

  it('refuse limits out of range or unknown', () => {
    expect(() => createEngine(contextWith({ cpuMs: 10 }))).toThrow();
    expect(() => createEngine(contextWith({ memoryMB: 64 }))).toThrow();
  });
});
