import type { ReactNode } from 'react';
import { navigate, wsHref } from './router';
import { useSession } from './session';

const SECTIONS = [
  { id: 'traces', label: 'Traces' },
  { id: 'sessions', label: 'Sessions' },
  { id: 'users', label: 'Users' },
  { id: 'metrics', label: 'Metrics' },
  { id: 'prompts', label: 'Prompts' },
  { id: 'datasets', label: 'Datasets' },
  { id: 'evaluators', label: 'Evaluators' },
  { id: 'settings', label: 'Settings' },
] as const;

/** The frame of every workspace page: sections, the workspace picker, who is logged in. */
export function Layout(props: { ws: string; section: string; children: ReactNode }) {
  const session = useSession();
  const current = session.workspaces.find((w) => w.id === props.ws || w.name === props.ws);
  return (
    <div className="shell">
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header className="topbar">
        <a className="brand" href={wsHref(props.ws, ['traces'])}>
          Spanloop
        </a>
        <nav aria-label="Sections">
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.id}>
                <a
                  href={wsHref(props.ws, [s.id])}
                  aria-current={props.section === s.id ? 'page' : undefined}
                  className={props.section === s.id ? 'active' : undefined}
                >
                  {s.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="topbar-end">
          <label className="inline-label">
            <span>Workspace</span>
            <select
              value={current?.id ?? props.ws}
              onChange={(e) => navigate(wsHref(e.target.value, [props.section]))}
            >
              {current === undefined && <option value={props.ws}>{props.ws}</option>}
              {session.workspaces.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </select>
          </label>
          {session.anonymous ? (
            <a className="button small" href="#/login">
              Log in
            </a>
          ) : (
            <>
              {session.email !== undefined && <span className="muted user-email">{session.email}</span>}
              <button type="button" className="small" onClick={() => void session.logout()}>
                Log out
              </button>
            </>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1} className="content">
        {props.children}
      </main>
    </div>
  );
}
