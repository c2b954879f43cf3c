import { useMemo, useSyncExternalStore } from 'react';

/** Where the console is: the hash holds a path and a query (`#/w/default/traces?service=api`). */
export interface Location {
  segments: string[];
  query: URLSearchParams;
}

export function parseHash(hash: string): Location {
  const text = hash.replace(/^#/, '');
  const q = text.indexOf('?');
  const path = q < 0 ? text : text.slice(0, q);
  const segments = path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  return { segments, query: new URLSearchParams(q < 0 ? '' : text.slice(q + 1)) };
}

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};
const snapshot = () => window.location.hash;

export function useLocation(): Location {
  const hash = useSyncExternalStore(subscribe, snapshot);
  return useMemo(() => parseHash(hash), [hash]);
}

/** A hash link: path segments are encoded one by one, the query is appended when it has entries. */
export function href(segments: readonly string[], query?: URLSearchParams | Record<string, string>): string {
  const path = segments.map((s) => encodeURIComponent(s)).join('/');
  const params = query instanceof URLSearchParams ? query : new URLSearchParams(query);
  const q = params.toString();
  return `#/${path}${q === '' ? '' : `?${q}`}`;
}

/** The query with `changes` applied: an empty value removes its parameter. */
export function withQuery(query: URLSearchParams, changes: Record<string, string>): URLSearchParams {
  const q = new URLSearchParams(query);
  for (const [k, v] of Object.entries(changes)) {
    if (v === '') q.delete(k);
    else q.set(k, v);
  }
  return q;
}

/** Moves to a hash link; `replace` keeps the history entry (filters, selections). */
export function navigate(link: string, opts: { replace?: boolean } = {}): void {
  if (opts.replace) {
    const url = new URL(window.location.href);
    url.hash = link;
    window.history.replaceState(null, '', url);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else window.location.hash = link;
}

/** Links inside one workspace. */
export const wsHref = (
  ws: string,
  segments: readonly string[],
  query?: URLSearchParams | Record<string, string>,
) => href(['w', ws, ...segments], query);
