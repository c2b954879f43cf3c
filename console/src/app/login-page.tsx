import { useState, type FormEvent } from 'react';
import { describeError } from '../api/client';
import { navigate } from './router';
import { useSession } from './session';

/** Email and password; keyless loopback access is offered when Spanloop allows it. */
export function LoginPage() {
  const session = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    session.login(email, password).then(
      () => navigate('#/', { replace: true }),
      (err: unknown) => {
        setBusy(false);
        setError(describeError(err));
      },
    );
  };

  return (
    <main className="login" id="main">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Log in to Spanloop</h1>
        {session.notice !== undefined && error === undefined && (
          <p className="notice" role="status">
            {session.notice}
          </p>
        )}
        <label className="field">
          <span>Email</span>
          <input
            type="text"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error !== undefined && (
          <p className="error-box" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
        <p className="muted small-text">
          The first start of Spanloop prints the administrator&apos;s login (admin@localhost by default).
        </p>
        {session.anonymousAvailable && (
          <p className="small-text">
            <button type="button" className="link-button" onClick={session.continueAnonymously}>
              Continue without logging in
            </button>{' '}
            <span className="muted">(read-only, this machine only)</span>
          </p>
        )}
      </form>
    </main>
  );
}
