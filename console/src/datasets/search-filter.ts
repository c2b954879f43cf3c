import type { Query } from '../api/client';

// The trace search's GET parameters (console/src/traces/trace-query.ts) in the shape of the search body, which
// the from-traces routes take as `search.filter`; the window and paging travel apart.
const NUMBERS = new Set(['minDurationMs', 'maxDurationMs', 'minTokens', 'maxTokens', 'minCost', 'maxCost']);
const LEFT_OUT = new Set(['from', 'to', 'limit', 'cursor', 'sort', 'order']);

export function searchFilterOf(query: Query): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === '' || LEFT_OUT.has(name)) continue;
    const values = (Array.isArray(value) ? value : [value]) as (string | number)[];
    if (name === 'attr') {
      const attributes = values.map(String).map((pair) => {
        const at = pair.indexOf('=');
        return at < 0 ? { key: pair, value: '' } : { key: pair.slice(0, at), value: pair.slice(at + 1) };
      });
      if (attributes.length > 0) filter.attributes = attributes;
    } else if (name === 'filter') {
      if (values.length > 0) filter.filters = values.map(String);
    } else if (NUMBERS.has(name)) {
      const n = Number(values[0]);
      filter[name] = Number.isFinite(n) ? n : values[0];
    } else if (values[0] !== undefined) filter[name] = values[0];
  }
  return filter;
}
