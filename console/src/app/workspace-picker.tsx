import { useState, type FormEvent } from 'react';
import { createApiClient, describeError } from '../api/client';
import type { AcceptedInvitationView, InvitationView, WorkspaceView } from '../api/types';
import { useLoad } from './use-load';
import { formatDate } from './format';
import { navigate, wsHref } from './router';
import { useSession } from './session';

const api = createApiClient();

/** The workspaces of the logged-in user; a user may create one and becomes its owner. */
export function WorkspacePicker() {
  const session = useSession();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();
  const invitations = useLoad('my-invitations', (signal) =>
    session.anonymous
      ? Promise.resolve({ invitations: [] })
      : api.get<{ invitations: InvitationView[] }>('/me/invitations', undefined, signal),
  );
  const answer = (inv: InvitationView, verb: 'accept' | 'decline') => {
    setError(undefined);
    api
      .post<AcceptedInvitationView | undefined>(`/me/invitations/${encodeURIComponent(inv.id)}/${verb}`)
      .then(
        async () => {
          invitations.reload();
          await session.refreshWorkspaces();
        },
        (err: unknown) => setError(describeError(err)),
      );
  };

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
      {(invitations.data?.invitations ?? []).length > 0 && (
        <section aria-labelledby="my-invitations">
          <h2 id="my-invitations">Your invitations</h2>
          <ul className="card-list">
            {(invitations.data?.invitations ?? []).map((inv) => (
              <li key={inv.id}>
                <strong>{inv.workspaceName}</strong> <span className="muted">as {inv.role}</span>{' '}
                <button type="button" className="small primary" onClick={() => answer(inv, 'accept')}>
                  Accept
                </button>{' '}
                <button type="button" className="small" onClick={() => answer(inv, 'decline')}>
                  Decline
                </button>
              </li>
            ))}
          </ul>
        </section>
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
