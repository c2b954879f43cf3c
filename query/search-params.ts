import type { SearchTarget } from '../schemas/search-cursor';

const NUMBERS = [
  'from',
  'to',
  'minDurationMs',
  'maxDurationMs',
  'minTokens',
  'maxTokens',
  'minCost',
  'maxCost',
  'limit',
] as const;
const TEXTS = [
  'service',
  'spanName',
  'kind',
  'status',
  'model',
  'provider',
  'spanType',
  'promptKey',
  'promptVersion',
  'sessionId',
  'userId',
  'text',
  'sort',
  'order',
  'cursor',
] as const;
const BOOLEANS: Readonly<Record<string, boolean>> = { true: true, '1': true, false: false, '0': false };

// Anything else stays text, so the schema names the parameter and what it expected.
const numberOrText = (v: string) => (/^\d+(\.\d+)?$/.test(v) ? Number(v) : v);

/**
 * Maps URL search parameters onto the search body's shape: `filter` (repeated) holds filter texts, `attr`
 * (repeated, `key=value`) the older attribute equalities, `include` (repeated or comma-separated) span extras.
 * Absent parameters stay absent, so the body schema's defaults and unknown-key check apply unchanged.
 */
export function searchInput(url: URL, target: SearchTarget): Record<string, unknown> {
  const p = url.searchParams;
  const input: Record<string, unknown> = {};
  for (const name of NUMBERS) {
    const v = p.get(name);
    if (v !== null) input[name] = numberOrText(v);
  }
  for (const name of TEXTS) {
    const v = p.get(name);
    if (v !== null) input[name] = v;
  }
  const rootOnly = p.get('rootOnly');
  if (rootOnly !== null) input.rootOnly = BOOLEANS[rootOnly] ?? rootOnly;
  const attributes = p.getAll('attr').map((pair) => {
    const at = pair.indexOf('=');
    return at < 0 ? { key: pair, value: '' } : { key: pair.slice(0, at), value: pair.slice(at + 1) };
  });
  if (attributes.length > 0) input.attributes = attributes;
  const filters = p.getAll('filter');
  if (filters.length > 0) input.filters = filters;
  const include = p.getAll('include').flatMap((v) => v.split(',').filter((s) => s !== ''));
  if (target === 'spans' && include.length > 0) input.include = include;
  return input;
}
