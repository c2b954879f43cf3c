import { useState, type FormEvent } from 'react';
import { ErrorBox } from '../app/error-box';
import { useSession } from '../app/session';
import { useWorkspace } from '../app/workspace';

/** The logged-in user's password. */
export function AccountSettings() {
  const ws = useWorkspace();
  const session = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);
  if (session.anonymous) return <p className="notice">Log in to manage your account.</p>;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setDone(false);
    ws.api.post('/me/password', { currentPassword: current, newPassword: next }).then(() => {
      setDone(true);
      setCurrent('');
      setNext('');
    }, setError);
  };
  return (
    <form className="stack-form" onSubmit={submit}>
      <h2>Change password</h2>
      <p className="muted">
        Signed in as {session.email ?? 'this user'}. Other sessions of this user end when the password
        changes.
      </p>
      <label className="field">
        <span>Current password</span>
        <input
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
      </label>
      <label className="field">
        <span>New password (8 characters or more)</span>
        <input
          type="password"
          autoComplete="new-password"
          required
          minLength={8}
          value={next}
          onChange={(e) => setNext(e.target.value)}
        />
      </label>
      <button type="submit" className="primary">
        Change password
      </button>
      {done && <p role="status">Password changed.</p>}
      {error !== undefined && <ErrorBox error={error} />}
    </form>
  );
}
