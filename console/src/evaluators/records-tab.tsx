import { useState, type FormEvent } from 'react';
import {
  pageOf,
  type Content,
  type Evaluator,
  type EvaluatorRecord,
  type EvaluatorVersionView,
  type Page,
} from '../api/evaluator-types';
import { ErrorBox } from '../app/error-box';
import { formatDate } from '../app/format';
import { wsHref } from '../app/router';
import { useLoad } from '../app/use-load';
import { usePages } from '../app/use-pages';
import { useWorkspace } from '../app/workspace';
import { useActorNames } from '../prompts/use-actor-names';
import { RecordResult } from './record-result';

const contentText = (c: Content | undefined): string =>
  c === undefined ? '' : (c.text ?? (c.multi_part ?? []).map(contentText).join(' ') ?? `[${c.content_type}]`);

/** A human's correction of one record: the score it should have had and why; the original stays. */
function CorrectionForm(props: { record: EvaluatorRecord; onCorrected: (r: EvaluatorRecord) => void }) {
  const ws = useWorkspace();
  const { record } = props;
  const [score, setScore] = useState(String(record.correction?.score ?? record.output?.score ?? ''));
  const [explain, setExplain] = useState(record.correction?.explain ?? '');
  const [error, setError] = useState<unknown>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    ws.api
      .patch<EvaluatorRecord>(`/evaluators/records/${encodeURIComponent(record.id)}`, {
        correction: { score: Number(score), ...(explain.trim() === '' ? {} : { explain: explain.trim() }) },
      })
      .then(props.onCorrected, setError);
  };
  return (
    <form className="inline-form" onSubmit={submit} aria-label="Correct this record">
      <label className="field">
        <span>Corrected score</span>
        <input type="number" step="any" required value={score} onChange={(e) => setScore(e.target.value)} />
      </label>
      <label className="field grow">
        <span>Explanation</span>
        <input value={explain} onChange={(e) => setExplain(e.target.value)} />
      </label>
      <button type="submit" className="primary">
        Save correction
      </button>
      {error !== undefined && <ErrorBox error={error} title="Not corrected" />}
    </form>
  );
}

/** Every run of this evaluator (tests and version runs), newest first, with human corrections. */
export function RecordsTab({ evaluator }: { evaluator: Evaluator }) {
  const ws = useWorkspace();
  const actorName = useActorNames();
  const [round, setRound] = useState(0);
  const list = usePages(`${ws.id}/${evaluator.id}/records/${round}`, (cursor, signal) =>
    ws.api
      .get<Page<EvaluatorRecord>>(
        `/evaluators/${encodeURIComponent(evaluator.id)}/records`,
        { cursor, limit: 50 },
        signal,
      )
      .then(pageOf),
  );
  const versions = useLoad(`${ws.id}/${evaluator.id}/version-names`, (signal) =>
    ws.api
      .get<Page<EvaluatorVersionView>>(
        `/evaluators/${encodeURIComponent(evaluator.id)}/versions`,
        { limit: 100 },
        signal,
      )
      .then((p) => new Map(p.items.map((v) => [v.id, v.version])))
      .catch(() => new Map<string, string>()),
  );
  const versionName = (id: string | undefined) =>
    id === undefined ? 'draft' : (versions.data?.get(id) ?? id);
  const [open, setOpen] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  if (list.first.error !== undefined)
    return <ErrorBox error={list.first.error} onRetry={list.first.reload} />;
  if (list.first.data === undefined) return <p className="loading">Loading…</p>;
  const records = list.pages.flatMap((p) => p.items);
  if (records.length === 0)
    return (
      <p className="muted">
        No records yet: run a test in the{' '}
        <a href={wsHref(ws.id, ['evaluators', evaluator.id, 'editor'])}>editor</a>.
      </p>
    );
  const shown = records.find((r) => r.id === open);
  return (
    <div>
      {status !== undefined && (
        <p role="status" className="notice">
          {status}
        </p>
      )}
      <div className="table-wrap">
        <table className="data-table">
          <caption className="visually-hidden">Records, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Score
              </th>
              <th scope="col" className="num">
                Corrected
              </th>
              <th scope="col">Output judged</th>
              <th scope="col">Version</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {records.map((r) => (
              <tr key={r.id}>
                <td className="nowrap">{formatDate(r.createdAt)}</td>
                <td>
                  <span className={`badge status-${r.status}`}>{r.status}</span>
                </td>
                <td className="num mono">{r.output?.score ?? '–'}</td>
                <td className="num mono">{r.correction?.score ?? ''}</td>
                <td className="clip">{contentText(r.input.targetOutputFields.actual_output)}</td>
                <td className="mono">{versionName(r.evaluatorVersionId)}</td>
                <td>
                  <button
                    type="button"
                    className="small"
                    aria-expanded={r.id === open}
                    onClick={() => setOpen(r.id === open ? undefined : r.id)}
                  >
                    {r.id === open ? 'Close' : 'Details'}
                    <span className="visually-hidden"> of the record of {formatDate(r.createdAt)}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {list.more && (
          <div className="table-foot">
            <button type="button" onClick={list.loadMore}>
              Load more
            </button>
          </div>
        )}
      </div>
      {shown !== undefined && (
        <section className="panel" aria-label="Record" key={shown.id}>
          <h3>Record {shown.id}</h3>
          <RecordResult record={shown} wsId={ws.id} label="Record result" />
          <h4>Sample</h4>
          <dl className="kv-table">
            {Object.entries(shown.input.inputFields).map(([k, v]) => (
              <div key={k}>
                <dt className="mono">{k}</dt>
                <dd>{contentText(v)}</dd>
              </div>
            ))}
          </dl>
          <h4>Human correction</h4>
          {shown.correction !== undefined && (
            <p className="small-text" aria-label="Current correction">
              Corrected to <strong>{shown.correction.score}</strong> by{' '}
              <span title={shown.correction.updatedBy}>{actorName(shown.correction.updatedBy)}</span>,{' '}
              {formatDate(shown.correction.updatedAt)}
              {shown.correction.explain !== '' && `: ${shown.correction.explain}`}. The evaluator&apos;s own
              score {shown.output?.score ?? '–'} is kept.
            </p>
          )}
          {ws.can('write') ? (
            <CorrectionForm
              record={shown}
              onCorrected={(r) => {
                setStatus(
                  `Corrected to ${r.correction?.score ?? '?'}; original score ${r.output?.score ?? '–'} kept.`,
                );
                setRound((n) => n + 1);
              }}
            />
          ) : (
            <p className="muted small-text">Your role cannot correct records.</p>
          )}
        </section>
      )}
    </div>
  );
}
