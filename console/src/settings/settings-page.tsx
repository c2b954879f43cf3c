import { wsHref } from '../app/router';
import { useWorkspace } from '../app/workspace';
import { AccountSettings } from './account-settings';
import { ApiKeySettings } from './api-key-settings';
import { MemberSettings } from './member-settings';
import { ModelProviderSettings } from './model-provider-settings';
import { WorkspaceSettings } from './workspace-settings';

const TABS = [
  { id: 'workspace', label: 'Workspace' },
  { id: 'members', label: 'Members' },
  { id: 'keys', label: 'API keys' },
  { id: 'providers', label: 'Model providers' },
  { id: 'account', label: 'Account' },
] as const;

/** Workspace, members and roles, API keys, model providers, the user's own password. */
export function SettingsPage({ tab }: { tab: string | undefined }) {
  const ws = useWorkspace();
  const current = TABS.find((t) => t.id === tab)?.id ?? 'workspace';
  return (
    <div className="page settings">
      <div className="page-head">
        <h1>Settings</h1>
      </div>
      <div className="settings-layout">
        <nav aria-label="Settings sections" className="side-nav">
          <ul>
            {TABS.map((t) => (
              <li key={t.id}>
                <a
                  href={wsHref(ws.id, ['settings', t.id])}
                  aria-current={current === t.id ? 'page' : undefined}
                  className={current === t.id ? 'active' : undefined}
                >
                  {t.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <section className="settings-body" aria-label={TABS.find((t) => t.id === current)?.label}>
          {current === 'workspace' && <WorkspaceSettings />}
          {current === 'members' && <MemberSettings />}
          {current === 'keys' && <ApiKeySettings />}
          {current === 'providers' && <ModelProviderSettings />}
          {current === 'account' && <AccountSettings />}
        </section>
      </div>
    </div>
  );
}

/** What a section says to a role that may not use it, instead of a failing call. */
export function RoleNote({ need }: { need: string }) {
  const ws = useWorkspace();
  return (
    <p className="notice" role="note">
      Your role in this workspace ({ws.principal.role ?? ws.principal.kind}) does not allow this: it needs{' '}
      {need}.
    </p>
  );
}
