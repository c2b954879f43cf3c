import { useState, type FormEvent } from 'react';
import { createApiClient, describeError } from '../api/client';
import type { AcceptedInvitationView, InvitationLinkView } from '../api/types';
import { formatDate } from './format';
import { useLoad } from './use-load';
import { navigate, wsHref } from './router';
import { useSession } from './session';

const api = createApiClient();

/**
 * The page an invitation link opens: a logged-in invitee accepts or declines; a logged-out one logs in as the
 * invited email, or sets a password when it has no account yet.
 */
export function InvitationPage({ token }: { token: string }) {
  const session = useSession();
  const link = `/invitations/${encodeURIComponent(token)}`;
  const invitation = useLoad(`invitation/${token}`, (signal) =>
    api.get<InvitationLinkView>(link, undefined, signal),
  );
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const inv = invitation.data;
  const signedIn = session.phase === 'signed-in' && !session.anonymous;

  const run = (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    work().then(
      () => setBusy(false),
      (e: unknown) => {
        setBusy(false);
        setError(describeError(e));
      },
    );
  };

  const joined = async (a: AcceptedInvitationView) => {
    if (signedIn) await session.refreshWorkspaces();
    else session.adopt(a.user.email);
    navigate(wsHref(a.workspaceId, ['traces']), { replace: true });
  };

  const accept = (e: FormEvent) => {
    e.preventDefault();
    if (inv === undefined) return;
    run(async () => {
      if (!signedIn && inv.accountExists) await session.login(inv.email, password);
      const body = !signedIn && !inv.accountExists ? { password } : {};
      await joined(await api.post<AcceptedInvitationView>(`${link}/accept`, body));
    });
  };

  const decline = () =>
    run(async () => {
      await api.post(`${link}/decline`);
      setDone('You declined the invitation.');
    });

  return (
    <main className="login" id="main">
      <form className="login-card" onSubmit={accept} aria-labelledby="invitation-title">
        <h1 id="invitation-title">Invitation</h1>
        {invitation.error !== undefined && (
          <p className="error-box" role="alert">
            This invitation is not valid any more: it was used, revoked, declined or has expired.
          </p>
        )}
        {inv !== undefined && done === undefined && (
          <>
            <p>
              <strong>{inv.email}</strong> is invited to the workspace <strong>{inv.workspaceName}</strong> as{' '}
              <strong>{inv.role}</strong>.
            </p>
            <p className="muted small-text">Valid until {formatDate(inv.expiresAt)}.</p>
            {!signedIn && (
              <label className="field">
                <span>
                  {inv.accountExists ? `Password of ${inv.email}` : 'Choose a password (8+ characters)'}
                </span>
                <input
                  type="password"
                  name="password"
                  autoComplete={inv.accountExists ? 'current-password' : 'new-password'}
                  minLength={inv.accountExists ? 1 : 8}
                  required
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                />
              </label>
            )}
            {error !== undefined && (
              <p className="error-box" role="alert">
                {error}
              </p>
            )}
            <button type="submit" className="primary" disabled={busy}>
              {signedIn ? 'Accept' : inv.accountExists ? 'Log in and accept' : 'Create account and accept'}
            </button>{' '}
            <button type="button" disabled={busy} onClick={decline}>
              Decline
            </button>
          </>
        )}
        {done !== undefined && <p role="status">{done}</p>}
      </form>
    </main>
  );
}
