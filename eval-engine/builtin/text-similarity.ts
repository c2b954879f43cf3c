import { EvaluatorFailure } from '../failure';

/** Longest input a quadratic measure takes: characters for Levenshtein, tokens for ROUGE-L. */
export const MAX_QUADRATIC = 5_000;

const guard = (n: number, m: number, what: string) => {
  if (n > MAX_QUADRATIC || m > MAX_QUADRATIC)
    throw new EvaluatorFailure('input_too_large', `${what} takes at most ${MAX_QUADRATIC} per side`);
};

/** Edit distance in code points, two rows. */
export function levenshtein(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  guard(s.length, t.length, 'Levenshtein distance');
  if (s.length === 0) return t.length;
  let prev = new Uint32Array(t.length + 1).map((_, j) => j);
  let cur = new Uint32Array(t.length + 1);
  for (let i = 1; i <= s.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[t.length] ?? 0;
}

/** 1 − distance / longer length; 1 for two empty texts. */
export function levenshteinSimilarity(a: string, b: string): number {
  const longer = Math.max([...a].length, [...b].length);
  return longer === 0 ? 1 : 1 - levenshtein(a, b) / longer;
}

/** Words and single punctuation marks, Unicode-aware. */
export const tokens = (text: string, lowercase: boolean): string[] =>
  (lowercase ? text.toLowerCase() : text).match(/[\p{L}\p{N}_]+|[^\s\p{L}\p{N}_]/gu) ?? [];

const ngrams = (words: readonly string[], n: number): Map<string, number> => {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= words.length; i++) {
    const key = words.slice(i, i + n).join('\u0000');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
};

/**
 * Sentence BLEU (Papineni et al.) up to `maxN`-grams against one reference, with the brevity penalty and
 * add-one smoothing of the higher orders (Lin & Och 2004), so one missing 4-gram does not zero a short answer.
 */
export function bleu(candidate: readonly string[], reference: readonly string[], maxN = 4): number {
  if (candidate.length === 0) return reference.length === 0 ? 1 : 0;
  let logSum = 0;
  for (let n = 1; n <= maxN; n++) {
    const cand = ngrams(candidate, n);
    const ref = ngrams(reference, n);
    let matched = 0;
    let total = 0;
    for (const [gram, count] of cand) {
      total += count;
      matched += Math.min(count, ref.get(gram) ?? 0);
    }
    const precision = n === 1 ? matched / Math.max(total, 1) : (matched + 1) / (total + 1);
    if (precision === 0) return 0;
    logSum += Math.log(precision) / maxN;
  }
  const c = candidate.length;
  const r = reference.length;
  const brevity = c >= r ? 1 : Math.exp(1 - r / c);
  return brevity * Math.exp(logSum);
}

/** ROUGE-L F1: the longest common subsequence of tokens over both lengths. */
export function rougeL(candidate: readonly string[], reference: readonly string[]): number {
  guard(candidate.length, reference.length, 'ROUGE-L');
  if (candidate.length === 0 || reference.length === 0) return candidate.length === reference.length ? 1 : 0;
  let prev = new Uint32Array(reference.length + 1);
  let cur = new Uint32Array(reference.length + 1);
  for (const word of candidate) {
    for (let j = 1; j <= reference.length; j++)
      cur[j] = word === reference[j - 1] ? (prev[j - 1] ?? 0) + 1 : Math.max(prev[j] ?? 0, cur[j - 1] ?? 0);
    [prev, cur] = [cur, prev];
  }
  const lcs = prev[reference.length] ?? 0;
  if (lcs === 0) return 0;
  const precision = lcs / candidate.length;
  const recall = lcs / reference.length;
  return (2 * precision * recall) / (precision + recall);
}
