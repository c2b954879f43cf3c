import { useState, type FormEvent } from 'react';
import type { PromptListItem, PromptView } from '../api/prompt-types';
import { ErrorBox } from '../app/error-box';
import { formatDate } from '../app/format';
import { navigate, wsHref } from '../app/router';
import { useLoad } from '../app/use-load';
import { useWorkspace } from '../app/workspace';

/** Every prompt of the workspace with its latest version and labels; writers create new ones. */
export function PromptList() {
  const ws = useWorkspace();
  const [search, setSearch] = useState('');
  const [applied, setApplied] = useState('');
  const list = useLoad(`${ws.id}/prompts?${applied}`, (signal) =>
    ws.api.get<{ prompts: PromptListItem[] }>('/prompts', { search: applied, limit: 200 }, signal),
  );
  const [key, setKey] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>();

  const create = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    ws.api
      .post<{ prompt: PromptView }>('/prompts', { key: key.trim(), description })
      .then((r) => navigate(wsHref(ws.id, ['prompts', r.prompt.key, 'editor'])), setError);
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>Prompts</h1>
      </div>
      <form
        className="filters filter-row"
        role="search"
        aria-label="Prompt search"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(search.trim());
        }}
      >
        <label className="field grow">
          <span>Search prompts</span>
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <button type="submit">Search</button>
      </form>
      {list.error !== undefined && <ErrorBox error={list.error} onRetry={list.reload} />}
      {list.data && list.data.prompts.length === 0 ? (
        <div className="empty">
          <p>No prompts {applied === '' ? 'yet' : `match “${applied}”`}.</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <caption className="visually-hidden">Prompts</caption>
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Description</th>
                <th scope="col">Latest version</th>
                <th scope="col" className="num">
                  Versions
                </th>
                <th scope="col">Labels</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {(list.data?.prompts ?? []).map((p) => (
                <tr key={p.id}>
                  <td className="name-cell">
                    <a href={wsHref(ws.id, ['prompts', p.key])}>{p.key}</a>
                    {p.name !== p.key && <span className="muted"> {p.name}</span>}
                  </td>
                  <td>{p.description}</td>
                  <td className="mono">{p.latestVersion ?? '–'}</td>
                  <td className="num">{p.versionCount}</td>
                  <td>
                    {Object.entries(p.labels).map(([label, version]) => (
                      <span key={label} className="badge label">
                        {label} → {version}
                      </span>
                    ))}
                  </td>
                  <td className="nowrap">{formatDate(p.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {ws.can('write') && (
        <form className="inline-form" onSubmit={create} aria-label="New prompt">
          <label className="field">
            <span>New prompt key</span>
            <input
              required
              value={key}
              onChange={(e) => setKey(e.target.value)}
              pattern="[A-Za-z0-9][A-Za-z0-9_.\-]{0,99}"
            />
          </label>
          <label className="field grow">
            <span>Description</span>
            <input value={description} onChange={(e) => setDescription(e.target.value)} />
          </label>
          <button type="submit" className="primary">
            Create prompt
          </button>
        </form>
      )}
      {error !== undefined && <ErrorBox error={error} />}
    </div>
  );
}
