import { useState } from 'react';
import { useLoad, type Loaded } from './use-load';

export interface Pages<P> {
  first: Loaded<P>;
  /** The first page and every page loaded after it for the same key. */
  pages: P[];
  /** Whether the last page has a cursor to continue from. */
  more: boolean;
  moreError: unknown;
  loadMore: () => void;
}

/**
 * A cursor-paged list: the first page follows `key` (kept on screen while another key loads), `loadMore`
 * appends the next one; pages loaded for an older key are dropped.
 */
export function usePages<P extends { nextCursor?: string | undefined }>(
  key: string,
  load: (cursor: string | undefined, signal?: AbortSignal) => Promise<P>,
): Pages<P> {
  const [extra, setExtra] = useState<{ key: string; pages: P[] }>({ key, pages: [] });
  const [moreError, setMoreError] = useState<unknown>();
  const first = useLoad(key, (signal) => load(undefined, signal), { keepPrevious: true });
  const pages = first.data ? [first.data, ...(extra.key === key ? extra.pages : [])] : [];
  const cursor = pages[pages.length - 1]?.nextCursor;
  const loadMore = () => {
    if (cursor === undefined) return;
    setMoreError(undefined);
    load(cursor).then(
      (p) => setExtra((x) => ({ key, pages: [...(x.key === key ? x.pages : []), p] })),
      setMoreError,
    );
  };
  return { first, pages, more: cursor !== undefined, moreError, loadMore };
}
