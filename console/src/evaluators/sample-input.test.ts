import { describe, expect, it } from 'vitest';
import { sampleFieldsOf, sampleInput, specForServer } from './sample-input';

describe('sample input of the test panel', () => {
  it('adds a judge’s own variables after input, output and reference_output', () => {
    expect(
      sampleFieldsOf({
        type: 'prompt',
        messages: [{ role: 'user', content: '{{context}} {{output}} {{input}} {{criteria}}' }],
        model: { modelId: 'm' },
      }),
    ).toEqual(['input', 'output', 'reference_output', 'context', 'criteria']);
    expect(sampleFieldsOf({ type: 'code', language: 'python', code: '{{x}}' })).toEqual([
      'input',
      'output',
      'reference_output',
    ]);
  });

  it('lays the fields out as Cozeloop does: output is the target’s actual_output', () => {
    const input = sampleInput({ input: 'q', output: 'a', reference_output: 'r', context: 'c' }, [
      'input',
      'output',
      'reference_output',
      'context',
    ]);
    expect(input.targetOutputFields).toEqual({ actual_output: { content_type: 'text', text: 'a' } });
    expect(Object.keys(input.datasetFields)).toEqual(['input', 'reference_output', 'context']);
    expect(input.inputFields.output).toEqual({ content_type: 'text', text: 'a' });
    expect(input.inputFields.context?.text).toBe('c');
  });

  it('never sends hasSecret, and keeps a newly typed secret', () => {
    expect(specForServer({ type: 'http', url: 'https://x', hasSecret: true })).toEqual({
      type: 'http',
      url: 'https://x',
    });
    expect(specForServer({ type: 'http', url: 'https://x', secret: 's' })).toEqual({
      type: 'http',
      url: 'https://x',
      secret: 's',
    });
  });
});
