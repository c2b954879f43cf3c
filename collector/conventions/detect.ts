import type { DecodedSpan } from '../../schemas/otlp-model';
import type { Convention } from './rule-format';

/** Bit i set when convention i applies to the span; 0 for spans with no LLM-ish key. */
export type DetectFn = (span: DecodedSpan) => number;

interface Candidate {
  text: string;
  exact: boolean;
  bit: number;
}

/**
 * Compiles the conventions' detect lists into one pass over the span's keys. Keys and prefixes are bucketed by
 * first character and position of the first dot, so an unrelated key costs an indexOf and one numeric Map miss.
 */
export function compileDetect(conventions: readonly Convention[]): DetectFn {
  if (conventions.length > 31) throw new Error('at most 31 conventions fit the detection bit mask');
  const buckets = new Map<number, Candidate[]>();
  // Prefixes without a dot cannot be bucketed by their namespace and are checked against every key.
  const unbucketed: Candidate[] = [];
  const eventPrefixes: { prefix: string; bit: number }[] = [];
  const add = (text: string, exact: boolean, bit: number) => {
    const candidate = { text, exact, bit };
    if (!exact && !text.includes('.')) return void unbucketed.push(candidate);
    const slot = bucketOf(text);
    buckets.set(slot, [...(buckets.get(slot) ?? []), candidate]);
  };
  conventions.forEach((c, i) => {
    const bit = 1 << i;
    for (const key of c.detect.keys ?? []) add(key, true, bit);
    for (const prefix of c.detect.prefixes ?? []) add(prefix, false, bit);
    for (const prefix of c.detect.eventPrefixes ?? []) eventPrefixes.push({ prefix, bit });
  });

  return (span) => {
    let mask = 0;
    for (const key of Object.keys(span.attributes.values)) {
      const candidates = buckets.get(bucketOf(key));
      if (candidates !== undefined) mask |= matching(candidates, key);
      if (unbucketed.length > 0) mask |= matching(unbucketed, key);
    }
    for (const event of span.events) {
      for (const { prefix, bit } of eventPrefixes) if (event.name.startsWith(prefix)) mask |= bit;
    }
    return mask;
  };
}

function matching(candidates: readonly Candidate[], key: string): number {
  let mask = 0;
  for (const c of candidates) if (c.exact ? key === c.text : key.startsWith(c.text)) mask |= c.bit;
  return mask;
}

/** First character and first-dot position (capped; -1 for none) packed into one number. */
function bucketOf(key: string): number {
  const dot = key.indexOf('.');
  return key.charCodeAt(0) * 64 + (dot < 0 || dot > 62 ? 63 : dot);
}
