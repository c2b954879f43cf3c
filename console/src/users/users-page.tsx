import type { UserPage } from '../api/types';
import { ErrorBox } from '../app/error-box';
import { formatCost, formatCount, formatTimeNs } from '../app/format';
import { navigate, withQuery, wsHref } from '../app/router';
import { PRESETS, rangeOf, type TimeRange } from '../app/time-range';
import { usePages } from '../app/use-pages';
import { useWorkspace } from '../app/workspace';
import { apiOrder, nextOrder, userOrderOf, type UserOrder, type UserSort } from './user-sort';

const PAGE_SIZE = 200;

const COLUMNS: { sort: UserSort; label: string; num: boolean }[] = [
  { sort: 'userId', label: 'User', num: false },
  { sort: 'traceCount', label: 'Traces', num: true },
  { sort: 'sessionCount', label: 'Sessions', num: true },
  { sort: 'totalTokens', label: 'Tokens', num: true },
  { sort: 'totalCost', label: 'Cost', num: true },
  { sort: 'errorCount', label: 'Errors', num: true },
  { sort: 'firstSeen', label: 'First seen', num: false },
  { sort: 'lastSeen', label: 'Last seen', num: false },
];

/** The traces list's query for one user over the same time range. */
const tracesQuery = (userId: string, range: TimeRange): Record<string, string> =>
  range.preset === 'custom'
    ? { userId, range: 'custom', from: String(range.from), to: String(range.to) }
    : { userId, range: range.preset };

function SortHeader(props: {
  label: string;
  sort: UserSort;
  num: boolean;
  order: UserOrder;
  onSort: () => void;
}) {
  const active = props.order.sort === props.sort;
  const direction = props.order.order === 'asc' ? 'ascending' : 'descending';
  return (
    <th scope="col" className={props.num ? 'num' : undefined} aria-sort={active ? direction : 'none'}>
      <button type="button" className="link-button" onClick={props.onSort}>
        {props.label}
        {active && <span aria-hidden="true">{props.order.order === 'asc' ? ' ▲' : ' ▼'}</span>}
      </button>
    </th>
  );
}

/** The end users seen in a time range (`user.id` and its aliases) with their traffic, cost and errors. */
export function UsersPage({ query }: { query: URLSearchParams }) {
  const ws = useWorkspace();
  const range = rangeOf(query, Date.now(), '7d');
  const order = userOrderOf(query);
  // The server sorts: a new order (or range) loads the first page again, and further pages continue it.
  const params = { from: range.from, to: range.to, limit: PAGE_SIZE, ...apiOrder(order) };
  const listKey = `${query.get('range') ?? ''}/${query.get('from') ?? ''}/${query.get('to') ?? ''}/${order.sort}/${order.order}`;
  const { first, pages, more, moreError, loadMore } = usePages(`${ws.id}?${listKey}`, (cursor, signal) =>
    ws.api.get<UserPage>('/users', { ...params, cursor }, signal),
  );
  const users = pages.flatMap((p) => p.users);

  const setQuery = (changes: Record<string, string>) =>
    navigate(wsHref(ws.id, ['users'], withQuery(query, changes)), { replace: true });

  return (
    <div className="page">
      <div className="page-head">
        <h1>Users</h1>
      </div>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="User filters">
        <div className="filter-row">
          <label className="field">
            <span>Time range</span>
            <select
              value={range.preset}
              onChange={(e) => setQuery({ range: e.target.value, from: '', to: '' })}
            >
              {range.preset === 'custom' && <option value="custom">Custom range</option>}
              {PRESETS.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
          </label>
        </div>
      </form>
      {first.error !== undefined && <ErrorBox error={first.error} title="Users" onRetry={first.reload} />}
      {moreError !== undefined && <ErrorBox error={moreError} title="More users" />}
      {users.length === 0 && !first.loading ? (
        <div className="empty">
          <p>No users in this range.</p>
          <p className="muted">
            Spans name their user through <code>user.id</code> (or <code>enduser.id</code>,{' '}
            <code>langfuse.user.id</code>, Cozeloop&apos;s <code>user_id</code>).
          </p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="data-table users-table">
            <caption className="visually-hidden">Users, sorted by {order.sort}</caption>
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <SortHeader
                    key={c.sort}
                    label={c.label}
                    sort={c.sort}
                    num={c.num}
                    order={order}
                    onSort={() => {
                      const next = nextOrder(order, c.sort);
                      setQuery({ sort: next.sort, order: next.order });
                    }}
                  />
                ))}
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.userId}>
                  <td className="name-cell">
                    <a
                      href={wsHref(ws.id, ['traces'], tracesQuery(u.userId, range))}
                      title="Traces of this user"
                    >
                      {u.userId}
                    </a>
                  </td>
                  <td className="num">{u.traceCount}</td>
                  <td className="num">{u.sessionCount}</td>
                  <td className="num">{formatCount(u.totalTokens)}</td>
                  <td className="num">{formatCost(u.totalCost)}</td>
                  <td className="num">
                    {u.errorCount > 0 ? <span className="badge error">{u.errorCount}</span> : 0}
                  </td>
                  <td className="nowrap">{formatTimeNs(u.firstSeenUnixNano)}</td>
                  <td className="nowrap">{formatTimeNs(u.lastSeenUnixNano)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="table-foot">
        <span className="muted">
          {first.loading ? 'Loading…' : `${users.length} users`}
          {more && ' loaded'}
        </span>
        {more && (
          <button type="button" onClick={loadMore}>
            Load more
          </button>
        )}
      </div>
    </div>
  );
}
