import type { Result } from '../../core/result';
import type { OutputDefinition } from '../types';

/** A judge's score as an output: a number, a label or both. */
export interface CheckedScore {
  score?: number;
  label?: string;
}

export interface ScoreProblem {
  code: 'score_out_of_range' | 'bad_judge_reply';
  message: string;
}

const asNumber = (v: unknown): number | undefined => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
};

const asBoolean = (v: unknown): boolean | undefined => {
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === 0) return v === 1;
  if (typeof v === 'string' && /^(true|false|1|0)$/i.test(v.trim())) return /^(true|1)$/i.test(v.trim());
  return undefined;
};

const out = (message: string): Result<CheckedScore, ScoreProblem> => ({
  ok: false,
  error: { code: 'score_out_of_range', message },
});
const bad = (message: string): Result<CheckedScore, ScoreProblem> => ({
  ok: false,
  error: { code: 'bad_judge_reply', message },
});

/**
 * Checks a judge's score against the declared output: never clamped, a value outside it is
 * `score_out_of_range`; a score of the wrong kind (prose where a number belongs) is `bad_judge_reply`.
 * Booleans score 1/0 with the label pass/fail; categories give the label only.
 */
export function checkScore(raw: unknown, output: OutputDefinition): Result<CheckedScore, ScoreProblem> {
  switch (output.kind) {
    case 'range': {
      const n = asNumber(raw);
      if (n === undefined) return bad(`the score ${JSON.stringify(raw)} is not a number`);
      if (n < output.min || n > output.max)
        return out(`the score ${n} is outside ${output.min}..${output.max}`);
      return { ok: true, value: { score: n } };
    }
    case 'enum': {
      const n = asNumber(raw);
      if (n === undefined) return bad(`the score ${JSON.stringify(raw)} is not a number`);
      if (!output.values.includes(n)) return out(`the score ${n} is not one of ${output.values.join(', ')}`);
      return { ok: true, value: { score: n } };
    }
    case 'boolean': {
      const b = asBoolean(raw);
      if (b !== undefined) return { ok: true, value: { score: b ? 1 : 0, label: b ? 'pass' : 'fail' } };
      return asNumber(raw) === undefined
        ? bad(`the score ${JSON.stringify(raw)} is not true or false`)
        : out(`the score ${JSON.stringify(raw)} is not true or false`);
    }
    case 'categories': {
      if (typeof raw !== 'string') return bad(`the score ${JSON.stringify(raw)} is not a category`);
      const found = output.values.find((v) => v.toLowerCase() === raw.trim().toLowerCase());
      if (found === undefined)
        return out(`the score "${raw}" is not one of ${output.values.map((v) => `"${v}"`).join(', ')}`);
      return { ok: true, value: { label: found } };
    }
  }
}
