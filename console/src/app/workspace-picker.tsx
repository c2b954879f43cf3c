import { useState, type FormEvent } from 'react';
import { createApiClient, describeError } from '../api/client';
import type { WorkspaceView } from '../api/types';
import { formatDate } from './format';
import { navigate, wsHref } from './router';
import { useSession } from './session';

const api = createApiClient();

/** The workspaces of the logged-in user; a user may create one and becomes its owner. */
export function WorkspacePicker() {
  const session = useSession();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();

  const create = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    api.post<WorkspaceView>('/workspaces', { name }).then(
      async (w) => {
        await session.refreshWorkspaces();
        navigate(wsHref(w.id, ['traces']));
      },
      (err: unknown) => setError(describeError(err)),
    );
  };

  return (
    <main className="page narrow" id="main">
      <h1>Choose a workspace</h1>
      {session.workspaces.length === 0 ? (
        <p className="muted">You are not a member of any workspace yet.</p>
      ) : (
        <ul className="card-list">
          {session.workspaces.map((w) => (
            <li key={w.id}>
              <a href={wsHref(w.id, ['traces'])}>
                <strong>{w.name}</strong>
              </a>
              <span className="muted"> · created {formatDate(w.createdAt)}</span>
            </li>
          ))}
        </ul>
      )}
      {!session.anonymous && (
        <form className="inline-form" onSubmit={create}>
          <label className="field">
            <span>New workspace name</span>
            <input
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              pattern="[A-Za-z0-9][A-Za-z0-9._\-]{0,62}"
            />
          </label>
          <button type="submit">Create workspace</button>
          {error !== undefined && (
            <p className="error-box" role="alert">
              {error}
            </p>
          )}
        </form>
      )}
      <p>
        {session.anonymous ? (
          <a href="#/login">Log in</a>
        ) : (
          <button type="button" className="link-button" onClick={() => void session.logout()}>
            Log out
          </button>
        )}
      </p>
    </main>
  );
}
