import { useState, type FormEvent } from 'react';
import type { LabelView, VersionDiff, VersionMetrics, VersionSummary } from '../api/prompt-types';
import { ErrorBox } from '../app/error-box';
import { formatCost, formatDate, formatDurationMs } from '../app/format';
import { wsHref } from '../app/router';
import { useLoad } from '../app/use-load';
import { useWorkspace } from '../app/workspace';
import { useActorNames } from './use-actor-names';

const WEEK_MS = 7 * 86_400_000;

/** A unified diff, lines coloured by what they do. */
function Patch({ diff }: { diff: VersionDiff }) {
  if (diff.identical)
    return (
      <p className="muted">
        Versions {diff.from} and {diff.to} are identical.
      </p>
    );
  const lines = diff.patch.split('\n').filter((l) => !l.startsWith('===') && !l.startsWith('Index:'));
  return (
    <>
      <p className="small-text">
        {diff.from} → {diff.to}: {diff.changed.join(', ')} changed
      </p>
      <div className="diff" role="region" aria-label={`Changes from ${diff.from} to ${diff.to}`}>
        {lines.map((l, i) => (
          <div
            key={i}
            className={
              l.startsWith('+') && !l.startsWith('+++')
                ? 'add'
                : l.startsWith('-') && !l.startsWith('---')
                  ? 'del'
                  : undefined
            }
          >
            {l || ' '}
          </div>
        ))}
      </div>
    </>
  );
}

/** Versions with their traffic, labels to move, and the difference between any two versions. */
export function VersionsTab({ promptKey }: { promptKey: string }) {
  const ws = useWorkspace();
  const path = `/prompts/${encodeURIComponent(promptKey)}`;
  const [round, setRound] = useState(0);
  const data = useLoad(
    `${ws.id}/${promptKey}/versions/${round}`,
    async (signal) => {
      const to = Date.now();
      const [versions, labels, metrics] = await Promise.all([
        ws.api.get<{ versions: VersionSummary[] }>(`${path}/versions`, { limit: 500 }, signal),
        ws.api.get<{ labels: LabelView[] }>(`${path}/labels`, undefined, signal),
        ws.api
          .get<{ versions: VersionMetrics[] }>(`${path}/metrics`, { from: to - WEEK_MS, to }, signal)
          .catch(() => ({ versions: [] })),
      ]);
      return {
        versions: versions.versions,
        labels: labels.labels,
        metrics: new Map(metrics.versions.map((m) => [m.version, m])),
      };
    },
    { keepPrevious: true },
  );
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [diff, setDiff] = useState<VersionDiff | undefined>();
  const [label, setLabel] = useState('');
  const [labelVersion, setLabelVersion] = useState('');
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState<string | undefined>();
  const actorName = useActorNames();

  if (data.error !== undefined) return <ErrorBox error={data.error} onRetry={data.reload} />;
  if (data.data === undefined) return <p className="loading">Loading…</p>;
  const { versions, labels, metrics } = data.data;
  const newest = versions[0]?.version ?? '';
  const older = versions[1]?.version ?? newest;

  const act = (work: Promise<unknown>, done: string) => {
    setError(undefined);
    setStatus(undefined);
    work.then(() => {
      setStatus(done);
      setRound((r) => r + 1);
    }, setError);
  };
  const showDiff = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const a = from || older;
    const b = to || newest;
    ws.api
      .get<VersionDiff>(`${path}/versions/${encodeURIComponent(a)}/diff/${encodeURIComponent(b)}`)
      .then(setDiff, setError);
  };
  const moveLabel = (e: FormEvent) => {
    e.preventDefault();
    const name = label.trim();
    const target = labelVersion || newest;
    act(
      ws.api.put(`${path}/labels/${encodeURIComponent(name)}`, { version: target }),
      `Label ${name} now points at ${target}.`,
    );
  };

  if (versions.length === 0)
    return (
      <p className="muted">
        No version yet: commit one in the <a href={wsHref(ws.id, ['prompts', promptKey, 'editor'])}>editor</a>
        .
      </p>
    );
  return (
    <div>
      {error !== undefined && <ErrorBox error={error} />}
      {status !== undefined && (
        <p role="status" className="notice">
          {status}
        </p>
      )}
      <div className="table-wrap">
        <table className="data-table">
          <caption className="visually-hidden">Versions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Labels</th>
              <th scope="col">Message</th>
              <th scope="col">Author</th>
              <th scope="col">Committed</th>
              <th scope="col" className="num">
                Runs (7 days)
              </th>
              <th scope="col" className="num">
                Errors
              </th>
              <th scope="col" className="num">
                p50
              </th>
              <th scope="col" className="num">
                Cost
              </th>
              <th scope="col">Traces</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => {
              const m = metrics.get(v.version);
              return (
                <tr key={v.version}>
                  <td className="mono">{v.version}</td>
                  <td>
                    {labels
                      .filter((l) => l.version === v.version)
                      .map((l) => (
                        <span key={l.label} className="badge label">
                          {l.label}
                        </span>
                      ))}
                  </td>
                  <td>{v.commitMessage}</td>
                  <td title={v.author}>{actorName(v.author)}</td>
                  <td className="nowrap">{formatDate(v.createdAt)}</td>
                  <td className="num">{m?.requests ?? 0}</td>
                  <td className="num">{m?.errors ?? 0}</td>
                  <td className="num">
                    {m?.latencyMs.p50 == null ? '–' : formatDurationMs(m.latencyMs.p50)}
                  </td>
                  <td className="num">{m ? formatCost(m.costUsd) : '–'}</td>
                  <td>
                    <a href={wsHref(ws.id, ['traces'], { promptKey, promptVersion: v.version, range: '7d' })}>
                      Traces of {v.version}
                    </a>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="split-2">
        <section className="panel" aria-label="Labels">
          <h3>Labels</h3>
          {labels.length === 0 ? (
            <p className="muted small-text">
              No labels. SDKs fetch a prompt by label (for example production).
            </p>
          ) : (
            <ul className="card-list">
              {labels.map((l) => (
                <li key={l.label}>
                  <span className="badge label">{l.label}</span> → <span className="mono">{l.version}</span>{' '}
                  <span className="muted small-text">
                    by <span title={l.updatedBy}>{actorName(l.updatedBy)}</span>, {formatDate(l.updatedAt)}
                  </span>{' '}
                  {ws.can('write') && (
                    <button
                      type="button"
                      className="small"
                      onClick={() =>
                        act(
                          ws.api.del(`${path}/labels/${encodeURIComponent(l.label)}`),
                          `Label ${l.label} removed.`,
                        )
                      }
                    >
                      Remove {l.label}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {ws.can('write') && (
            <form className="inline-form" onSubmit={moveLabel} aria-label="Set a label">
              <label className="field">
                <span>Label</span>
                <input
                  required
                  value={label}
                  onChange={(e) => setLabel(e.target.value)}
                  placeholder="production"
                />
              </label>
              <label className="field">
                <span>Points at version</span>
                <select value={labelVersion || newest} onChange={(e) => setLabelVersion(e.target.value)}>
                  {versions.map((v) => (
                    <option key={v.version} value={v.version}>
                      {v.version}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit" className="primary">
                Set label
              </button>
            </form>
          )}
        </section>
        <section className="panel" aria-label="Compare versions">
          <h3>Compare versions</h3>
          <form className="inline-form" onSubmit={showDiff}>
            <label className="field">
              <span>From</span>
              <select value={from || older} onChange={(e) => setFrom(e.target.value)}>
                {versions.map((v) => (
                  <option key={v.version} value={v.version}>
                    {v.version}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>To</span>
              <select value={to || newest} onChange={(e) => setTo(e.target.value)}>
                {versions.map((v) => (
                  <option key={v.version} value={v.version}>
                    {v.version}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit">Show diff</button>
          </form>
          {diff && <Patch diff={diff} />}
        </section>
      </div>
    </div>
  );
}
