import { useState, type FormEvent } from 'react';
import type { WorkspaceView } from '../api/types';
import { ErrorBox } from '../app/error-box';
import { formatDate } from '../app/format';
import { useLoad } from '../app/use-load';
import { useWorkspace } from '../app/workspace';

/** The workspace's identity and retention; admins change the retention. */
export function WorkspaceSettings() {
  const ws = useWorkspace();
  const view = useLoad(`${ws.id}/workspace`, (signal) =>
    ws.api.get<WorkspaceView>('/workspace', undefined, signal),
  );
  const [retention, setRetention] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);

  const save = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setSaved(false);
    const days = (retention ?? '').trim();
    ws.api
      .patch<WorkspaceView>('/workspace', { retentionDays: days === '' ? null : Number(days) })
      .then(() => {
        setSaved(true);
        view.reload();
      }, setError);
  };

  if (view.error !== undefined) return <ErrorBox error={view.error} onRetry={view.reload} />;
  const w = view.data;
  if (w === undefined) return <p className="loading">Loading…</p>;
  return (
    <div>
      <h2>Workspace {w.name}</h2>
      <dl className="facts">
        <div>
          <dt>Id</dt>
          <dd className="mono">{w.id}</dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatDate(w.createdAt)}</dd>
        </div>
        <div>
          <dt>Your access</dt>
          <dd>
            {ws.principal.role ?? ws.principal.kind} ({ws.principal.scopes.join(', ')})
          </dd>
        </div>
        <div>
          <dt>Retention</dt>
          <dd>{w.retentionDays === null ? 'server default' : `${w.retentionDays} days`}</dd>
        </div>
      </dl>
      {ws.can('admin') && (
        <form className="inline-form" onSubmit={save}>
          <label className="field">
            <span>Keep spans for (days; empty = server default)</span>
            <input
              type="number"
              min={1}
              max={36500}
              value={retention ?? (w.retentionDays === null ? '' : String(w.retentionDays))}
              onChange={(e) => setRetention(e.target.value)}
            />
          </label>
          <button type="submit">Save retention</button>
          {saved && <span role="status">Saved.</span>}
        </form>
      )}
      {error !== undefined && <ErrorBox error={error} />}
    </div>
  );
}
