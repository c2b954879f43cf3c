import { z } from 'zod';
import { defineBuiltin, FieldParams, fieldText, similarity } from './definition';
import { bleu, levenshteinSimilarity, rougeL, tokens } from './text-similarity';

const Threshold = z.number().min(0).max(1).optional().describe('with it, also pass/fail');

export const levenshteinBuiltin = defineBuiltin({
  name: 'levenshtein',
  description: 'Similarity 1 − edit distance / longer length between the output and the reference (0..1).',
  params: FieldParams.extend({ threshold: Threshold, caseSensitive: z.boolean().default(true) }),
  evaluate(p, input) {
    const fold = (t: string) => (p.caseSensitive ? t : t.toLowerCase());
    const score = levenshteinSimilarity(
      fold(fieldText(input, p.field)),
      fold(fieldText(input, p.referenceField)),
    );
    return similarity(score, p.threshold, 'Levenshtein similarity');
  },
});

export const bleuBuiltin = defineBuiltin({
  name: 'bleu',
  description: 'Sentence BLEU of the output against the reference (n-grams up to `maxN`, smoothed; 0..1).',
  params: FieldParams.extend({
    threshold: Threshold,
    maxN: z.number().int().min(1).max(4).default(4),
    lowercase: z.boolean().default(false),
  }),
  evaluate(p, input) {
    const score = bleu(
      tokens(fieldText(input, p.field), p.lowercase),
      tokens(fieldText(input, p.referenceField), p.lowercase),
      p.maxN,
    );
    return similarity(score, p.threshold, 'BLEU');
  },
});

export const rougeLBuiltin = defineBuiltin({
  name: 'rouge_l',
  description: 'ROUGE-L F1 (longest common token subsequence) of the output against the reference (0..1).',
  params: FieldParams.extend({ threshold: Threshold, lowercase: z.boolean().default(true) }),
  evaluate(p, input) {
    const score = rougeL(
      tokens(fieldText(input, p.field), p.lowercase),
      tokens(fieldText(input, p.referenceField), p.lowercase),
    );
    return similarity(score, p.threshold, 'ROUGE-L F1');
  },
});
