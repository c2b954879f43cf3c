import { useState, type FormEvent } from 'react';
import type { Dataset, DatasetItem, DatasetVersion, FieldSchema, VersionDiff } from '../api/dataset-types';
import { ErrorBox } from '../app/error-box';
import { formatDate } from '../app/format';
import { wsHref } from '../app/router';
import { useWorkspace } from '../app/workspace';
import { summaryOf } from './cell-text';
import { useVersions } from './items-tab';

const DRAFT = 'draft';

/** The first turn of an item in one line per field, as the diff lists it. */
function ItemSummary({ item }: { item: DatasetItem }) {
  const turn = item.turns[0];
  const entries = Object.entries(turn?.fields ?? {});
  return (
    <span className="item-summary">
      {entries.map(([name, value]) => (
        <span key={name}>
          <span className="muted">{name}:</span> {summaryOf(value).slice(0, 200)}{' '}
        </span>
      ))}
      {item.turns.length > 1 && <span className="badge label">{item.turns.length} turns</span>}
    </span>
  );
}

const fieldText = (f: FieldSchema) => `${f.name} (${f.valueType}${f.required ? ', required' : ''})`;

/** What changed from one state to another: columns first, then items added, removed and changed. */
function DiffView(props: { diff: VersionDiff; title: string; onMore?: () => void }) {
  const { diff } = props;
  const { fields } = diff;
  const noFieldChanges = fields.added.length + fields.removed.length + fields.changed.length === 0;
  return (
    <section aria-label={props.title} className="panel dataset-diff">
      <h3>{props.title}</h3>
      <p className="muted">
        {diff.added.length} added · {diff.removed.length} removed · {diff.changed.length} changed
        {diff.nextCursor !== undefined && ' (first page)'}
      </p>
      <h4>Fields</h4>
      {noFieldChanges ? (
        <p className="muted">The schema is the same.</p>
      ) : (
        <ul className="diff-list" aria-label="Field changes">
          {fields.added.map((f) => (
            <li key={`a${f.key}`} className="add">
              + {fieldText(f)}
            </li>
          ))}
          {fields.removed.map((f) => (
            <li key={`r${f.key}`} className="del">
              − {fieldText(f)}
            </li>
          ))}
          {fields.changed.map((c) => (
            <li key={`c${c.after.key}`} className="chg">
              ~ {fieldText(c.before)} → {fieldText(c.after)}
            </li>
          ))}
        </ul>
      )}
      <h4>Items</h4>
      <ul className="diff-list" aria-label="Item changes">
        {diff.added.map((i) => (
          <li key={`a${i.id}`} className="add">
            <strong>added</strong> <ItemSummary item={i} />
          </li>
        ))}
        {diff.removed.map((i) => (
          <li key={`r${i.id}`} className="del">
            <strong>removed</strong> <ItemSummary item={i} />
          </li>
        ))}
        {diff.changed.map((c) => (
          <li key={`c${c.after.id}`} className="chg">
            <strong>changed</strong> <ItemSummary item={c.before} /> → <ItemSummary item={c.after} />
          </li>
        ))}
      </ul>
      {props.onMore !== undefined && (
        <button type="button" onClick={props.onMore}>
          More changes
        </button>
      )}
    </section>
  );
}

/** Commit the draft as a version, list the versions, diff any two (or a version and the draft). */
export function VersionsTab(props: { dataset: Dataset; onCommitted: () => void }) {
  const ws = useWorkspace();
  const { dataset } = props;
  const [round, setRound] = useState(0);
  const versions = useVersions(dataset.id, round);
  const list = versions.data?.items ?? [];
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState<unknown>();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState(DRAFT);
  const [diff, setDiff] = useState<{ title: string; from: string; to: string; diff: VersionDiff }>();
  const [diffError, setDiffError] = useState<unknown>();
  const labelOf = (id: string) =>
    id === DRAFT ? 'the draft' : (list.find((v) => v.id === id)?.version ?? id);

  const commit = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    ws.api
      .post<DatasetVersion>(`/datasets/${dataset.id}/versions`, { version: name.trim(), description })
      .then((v) => {
        setStatus(`Committed version ${v.version} with ${v.itemCount} items.`);
        setName('');
        setDescription('');
        setRound((r) => r + 1);
        props.onCommitted();
      }, setError);
  };

  const showDiff = (a: string, b: string, cursor?: string) => {
    setDiffError(undefined);
    ws.api
      .get<VersionDiff>(`/datasets/${dataset.id}/diff`, { from: a, to: b, cursor, limit: 100 })
      .then((d) => {
        const title = `Changes from ${labelOf(a)} to ${labelOf(b)}`;
        setDiff((old) =>
          cursor !== undefined && old !== undefined
            ? {
                ...old,
                diff: {
                  ...d,
                  added: [...old.diff.added, ...d.added],
                  removed: [...old.diff.removed, ...d.removed],
                  changed: [...old.diff.changed, ...d.changed],
                },
              }
            : { title, from: a, to: b, diff: d },
        );
      }, setDiffError);
  };

  const fromValue = from !== '' ? from : (list[0]?.id ?? '');
  return (
    <section aria-label="Versions">
      {ws.can('write') && (
        <form className="inline-form" onSubmit={commit} aria-label="Commit a version">
          <label className="field">
            <span>Version name</span>
            <input
              required
              maxLength={50}
              placeholder={list[0] === undefined ? 'v1' : `after ${list[0].version}`}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <label className="field grow">
            <span>Description</span>
            <input value={description} onChange={(e) => setDescription(e.target.value)} />
          </label>
          <button type="submit" className="primary">
            Commit version
          </button>
          {!dataset.uncommittedChanges && dataset.latestVersion !== undefined && (
            <span className="muted">The draft has no changes since {dataset.latestVersion.version}.</span>
          )}
        </form>
      )}
      <p role="status" className="muted">
        {status}
      </p>
      {error !== undefined && <ErrorBox error={error} />}
      {versions.error !== undefined && <ErrorBox error={versions.error} onRetry={versions.reload} />}
      <div className="table-wrap">
        <table className="data-table">
          <caption className="visually-hidden">Versions of {dataset.name}</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Description</th>
              <th scope="col" className="num">
                Items
              </th>
              <th scope="col">Fields</th>
              <th scope="col">Committed</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((v, i) => {
              const previous = list[i + 1];
              return (
                <tr key={v.id}>
                  <td className="mono">{v.version}</td>
                  <td>{v.description}</td>
                  <td className="num">{v.itemCount}</td>
                  <td>{v.fields.map((f) => f.name).join(', ')}</td>
                  <td className="nowrap">
                    {formatDate(v.createdAt)} <span className="muted">{v.createdBy}</span>
                  </td>
                  <td className="nowrap">
                    <a href={wsHref(ws.id, ['datasets', dataset.id, 'items'], { version: v.id })}>
                      Browse<span className="visually-hidden"> {v.version}</span>
                    </a>{' '}
                    {previous !== undefined && (
                      <button type="button" className="small" onClick={() => showDiff(previous.id, v.id)}>
                        Diff with {previous.version}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
            {list.length === 0 && !versions.loading && (
              <tr>
                <td colSpan={6} className="muted">
                  No versions yet: commit the draft to freeze it.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {list.length > 0 && (
        <form
          className="inline-form"
          aria-label="Compare versions"
          onSubmit={(e) => {
            e.preventDefault();
            showDiff(fromValue, to);
          }}
        >
          <label className="field">
            <span>From</span>
            <select value={fromValue} onChange={(e) => setFrom(e.target.value)}>
              {list.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.version}
                </option>
              ))}
              <option value={DRAFT}>Draft</option>
            </select>
          </label>
          <label className="field">
            <span>To</span>
            <select value={to} onChange={(e) => setTo(e.target.value)}>
              <option value={DRAFT}>Draft</option>
              {list.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.version}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">Show diff</button>
        </form>
      )}
      {diffError !== undefined && <ErrorBox error={diffError} />}
      {diff !== undefined && (
        <DiffView
          diff={diff.diff}
          title={diff.title}
          {...(diff.diff.nextCursor === undefined
            ? {}
            : { onMore: () => showDiff(diff.from, diff.to, diff.diff.nextCursor) })}
        />
      )}
    </section>
  );
}
