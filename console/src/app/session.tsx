import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, createApiClient, UNAUTHENTICATED_EVENT } from '../api/client';
import type { LoginView, Principal, WorkspaceView } from '../api/types';

type Phase = 'loading' | 'signed-out' | 'signed-in' | 'unreachable';

export interface SessionValue {
  phase: Phase;
  /** Signed in without a user: keyless access that Spanloop allows on loopback (read-only). */
  anonymous: boolean;
  /** Whether keyless access is open, so the login page can offer it. */
  anonymousAvailable: boolean;
  email: string | undefined;
  workspaces: WorkspaceView[];
  /** Why the user is on the login page again (session expired), or why Spanloop is unreachable. */
  notice: string | undefined;
  login: (email: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  continueAnonymously: () => void;
  refreshWorkspaces: () => Promise<void>;
  /** Picks up a session the server started itself (accepting an invitation created the account). */
  adopt: (email: string) => void;
  retry: () => void;
}

const SessionContext = createContext<SessionValue | undefined>(undefined);
const EMAIL_KEY = 'spanloop.email';

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (value === undefined) throw new Error('useSession outside SessionProvider');
  return value;
}

interface State {
  phase: Phase;
  anonymous: boolean;
  anonymousAvailable: boolean;
  workspaces: WorkspaceView[];
  notice: string | undefined;
}

const api = createApiClient();
const listWorkspaces = async () => (await api.get<{ workspaces: WorkspaceView[] }>('/workspaces')).workspaces;

/** Who is using the console: asks /me at start, logs in and out, and lists the user's workspaces. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({
    phase: 'loading',
    anonymous: false,
    anonymousAvailable: false,
    workspaces: [],
    notice: undefined,
  });
  const [round, setRound] = useState(0);

  useEffect(() => {
    let cancelled = false;
    const set = (s: Partial<State>) => {
      if (!cancelled) setState((old) => ({ ...old, ...s }));
    };
    (async () => {
      try {
        const me = await api.get<Principal>('/me');
        if (me.kind === 'user')
          set({ phase: 'signed-in', workspaces: await listWorkspaces(), notice: undefined });
        else set({ phase: 'signed-out', anonymousAvailable: me.kind === 'anonymous' });
      } catch (e) {
        // 403: a valid session whose user is no member of the default workspace.
        if (e instanceof ApiError && e.status === 403)
          set({ phase: 'signed-in', workspaces: await listWorkspaces().catch(() => []) });
        else if (e instanceof ApiError && e.status === 401) set({ phase: 'signed-out' });
        else set({ phase: 'unreachable', notice: e instanceof Error ? e.message : String(e) });
      }
    })().catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [round]);

  useEffect(() => {
    const onUnauthenticated = () =>
      setState((s) =>
        s.phase === 'signed-in' && !s.anonymous
          ? { ...s, phase: 'signed-out', notice: 'Your session has ended: log in again.' }
          : s,
      );
    window.addEventListener(UNAUTHENTICATED_EVENT, onUnauthenticated);
    return () => window.removeEventListener(UNAUTHENTICATED_EVENT, onUnauthenticated);
  }, []);

  const login = useCallback(async (email: string, password: string) => {
    const view = await api.post<LoginView>('/auth/login', { email, password });
    localStorage.setItem(EMAIL_KEY, view.user.email);
    const workspaces = await listWorkspaces();
    setState((s) => ({ ...s, phase: 'signed-in', anonymous: false, workspaces, notice: undefined }));
  }, []);

  const logout = useCallback(async () => {
    await api.post('/auth/logout').catch(() => undefined);
    localStorage.removeItem(EMAIL_KEY);
    setState((s) => ({
      ...s,
      phase: 'signed-out',
      anonymous: false,
      workspaces: [],
      notice: 'You are logged out.',
    }));
  }, []);

  const continueAnonymously = useCallback(() => {
    listWorkspaces().then(
      (workspaces) =>
        setState((s) => ({ ...s, phase: 'signed-in', anonymous: true, workspaces, notice: undefined })),
      (e: unknown) => setState((s) => ({ ...s, notice: e instanceof Error ? e.message : String(e) })),
    );
  }, []);

  const refreshWorkspaces = useCallback(async () => {
    const workspaces = await listWorkspaces();
    setState((s) => ({ ...s, workspaces }));
  }, []);

  const retry = useCallback(() => setRound((r) => r + 1), []);

  const adopt = useCallback((email: string) => {
    localStorage.setItem(EMAIL_KEY, email);
    setRound((r) => r + 1);
  }, []);

  const value = useMemo<SessionValue>(
    () => ({
      ...state,
      email:
        state.phase === 'signed-in' && !state.anonymous
          ? (localStorage.getItem(EMAIL_KEY) ?? undefined)
          : undefined,
      login,
      logout,
      continueAnonymously,
      refreshWorkspaces,
      adopt,
      retry,
    }),
    [state, login, logout, continueAnonymously, refreshWorkspaces, adopt, retry],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
