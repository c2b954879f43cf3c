import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

interface State<T> {
  key: string;
  data: T | undefined;
  error: unknown;
  loading: boolean;
}

/**
 * Runs `load` when `key` changes (and on reload()), aborting the previous run; the last answer wins. `key` is a
 * string so callers say exactly what the data depends on. With `keepPrevious`, the last data stays on screen while
 * a new key loads (filters); without it, another key shows nothing until its own answer (another trace).
 */
export function useLoad<T>(
  key: string,
  load: (signal: AbortSignal) => Promise<T>,
  opts: { keepPrevious?: boolean } = {},
): Loaded<T> {
  const [state, setState] = useState<State<T>>({ key, data: undefined, error: undefined, loading: true });
  const [round, setRound] = useState(0);
  const keep = opts.keepPrevious === true;
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ key, data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted)
          setState((s) => ({ key, data: s.key === key || keep ? s.data : undefined, error, loading: false }));
      },
    );
    return () => controller.abort();
  }, [key, round, keep]);

  const reload = useCallback(() => setRound((r) => r + 1), []);
  const current = state.key === key || keep;
  return {
    data: current ? state.data : undefined,
    error: state.key === key ? state.error : undefined,
    loading: state.loading || state.key !== key,
    reload,
  };
}
