import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiClient, Query } from '../api/client';
import type { TraceSearchResult, TraceSummary } from '../api/types';
import { searchQuery } from './trace-query';

export const POLL_MS = 5000;

/** Newest first, like the API: nanosecond texts compare by length, then by digits. */
const newestFirst = (a: TraceSummary, b: TraceSummary) =>
  b.startTimeUnixNano.length - a.startTimeUnixNano.length ||
  (b.startTimeUnixNano < a.startTimeUnixNano ? -1 : b.startTimeUnixNano > a.startTimeUnixNano ? 1 : 0) ||
  (b.traceId < a.traceId ? -1 : 1);

/** Puts a fresher first page over the list: known traces are updated (spans keep arriving), new ones added. */
export function mergeTraces(list: readonly TraceSummary[], page: readonly TraceSummary[]): TraceSummary[] {
  const byId = new Map(list.map((t) => [t.traceId, t]));
  for (const t of page) byId.set(t.traceId, t);
  return [...byId.values()].sort(newestFirst);
}

export interface TraceSearch {
  traces: TraceSummary[];
  error: unknown;
  loading: boolean;
  hasMore: boolean;
  loadMore: () => void;
  /** Trace ids that arrived through live polling, to highlight. */
  fresh: ReadonlySet<string>;
  /** When the list was last brought up to date (epoch ms). */
  updatedAt: number | undefined;
  polling: boolean;
}

/**
 * Searches traces for the console URL query; when `live`, polls the first page every POLL_MS and merges what is
 * new. Pages after the first keep the range of the first load so the cursor walks one fixed window.
 */
export function useTraceSearch(api: ApiClient, query: URLSearchParams, live: boolean): TraceSearch {
  const key = query.toString();
  const [traces, setTraces] = useState<TraceSummary[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [updatedAt, setUpdatedAt] = useState<number | undefined>();
  const [polling, setPolling] = useState(false);
  const firstQuery = useRef<Query | undefined>(undefined);
  const shown = useRef<TraceSummary[]>([]);
  useEffect(() => {
    shown.current = traces;
  }, [traces]);

  useEffect(() => {
    const controller = new AbortController();
    const { api: q } = searchQuery(new URLSearchParams(key), Date.now());
    firstQuery.current = q;
    setLoading(true);
    setFresh(new Set());
    api.get<TraceSearchResult>('/traces', q, controller.signal).then(
      (r) => {
        setTraces(r.traces);
        setCursor(r.nextCursor);
        setError(undefined);
        setLoading(false);
        setUpdatedAt(Date.now());
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        setTraces([]);
        setCursor(undefined);
        setError(e);
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [api, key]);

  useEffect(() => {
    if (!live) return;
    let controller: AbortController | undefined;
    const poll = () => {
      if (document.visibilityState === 'hidden' || controller !== undefined) return;
      const { api: q } = searchQuery(new URLSearchParams(key), Date.now());
      controller = new AbortController();
      const signal = controller.signal;
      setPolling(true);
      api
        .get<TraceSearchResult>('/traces', q, signal)
        .then(
          (r) => {
            const known = new Set(shown.current.map((t) => t.traceId));
            const arrived = r.traces.filter((t) => !known.has(t.traceId)).map((t) => t.traceId);
            if (arrived.length > 0) setFresh(new Set(arrived));
            setTraces((list) => mergeTraces(list, r.traces));
            setError(undefined);
            setUpdatedAt(Date.now());
          },
          (e: unknown) => {
            if (!signal.aborted) setError(e);
          },
        )
        .finally(() => {
          controller = undefined;
          setPolling(false);
        });
    };
    const timer = window.setInterval(poll, POLL_MS);
    return () => {
      window.clearInterval(timer);
      controller?.abort();
    };
  }, [api, key, live]);

  const loadMore = useCallback(() => {
    if (cursor === undefined || firstQuery.current === undefined) return;
    setLoading(true);
    api.get<TraceSearchResult>('/traces', { ...firstQuery.current, cursor }).then(
      (r) => {
        setTraces((list) => mergeTraces(list, r.traces));
        setCursor(r.nextCursor);
        setLoading(false);
      },
      (e: unknown) => {
        setError(e);
        setLoading(false);
      },
    );
  }, [api, cursor]);

  return { traces, error, loading, hasMore: cursor !== undefined, loadMore, fresh, updatedAt, polling };
}
