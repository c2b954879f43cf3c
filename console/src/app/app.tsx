import { useEffect, type ReactNode } from 'react';
import { DatasetsSection } from '../datasets/datasets-section';
import { EvaluatorsSection } from '../evaluators/evaluators-section';
import { MetricsPage } from '../metrics/metrics-page';
import { PromptsSection } from '../prompts/prompts-section';
import { SessionPage } from '../sessions/session-page';
import { SessionsPage } from '../sessions/sessions-page';
import { SettingsPage } from '../settings/settings-page';
import { TracePage } from '../trace/trace-page';
import { TracesPage } from '../traces/traces-page';
import { UsersPage } from '../users/users-page';
import { ErrorBox } from './error-box';
import { Layout } from './layout';
import { InvitationPage } from './invitation-page';
import { LoginPage } from './login-page';
import { navigate, useLocation, wsHref, type Location } from './router';
import { SessionProvider, useSession } from './session';
import { WorkspacePicker } from './workspace-picker';
import { WorkspaceProvider } from './workspace';

const LAST_WORKSPACE = 'spanloop.workspace';

function WorkspacePage({ loc }: { loc: Location }) {
  const [, , section = 'traces', ...rest] = loc.segments;
  const [first] = rest;
  let page: ReactNode;
  switch (section) {
    case 'traces':
      page =
        first === undefined ? (
          <TracesPage query={loc.query} />
        ) : (
          <TracePage traceId={first} query={loc.query} />
        );
      break;
    case 'sessions':
      page =
        first === undefined ? (
          <SessionsPage query={loc.query} />
        ) : (
          <SessionPage sessionId={first} query={loc.query} />
        );
      break;
    case 'users':
      page = <UsersPage query={loc.query} />;
      break;
    case 'metrics':
      page = <MetricsPage query={loc.query} />;
      break;
    case 'prompts':
      page = <PromptsSection rest={rest} query={loc.query} />;
      break;
    case 'datasets':
      page = <DatasetsSection rest={rest} query={loc.query} />;
      break;
    case 'evaluators':
      page = <EvaluatorsSection rest={rest} query={loc.query} />;
      break;
    case 'settings':
      page = <SettingsPage tab={first} />;
      break;
    default:
      page = (
        <div className="page">
          <h1>Not found</h1>
          <p>
            There is no page <code>{section}</code>.
          </p>
        </div>
      );
  }
  return (
    <Layout section={section} ws={loc.segments[1] as string}>
      {page}
    </Layout>
  );
}

/** `#/` goes to the last workspace used, or the only one, or the picker. */
function Home() {
  const session = useSession();
  useEffect(() => {
    const last = localStorage.getItem(LAST_WORKSPACE);
    const target =
      session.workspaces.find((w) => w.id === last) ??
      (session.workspaces.length === 1 ? session.workspaces[0] : undefined);
    navigate(target ? wsHref(target.id, ['traces']) : '#/workspaces', { replace: true });
  }, [session.workspaces]);
  return null;
}

function Routes() {
  const session = useSession();
  const loc = useLocation();
  const [first, ws] = loc.segments;
  useEffect(() => {
    if (first === 'w' && ws !== undefined) localStorage.setItem(LAST_WORKSPACE, ws);
  }, [first, ws]);
  useEffect(() => {
    const section = loc.segments[2] ?? (first === 'login' ? 'login' : (first ?? ''));
    document.title =
      section === '' ? 'Spanloop' : `${section[0]?.toUpperCase()}${section.slice(1)} · Spanloop`;
  }, [loc, first]);

  if (session.phase === 'loading') return <p className="loading page">Loading…</p>;
  if (session.phase === 'unreachable')
    return (
      <main className="page narrow" id="main">
        <h1>Spanloop</h1>
        <ErrorBox
          error={new Error(session.notice ?? 'unreachable')}
          title="Spanloop did not answer"
          onRetry={session.retry}
        />
      </main>
    );
  // An invitation link works logged out too: the invitee logs in or sets a password there.
  if (first === 'invitation') return <InvitationPage token={loc.query.get('token') ?? ''} />;
  if (session.phase === 'signed-out' || first === 'login') return <LoginPage />;
  if (first === 'w' && ws !== undefined)
    return (
      <WorkspaceProvider id={ws} workspaces={session.workspaces} key={ws}>
        <WorkspacePage loc={loc} />
      </WorkspaceProvider>
    );
  if (first === 'workspaces') return <WorkspacePicker />;
  return <Home />;
}

export function App() {
  return (
    <SessionProvider>
      <Routes />
    </SessionProvider>
  );
}
