import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { createApiClient, type ApiClient } from '../api/client';
import type { Principal, Scope, WorkspaceView } from '../api/types';
import { ErrorBox } from './error-box';
import { useLoad } from './use-load';

export interface WorkspaceValue {
  /** The workspace id as it appears in links. */
  id: string;
  view: WorkspaceView | undefined;
  principal: Principal;
  api: ApiClient;
  /** Whether the caller may do what `scope` allows here (write buttons hide otherwise). */
  can: (scope: Scope) => boolean;
}

const WorkspaceContext = createContext<WorkspaceValue | undefined>(undefined);

export function useWorkspace(): WorkspaceValue {
  const value = useContext(WorkspaceContext);
  if (value === undefined) throw new Error('useWorkspace outside WorkspaceProvider');
  return value;
}

/** Everything under /w/:id: the caller's role and scopes in that workspace, and an API client bound to it. */
export function WorkspaceProvider(props: { id: string; workspaces: WorkspaceView[]; children: ReactNode }) {
  const api = useMemo(() => createApiClient(props.id), [props.id]);
  const me = useLoad(props.id, (signal) => api.get<Principal>('/me', undefined, signal));
  const view = props.workspaces.find((w) => w.id === props.id || w.name === props.id);
  const value = useMemo<WorkspaceValue | undefined>(
    () =>
      me.data && {
        id: props.id,
        view,
        principal: me.data,
        api,
        can: (scope: Scope) => me.data?.scopes.includes(scope) ?? false,
      },
    [me.data, props.id, view, api],
  );
  if (me.error !== undefined)
    return (
      <main className="page">
        <ErrorBox error={me.error} title={`Workspace ${props.id}`} />
        <p>
          <a href="#/workspaces">Choose another workspace</a>
        </p>
      </main>
    );
  if (value === undefined) return <p className="loading page">Loading workspace…</p>;
  return <WorkspaceContext.Provider value={value}>{props.children}</WorkspaceContext.Provider>;
}
