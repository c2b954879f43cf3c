import { useState, type FormEvent } from 'react';
import { SCOPES, type ApiKeyView, type CreatedApiKeyView, type Scope } from '../api/types';
import { ErrorBox } from '../app/error-box';
import { formatDate } from '../app/format';
import { useLoad } from '../app/use-load';
import { useWorkspace } from '../app/workspace';
import { RoleNote } from './settings-page';

const SCOPE_HELP: Record<Scope, string> = {
  ingest: 'send spans',
  read: 'read traces and data',
  write: 'change prompts, datasets, evaluations',
  run: 'call models and spend money: playground, Cozeloop execute, evaluator runs',
  admin: 'manage keys, members, settings',
};

function status(k: ApiKeyView): string {
  if (k.revokedAt !== null) return 'revoked';
  if (k.expiresAt !== null && Date.parse(k.expiresAt) <= Date.now()) return 'expired';
  return 'active';
}

/** The secret of a key just created: shown once, with a copy button. */
function NewSecret({ created, onDone }: { created: CreatedApiKeyView; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="secret-once" role="alert">
      <h3>Key {created.name} created</h3>
      <p>Copy the secret now: Spanloop keeps only its hash and will not show it again.</p>
      <dl className="facts">
        <div>
          <dt>Secret key</dt>
          <dd>
            <code className="secret" data-testid="new-secret">
              {created.secret}
            </code>
          </dd>
        </div>
        <div>
          <dt>Public key</dt>
          <dd>
            <code>{created.publicKey}</code>
          </dd>
        </div>
      </dl>
      <p className="muted small-text">
        Send it as <code>Authorization: Bearer &lt;secret&gt;</code>, or Basic auth with the public key as
        user name.
      </p>
      <button
        type="button"
        onClick={() => {
          navigator.clipboard.writeText(created.secret).then(
            () => setCopied(true),
            () => setCopied(false),
          );
        }}
      >
        {copied ? 'Copied' : 'Copy secret'}
      </button>{' '}
      <button type="button" onClick={onDone}>
        Done
      </button>
    </div>
  );
}

/** API keys of the workspace: create (the secret shows once), list, revoke. */
export function ApiKeySettings() {
  const ws = useWorkspace();
  const keys = useLoad(`${ws.id}/keys`, (signal) =>
    ws.can('admin')
      ? ws.api.get<{ keys: ApiKeyView[] }>('/keys', undefined, signal)
      : Promise.resolve({ keys: [] }),
  );
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['ingest', 'read']);
  const [expires, setExpires] = useState('');
  const [created, setCreated] = useState<CreatedApiKeyView | undefined>();
  const [error, setError] = useState<unknown>();
  if (!ws.can('admin')) return <RoleNote need="the admin or owner role" />;

  const create = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const body = {
      name: name.trim() || 'api key',
      scopes,
      ...(expires === '' ? {} : { expiresAt: new Date(`${expires}T23:59:59`).toISOString() }),
    };
    ws.api.post<CreatedApiKeyView>('/keys', body).then((k) => {
      setCreated(k);
      setName('');
      keys.reload();
    }, setError);
  };
  const revoke = (k: ApiKeyView) => {
    if (!window.confirm(`Revoke key ${k.name} (${k.publicKey})? Clients using it stop working.`)) return;
    setError(undefined);
    ws.api.del(`/keys/${encodeURIComponent(k.id)}`).then(() => keys.reload(), setError);
  };

  return (
    <div>
      <h2>API keys</h2>
      {created !== undefined && <NewSecret created={created} onDone={() => setCreated(undefined)} />}
      {keys.error !== undefined && <ErrorBox error={keys.error} onRetry={keys.reload} />}
      {error !== undefined && <ErrorBox error={error} />}
      <div className="table-wrap">
        <table className="data-table">
          <caption className="visually-hidden">API keys of this workspace</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Public key</th>
              <th scope="col">Secret starts</th>
              <th scope="col">Scopes</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(keys.data?.keys ?? []).map((k) => (
              <tr key={k.id} className={status(k) === 'active' ? undefined : 'inactive'}>
                <td>{k.name}</td>
                <td className="mono">{k.publicKey}</td>
                <td className="mono">{k.secretPrefix}…</td>
                <td>{k.scopes.join(', ')}</td>
                <td className="nowrap">{formatDate(k.createdAt)}</td>
                <td className="nowrap">{formatDate(k.lastUsedAt)}</td>
                <td className="nowrap">{formatDate(k.expiresAt)}</td>
                <td>{status(k)}</td>
                <td>
                  {k.revokedAt === null && (
                    <button type="button" className="small danger" onClick={() => revoke(k)}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form className="stack-form" onSubmit={create}>
        <h3>Create a key</h3>
        <label className="field">
          <span>Name</span>
          <input
            value={name}
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
            placeholder="api key"
          />
        </label>
        <fieldset className="checkboxes">
          <legend>Scopes</legend>
          {SCOPES.map((s) => (
            <label key={s}>
              <input
                type="checkbox"
                checked={scopes.includes(s)}
                onChange={(e) =>
                  setScopes((list) => (e.target.checked ? [...list, s] : list.filter((x) => x !== s)))
                }
              />{' '}
              {s} <span className="muted">({SCOPE_HELP[s]})</span>
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>Expires on (optional)</span>
          <input type="date" value={expires} onChange={(e) => setExpires(e.target.value)} />
        </label>
        <button type="submit" className="primary" disabled={scopes.length === 0}>
          Create key
        </button>
      </form>
    </div>
  );
}
