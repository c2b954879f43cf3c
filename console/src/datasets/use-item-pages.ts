import { useCallback, useEffect, useRef, useState } from 'react';

interface State<T> {
  key: string;
  items: T[];
  cursor: string | undefined;
  total: number | undefined;
  done: boolean;
  error: unknown;
}

export interface ItemPages<T> {
  items: T[];
  /** The whole list's size as the server counts it (rows not loaded yet included). */
  total: number | undefined;
  loading: boolean;
  error: unknown;
  more: boolean;
  /** Loads the next page unless one is on its way; the virtual grid calls it as its end comes into view. */
  loadMore: () => void;
  reload: () => void;
}

/**
 * A cursor-paged list loaded page by page on demand, for a virtualised grid: only the pages scrolled to are
 * fetched; a new `key` (dataset, version, search) starts over and drops answers meant for the old one.
 */
export function useItemPages<T>(
  key: string,
  load: (
    cursor: string | undefined,
    signal: AbortSignal,
  ) => Promise<{ items: T[]; nextCursor?: string; total: number }>,
): ItemPages<T> {
  const [round, setRound] = useState(0);
  const fullKey = `${key}#${round}`;
  const [state, setState] = useState<State<T>>({
    key: fullKey,
    items: [],
    cursor: undefined,
    total: undefined,
    done: false,
    error: undefined,
  });
  const [pending, setPending] = useState(false);
  const inFlight = useRef<{ key: string; controller: AbortController } | undefined>(undefined);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });

  const fetchPage = useCallback((k: string, cursor: string | undefined) => {
    if (inFlight.current?.key === k) return;
    inFlight.current?.controller.abort();
    const controller = new AbortController();
    inFlight.current = { key: k, controller };
    setPending(true);
    loadRef.current(cursor, controller.signal).then(
      (page) => {
        if (controller.signal.aborted) return;
        inFlight.current = undefined;
        setPending(false);
        setState((s) => {
          const base = s.key === k ? s.items : [];
          return {
            key: k,
            items: [...base, ...page.items],
            cursor: page.nextCursor,
            total: page.total,
            done: page.nextCursor === undefined,
            error: undefined,
          };
        });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        inFlight.current = undefined;
        setPending(false);
        setState((s) => ({
          ...(s.key === k ? s : { items: [], cursor: undefined, total: undefined }),
          key: k,
          done: false,
          error,
        }));
      },
    );
  }, []);

  useEffect(() => {
    setState({ key: fullKey, items: [], cursor: undefined, total: undefined, done: false, error: undefined });
    fetchPage(fullKey, undefined);
    return () => {
      inFlight.current?.controller.abort();
      inFlight.current = undefined;
    };
  }, [fullKey, fetchPage]);

  const current = state.key === fullKey;
  const more = current && !state.done && state.cursor !== undefined && state.error === undefined;
  const loadMore = useCallback(() => {
    if (more) fetchPage(fullKey, state.cursor);
  }, [more, fetchPage, fullKey, state.cursor]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return {
    items: current ? state.items : [],
    total: current ? state.total : undefined,
    loading: !current || pending,
    error: current ? state.error : undefined,
    more,
    loadMore,
    reload,
  };
}
