import { ROOT_CONTEXT } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import type { EvaluationInput, PluginContext, StoredSpan } from '../index';
import { containsKeywords } from './contains-keywords';

const spanSaying = (content: string) =>
  ({ attributes: {}, llm: { output: [{ role: 'assistant', content }] } }) as unknown as StoredSpan;
const run = (
  fields: Record<string, unknown>,
  span: StoredSpan | undefined = spanSaying('Your Refund is approved'),
) =>
  containsKeywords.evaluate(
    { workspaceId: 'w', span, trace: [], fields, traceContext: ROOT_CONTEXT } satisfies EvaluationInput,
    {} as PluginContext,
  );

describe('contains-keywords', () => {
  it('scores the share of keywords found in the output, case-insensitively by default', async () => {
    expect(await run({ keywords: ['refund', 'APPROVED'] })).toEqual({
      score: 1,
      label: 'pass',
      explanation: 'all 2 keywords found',
    });
    expect(await run({ keywords: ['refund', 'sorry'] })).toMatchObject({ score: 0.5, label: 'fail' });
    expect(await run({ keywords: ['refund'], caseSensitive: true })).toMatchObject({
      score: 0,
      label: 'fail',
    });
  });

  it('passes on any keyword in any mode, and reads fields.text when given', async () => {
    expect(await run({ keywords: ['sorry', 'refund'], mode: 'any' })).toMatchObject({
      score: 1,
      label: 'pass',
    });
    expect(await run({ keywords: ['hello'], text: 'hello there' }, undefined)).toMatchObject({
      label: 'pass',
    });
  });

  it('refuses bad fields with invalid_argument naming them', async () => {
    await expect(run({ keywords: [] })).rejects.toMatchObject({ kind: 'invalid_argument' });
    await expect(run({ keywords: 'refund' })).rejects.toThrow(/keywords/);
  });
});
