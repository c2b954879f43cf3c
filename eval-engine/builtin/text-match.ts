import { z } from 'zod';
import { EvaluatorFailure } from '../failure';
import { check, defineBuiltin, FieldParams, fieldText, quote } from './definition';

const fold = (text: string, caseSensitive: boolean) => (caseSensitive ? text : text.toLowerCase());

/** Cozeloop's contains_any template reads the reference as a comma-separated list. */
const listOf = (values: string[] | undefined, reference: () => string): string[] =>
  (values ?? reference().split(',')).map((v) => v.trim()).filter((v) => v !== '');

export const exactMatch = defineBuiltin({
  name: 'exact',
  description: 'The output equals the reference (or `expected`); trimmed, optionally case-insensitive.',
  params: FieldParams.extend({
    expected: z.string().optional(),
    trim: z.boolean().default(true),
    caseSensitive: z.boolean().default(true),
  }),
  evaluate(p, input) {
    const norm = (t: string) => fold(p.trim ? t.trim() : t, p.caseSensitive);
    const actual = fieldText(input, p.field);
    const expected = p.expected ?? fieldText(input, p.referenceField);
    const equal = norm(actual) === norm(expected);
    return check(
      equal,
      equal ? 'the output equals the expected text' : `${quote(actual)} differs from ${quote(expected)}`,
    );
  },
});

export const contains = defineBuiltin({
  name: 'contains',
  description: 'The output contains `value` (default: the reference text).',
  params: FieldParams.extend({
    value: z.string().min(1).optional(),
    caseSensitive: z.boolean().default(true),
  }),
  evaluate(p, input) {
    const value = p.value ?? fieldText(input, p.referenceField);
    const found = fold(fieldText(input, p.field), p.caseSensitive).includes(fold(value, p.caseSensitive));
    return check(found, `${quote(value)} ${found ? 'found' : 'not found'} in the output`);
  },
});

const listParams = FieldParams.extend({
  values: z.array(z.string().min(1)).min(1).max(1_000).optional(),
  caseSensitive: z.boolean().default(true),
});

export const containsAny = defineBuiltin({
  name: 'contains_any',
  description: 'The output contains at least one of `values` (default: the comma-separated reference).',
  params: listParams,
  evaluate(p, input) {
    const text = fold(fieldText(input, p.field), p.caseSensitive);
    const values = listOf(p.values, () => fieldText(input, p.referenceField));
    const hit = values.find((v) => text.includes(fold(v, p.caseSensitive)));
    return check(hit !== undefined, hit === undefined ? 'none of the values found' : `found ${quote(hit)}`);
  },
});

export const containsAll = defineBuiltin({
  name: 'contains_all',
  description: 'The output contains every one of `values` (default: the comma-separated reference).',
  params: listParams,
  evaluate(p, input) {
    const text = fold(fieldText(input, p.field), p.caseSensitive);
    const values = listOf(p.values, () => fieldText(input, p.referenceField));
    const missing = values.filter((v) => !text.includes(fold(v, p.caseSensitive)));
    return check(
      missing.length === 0,
      missing.length === 0 ? `all ${values.length} values found` : `missing ${missing.map(quote).join(', ')}`,
    );
  },
});

const compile = (pattern: string, flags: string): RegExp => {
  try {
    return new RegExp(pattern, flags);
  } catch (e) {
    throw new EvaluatorFailure(
      'invalid_params',
      `bad pattern: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
};

export const regexMatch = defineBuiltin({
  name: 'regex',
  description:
    'The output matches `pattern` (default: the reference text as the pattern), JavaScript syntax.',
  params: FieldParams.extend({
    pattern: z
      .string()
      .min(1)
      .max(1_000)
      .refine((p) => {
        try {
          new RegExp(p);
          return true;
        } catch {
          return false;
        }
      }, 'not a valid regular expression')
      .optional(),
    flags: z
      .string()
      .regex(/^[imsu]*$/, 'flags: any of i, m, s, u')
      .default(''),
  }),
  evaluate(p, input) {
    const pattern = p.pattern ?? fieldText(input, p.referenceField);
    const matched = compile(pattern, p.flags).test(fieldText(input, p.field));
    return check(matched, `${matched ? 'matches' : 'does not match'} /${pattern}/${p.flags}`);
  },
});
