import type { Query } from '../api/client';
import { rangeOf, type TimeRange } from '../app/time-range';

/** Filter names in the URL: the same words the search API takes, attributes as repeated `attr=key=value`. */
export const FILTER_KEYS = [
  'service',
  'spanName',
  'status',
  'model',
  'text',
  'minMs',
  'maxMs',
  'spanType',
  'promptKey',
  'promptVersion',
  'sessionId',
  'userId',
  'sort',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export const PAGE_SIZE = 50;

/** The search API query of a console URL query, with the time range resolved against `now`. */
export function searchQuery(query: URLSearchParams, now: number): { range: TimeRange; api: Query } {
  const range = rangeOf(query, now);
  const one = (name: string) => {
    const v = query.get(name)?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  return {
    range,
    api: {
      from: range.from,
      to: range.to,
      service: one('service'),
      spanName: one('spanName'),
      status: one('status'),
      model: one('model'),
      text: one('text'),
      minDurationMs: one('minMs'),
      maxDurationMs: one('maxMs'),
      spanType: one('spanType'),
      promptKey: one('promptKey'),
      promptVersion: one('promptVersion'),
      sessionId: one('sessionId'),
      userId: one('userId'),
      sort: one('sort'),
      attr: query.getAll('attr').filter((a) => a.trim() !== ''),
      filter: query.getAll('filter').filter((a) => a.trim() !== ''),
      limit: PAGE_SIZE,
    },
  };
}

/** Filters typed in one text box, one per line (commas also separate `key=value` pairs). */
export const parseLines = (text: string, commas: boolean): string[] =>
  text
    .split(commas ? /[\n,]/ : /\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** Whether a query filters on anything besides time. */
export const hasFilters = (query: URLSearchParams): boolean =>
  FILTER_KEYS.some((k) => k !== 'sort' && (query.get(k) ?? '') !== '') ||
  query.getAll('attr').length > 0 ||
  query.getAll('filter').length > 0;

/** Live updates merge new traces at the top: only the newest-first order allows that. */
export const sortsByTime = (query: URLSearchParams): boolean =>
  (query.get('sort') ?? 'startTime') === 'startTime';
