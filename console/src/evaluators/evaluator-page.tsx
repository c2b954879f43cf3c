import type { Evaluator, EvaluatorTemplate } from '../api/evaluator-types';
import { ErrorBox } from '../app/error-box';
import { wsHref } from '../app/router';
import { useLoad } from '../app/use-load';
import { useWorkspace } from '../app/workspace';
import { EditorTab } from './editor-tab';
import { TYPE_LABELS } from './evaluator-list';
import { RecordsTab } from './records-tab';
import { VersionsTab } from './versions-tab';

const TABS = [
  { id: 'editor', label: 'Editor & test' },
  { id: 'versions', label: 'Versions' },
  { id: 'records', label: 'Records' },
] as const;

/** The built-in templates (the code editor's template picker). */
export function useTemplates(): EvaluatorTemplate[] {
  const ws = useWorkspace();
  const templates = useLoad(`${ws.id}/evaluator-templates`, (signal) =>
    ws.api
      .get<{ items: EvaluatorTemplate[] }>('/evaluators/templates', undefined, signal)
      .catch(() => ({ items: [] })),
  );
  return templates.data?.items ?? [];
}

/** One evaluator: its draft editor with a test panel, its versions, and its records with corrections. */
export function EvaluatorPage({ evaluatorId, tab }: { evaluatorId: string; tab: string }) {
  const ws = useWorkspace();
  const evaluator = useLoad(
    `${ws.id}/evaluators/${evaluatorId}`,
    (signal) => ws.api.get<Evaluator>(`/evaluators/${encodeURIComponent(evaluatorId)}`, undefined, signal),
    { keepPrevious: true },
  );
  const current = TABS.find((t) => t.id === tab)?.id ?? 'editor';
  const ev = evaluator.data;
  return (
    <div className="page">
      <div className="page-head">
        <a href={wsHref(ws.id, ['evaluators'])}>← Evaluators</a>
        <h1>{ev?.name ?? evaluatorId}</h1>
        {ev && <span className={`badge eval-type eval-type-${ev.type}`}>{TYPE_LABELS[ev.type]}</span>}
        {ev?.latestVersion && <span className="muted">latest version {ev.latestVersion.version}</span>}
        {ev?.builtin && <span className="badge">built-in</span>}
      </div>
      {evaluator.error !== undefined && <ErrorBox error={evaluator.error} onRetry={evaluator.reload} />}
      <nav aria-label="Evaluator sections" className="sub-nav">
        <ul>
          {TABS.map((t) => (
            <li key={t.id}>
              <a
                href={wsHref(ws.id, ['evaluators', evaluatorId, t.id])}
                aria-current={current === t.id ? 'page' : undefined}
                className={current === t.id ? 'active' : undefined}
              >
                {t.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {ev === undefined ? (
        evaluator.error === undefined && <p className="loading">Loading…</p>
      ) : (
        <>
          {current === 'editor' && <EditorTab evaluator={ev} key={ev.id} onSaved={evaluator.reload} />}
          {current === 'versions' && <VersionsTab evaluator={ev} />}
          {current === 'records' && <RecordsTab evaluator={ev} />}
        </>
      )}
    </div>
  );
}
