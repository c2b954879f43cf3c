import { useState, type FormEvent } from 'react';
import type { SessionPage } from '../api/types';
import { ErrorBox } from '../app/error-box';
import { formatCost, formatCount, formatDurationMs, formatTimeNs, nsToMs } from '../app/format';
import { navigate, withQuery, wsHref } from '../app/router';
import { PRESETS, rangeOf } from '../app/time-range';
import { usePages } from '../app/use-pages';
import { useWorkspace } from '../app/workspace';

/** Sessions (threads) active in a time range, most recent first. */
export function SessionsPage({ query }: { query: URLSearchParams }) {
  const ws = useWorkspace();
  const key = query.toString();
  const [userId, setUserId] = useState(query.get('user') ?? '');
  const range = rangeOf(query, Date.now(), '7d');
  const { first, pages, more, moreError, loadMore } = usePages(`${ws.id}?${key}`, (cursor, signal) =>
    ws.api.get<SessionPage>(
      '/sessions',
      { from: range.from, to: range.to, userId: query.get('user') ?? undefined, limit: 50, cursor },
      signal,
    ),
  );
  const sessions = pages.flatMap((p) => p.sessions);

  const setQuery = (changes: Record<string, string>) =>
    navigate(wsHref(ws.id, ['sessions'], withQuery(query, changes)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setQuery({ user: userId.trim() });
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>Sessions</h1>
      </div>
      <form className="filters" onSubmit={submit} aria-label="Session filters">
        <div className="filter-row">
          <label className="field">
            <span>Time range</span>
            <select value={range.preset} onChange={(e) => setQuery({ range: e.target.value })}>
              {PRESETS.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>User id</span>
            <input value={userId} onChange={(e) => setUserId(e.target.value)} />
          </label>
          <div className="filter-actions">
            <button type="submit" className="primary">
              Filter
            </button>
          </div>
        </div>
      </form>
      {first.error !== undefined && <ErrorBox error={first.error} title="Sessions" onRetry={first.reload} />}
      {moreError !== undefined && <ErrorBox error={moreError} title="More sessions" />}
      {sessions.length === 0 && !first.loading ? (
        <div className="empty">
          <p>No sessions in this range.</p>
          <p className="muted">
            Spans join a session through <code>session.id</code> (or <code>gen_ai.conversation.id</code>).
          </p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <caption className="visually-hidden">Sessions, most recent first</caption>
            <thead>
              <tr>
                <th scope="col">Session</th>
                <th scope="col">Users</th>
                <th scope="col" className="num">
                  Traces
                </th>
                <th scope="col" className="num">
                  Errors
                </th>
                <th scope="col" className="num">
                  Tokens
                </th>
                <th scope="col" className="num">
                  Cost
                </th>
                <th scope="col">Last active</th>
                <th scope="col" className="num">
                  Span of time
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.sessionId}>
                  <td className="name-cell">
                    <a href={wsHref(ws.id, ['sessions', s.sessionId], { range: range.preset })}>
                      {s.sessionId}
                    </a>
                  </td>
                  <td>{s.userIds.join(', ') || '–'}</td>
                  <td className="num">{s.traceCount}</td>
                  <td className="num">
                    {s.errorCount > 0 ? <span className="badge error">{s.errorCount}</span> : 0}
                  </td>
                  <td className="num">{formatCount(s.totalTokens)}</td>
                  <td className="num">{formatCost(s.totalCost)}</td>
                  <td className="nowrap">{formatTimeNs(s.lastSeenUnixNano)}</td>
                  <td className="num">
                    {formatDurationMs(nsToMs(s.lastSeenUnixNano) - nsToMs(s.firstSeenUnixNano))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="table-foot">
        <span className="muted">{first.loading ? 'Loading…' : `${sessions.length} sessions`}</span>
        {more && (
          <button type="button" onClick={loadMore}>
            Load more
          </button>
        )}
      </div>
    </div>
  );
}
