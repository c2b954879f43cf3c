import { useState } from 'react';
import { pageOf, type Evaluator, type EvaluatorVersionView, type Page } from '../api/evaluator-types';
import { ErrorBox } from '../app/error-box';
import { formatDate } from '../app/format';
import { wsHref } from '../app/router';
import { usePages } from '../app/use-pages';
import { useWorkspace } from '../app/workspace';
import { useModels } from '../prompts/prompt-page';
import { useActorNames } from '../prompts/use-actor-names';
import { useTemplates } from './evaluator-page';
import { SpecEditor } from './spec-editor';

/** The submitted versions, newest first; one at a time shows its frozen spec read-only. */
export function VersionsTab({ evaluator }: { evaluator: Evaluator }) {
  const ws = useWorkspace();
  const models = useModels();
  const templates = useTemplates();
  const actorName = useActorNames();
  const path = `/evaluators/${encodeURIComponent(evaluator.id)}/versions`;
  const list = usePages(
    `${ws.id}/${evaluator.id}/versions/${evaluator.latestVersion?.id ?? ''}`,
    (cursor, signal) =>
      ws.api.get<Page<EvaluatorVersionView>>(path, { cursor, limit: 100 }, signal).then(pageOf),
  );
  const [open, setOpen] = useState<string | undefined>();
  if (list.first.error !== undefined)
    return <ErrorBox error={list.first.error} onRetry={list.first.reload} />;
  if (list.first.data === undefined) return <p className="loading">Loading…</p>;
  const versions = list.pages.flatMap((p) => p.items);
  if (versions.length === 0)
    return (
      <p className="muted">
        No version yet: submit one from the{' '}
        <a href={wsHref(ws.id, ['evaluators', evaluator.id, 'editor'])}>editor</a>.
      </p>
    );
  const shown = versions.find((v) => v.id === open);
  return (
    <div>
      <div className="table-wrap">
        <table className="data-table">
          <caption className="visually-hidden">Versions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Description</th>
              <th scope="col">Author</th>
              <th scope="col">Submitted</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.id}>
                <td className="mono">{v.version}</td>
                <td>{v.description}</td>
                <td title={v.createdBy}>{actorName(v.createdBy)}</td>
                <td className="nowrap">{formatDate(v.createdAt)}</td>
                <td>
                  <button
                    type="button"
                    className="small"
                    aria-expanded={v.id === open}
                    onClick={() => setOpen(v.id === open ? undefined : v.id)}
                  >
                    {v.id === open ? `Hide ${v.version}` : `View ${v.version}`}
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
        <section className="panel" aria-label={`Version ${shown.version}`} key={shown.id}>
          <h3>
            Version {shown.version} <span className="muted small-text">(read-only)</span>
          </h3>
          <SpecEditor
            spec={shown.spec}
            models={models}
            templates={templates}
            readOnly
            codeLabel={`Code of version ${shown.version}`}
            onChange={() => undefined}
          />
        </section>
      )}
    </div>
  );
}
