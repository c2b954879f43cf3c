import { jsonrepair } from 'jsonrepair';

/** What a judge answered, before the score is checked against the output definition. */
export interface JudgeVerdict {
  score: unknown;
  reason: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const verdictOf = (v: unknown): JudgeVerdict | undefined =>
  isRecord(v) && 'score' in v
    ? { score: v.score, reason: typeof v.reason === 'string' ? v.reason : '' }
    : undefined;

/** JSON.parse, then jsonrepair; undefined when neither gives a value. */
function parseLenient(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(jsonrepair(text));
    } catch {
      return undefined;
    }
  }
}

/** Tool-call arguments as a verdict (Cozeloop repairs them with jsonrepair too). */
export const parseToolArguments = (args: string): JudgeVerdict | undefined => verdictOf(parseLenient(args));

const FRAGMENT = /\{[^{}]*"score"[^{}]*\}/g;
const REASON = /"reason"\s*:\s*"((?:[^"\\]|\\.)*)"/;

/**
 * A judge's free-text reply as a verdict, in Cozeloop's order (`parseContentOutput`): the whole reply as JSON,
 * repaired JSON, a `{…"score"…}` fragment, then `score … <value>` in prose with the reason from a `"reason"`
 * match or else the whole reply. `words` are the non-numeric scores the output allows (categories, true/false).
 */
export function parseContentReply(text: string, words: readonly string[] = []): JudgeVerdict | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  let verdict = verdictOf(parseLenient(trimmed));
  if (verdict !== undefined) return verdict;
  for (const fragment of trimmed.match(FRAGMENT) ?? []) {
    verdict = verdictOf(parseLenient(fragment));
    if (verdict !== undefined) return verdict;
  }
  const reasonMatch = REASON.exec(trimmed)?.[1];
  const reason = reasonMatch === undefined ? trimmed : (parseLenient(`"${reasonMatch}"`) as string);
  const number = /score[^0-9-]*(-?\d+(?:\.\d+)?)/i.exec(trimmed)?.[1];
  if (number !== undefined) return { score: Number(number), reason };
  if (words.length > 0) {
    const alternatives = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    const word = new RegExp(`score\\W*(${alternatives})\\b`, 'i').exec(trimmed)?.[1];
    if (word !== undefined) return { score: word, reason };
  }
  return undefined;
}
