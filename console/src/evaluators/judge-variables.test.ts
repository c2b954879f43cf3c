import { describe, expect, it } from 'vitest';
import { judgeVariables, splitVariables } from './judge-variables';

describe('judge variables', () => {
  it('lists each {{name}} once in first-use order, spaces allowed inside the braces', () => {
    expect(
      judgeVariables([
        { content: 'Q: {{ input }} A: {{output}}' },
        { content: '{{reference_output}} and {{input}} again; {{not a var}} {{1x}}' },
      ]),
    ).toEqual(['input', 'output', 'reference_output']);
  });

  it('splits text into plain and variable pieces that join back to the text', () => {
    const text = 'Rate {{output}} against {{ reference_output }}.';
    const pieces = splitVariables(text);
    expect(pieces).toEqual([
      { text: 'Rate ', variable: false },
      { text: '{{output}}', variable: true },
      { text: ' against ', variable: false },
      { text: '{{ reference_output }}', variable: true },
      { text: '.', variable: false },
    ]);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
    expect(splitVariables('no variables')).toEqual([{ text: 'no variables', variable: false }]);
  });
});
