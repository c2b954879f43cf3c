import { z } from 'zod';
import { check, defineBuiltin, FieldParams, fieldText, quote } from './definition';

const numberIn = (text: string): number | undefined => {
  const t = text.trim();
  const n = t === '' ? Number.NaN : Number(t);
  return Number.isFinite(n) ? n : undefined;
};

export const numericTolerance = defineBuiltin({
  name: 'numeric_tolerance',
  description:
    'The output is a number within `tolerance` of the reference (or `expected`); `relative` makes it a fraction of the expected value.',
  params: FieldParams.extend({
    expected: z.number().finite().optional(),
    tolerance: z.number().nonnegative().default(0),
    relative: z.boolean().default(false),
  }),
  evaluate(p, input) {
    const text = fieldText(input, p.field);
    const actual = numberIn(text);
    if (actual === undefined) return check(false, `${quote(text)} is not a number`);
    const refText = p.expected === undefined ? fieldText(input, p.referenceField) : String(p.expected);
    const expected = numberIn(refText);
    if (expected === undefined) return check(false, `the reference ${quote(refText)} is not a number`);
    const allowed = p.relative ? Math.abs(expected) * p.tolerance : p.tolerance;
    const diff = Math.abs(actual - expected);
    return check(diff <= allowed, `|${actual} - ${expected}| = ${diff} (allowed ${allowed})`);
  },
});
