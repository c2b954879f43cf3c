import type { ModelView, PromptListItem } from '../api/prompt-types';
import { ErrorBox } from '../app/error-box';
import { wsHref } from '../app/router';
import { useLoad } from '../app/use-load';
import { useWorkspace } from '../app/workspace';
import { EditorTab } from './editor-tab';
import { PlaygroundTab } from './playground-tab';
import { VersionsTab } from './versions-tab';

const TABS = [
  { id: 'editor', label: 'Editor' },
  { id: 'versions', label: 'Versions & labels' },
  { id: 'playground', label: 'Playground' },
] as const;

/** The workspace's registered models, for the model pickers (empty when the caller may not list them). */
export function useModels(): ModelView[] {
  const ws = useWorkspace();
  const models = useLoad(`${ws.id}/models`, (signal) =>
    ws.api.get<{ models: ModelView[] }>('/models', undefined, signal).catch(() => ({ models: [] })),
  );
  return models.data?.models ?? [];
}

/** One prompt: its editor (draft and commit), its versions with labels and diffs, and a playground. */
export function PromptPage({ promptKey, tab }: { promptKey: string; tab: string }) {
  const ws = useWorkspace();
  const prompt = useLoad(`${ws.id}/prompts/${promptKey}`, (signal) =>
    ws.api
      .get<{ prompts: PromptListItem[] }>('/prompts', { search: promptKey, limit: 200 }, signal)
      .then((r) => r.prompts.find((p) => p.key === promptKey)),
  );
  const current = TABS.find((t) => t.id === tab)?.id ?? 'editor';
  const traces = wsHref(ws.id, ['traces'], { promptKey, range: '7d' });
  return (
    <div className="page">
      <div className="page-head">
        <a href={wsHref(ws.id, ['prompts'])}>← Prompts</a>
        <h1>{promptKey}</h1>
        {prompt.data?.description && <span className="muted">{prompt.data.description}</span>}
        <a href={traces}>Traces of this prompt</a>
      </div>
      {prompt.error !== undefined && <ErrorBox error={prompt.error} />}
      {prompt.data === undefined && !prompt.loading && prompt.error === undefined && (
        <ErrorBox error={new Error(`there is no prompt "${promptKey}"`)} />
      )}
      <nav aria-label="Prompt sections" className="sub-nav">
        <ul>
          {TABS.map((t) => (
            <li key={t.id}>
              <a
                href={wsHref(ws.id, ['prompts', promptKey, t.id])}
                aria-current={current === t.id ? 'page' : undefined}
                className={current === t.id ? 'active' : undefined}
              >
                {t.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {current === 'editor' && <EditorTab promptKey={promptKey} onCommitted={prompt.reload} />}
      {current === 'versions' && <VersionsTab promptKey={promptKey} />}
      {current === 'playground' && <PlaygroundTab promptKey={promptKey} />}
    </div>
  );
}
