import { z } from 'zod';
import { AppError, type EvaluatorDefinition, type StoredSpan } from '../index';

const Fields = z.object({
  keywords: z.array(z.string().min(1)).min(1).max(100),
  /** all: every keyword must appear (score = share found); any: one is enough. */
  mode: z.enum(['all', 'any']).default('all'),
  caseSensitive: z.boolean().default(false),
  /** The text to check; by default the judged span's output messages. */
  text: z.string().optional(),
});

/** The text a span produced: its output messages, or the `output.value`-style attribute when it has none. */
const outputText = (span: StoredSpan | undefined): string => {
  if (span === undefined) return '';
  const messages = span.llm.output.map((m) => m.content).filter((t) => t !== '');
  if (messages.length > 0) return messages.join('\n');
  const value = span.attributes['output.value'];
  return typeof value === 'string' ? value : '';
};

/** Checks that an answer mentions the given keywords. */
export const containsKeywords: EvaluatorDefinition = {
  name: 'contains-keywords',
  description:
    'Share of `fields.keywords` found in the span output (or `fields.text`); label pass/fail. ' +
    'fields: { keywords: string[], mode?: "all" | "any", caseSensitive?: boolean, text?: string }',
  evaluate({ span, fields }) {
    const parsed = Fields.safeParse(fields);
    if (!parsed.success)
      return Promise.reject(
        new AppError(
          'invalid_argument',
          `contains-keywords: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        ),
      );
    const { keywords, mode, caseSensitive } = parsed.data;
    const fold = (s: string) => (caseSensitive ? s : s.toLowerCase());
    const text = fold(parsed.data.text ?? outputText(span));
    const missing = keywords.filter((k) => !text.includes(fold(k)));
    const found = keywords.length - missing.length;
    const pass = mode === 'all' ? missing.length === 0 : found > 0;
    return Promise.resolve({
      score: mode === 'all' ? found / keywords.length : found > 0 ? 1 : 0,
      label: pass ? 'pass' : 'fail',
      explanation:
        missing.length === 0
          ? `all ${keywords.length} keywords found`
          : `missing: ${missing.join(', ')} (${found} of ${keywords.length} found)`,
    });
  },
};
