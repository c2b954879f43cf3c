import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import {
  emptyTemplate,
  type DraftView,
  type PromptTemplate,
  type VersionSummary,
  type VersionView,
} from '../api/prompt-types';
import { ErrorBox } from '../app/error-box';
import { wsHref } from '../app/router';
import { useLoad } from '../app/use-load';
import { useWorkspace } from '../app/workspace';
import { useModels } from './prompt-page';
import { TemplateEditor } from './template-editor';

interface Start {
  template: PromptTemplate;
  /** The version the edit starts from; null for a new prompt. */
  baseVersion: string | null;
  hasDraft: boolean;
}

/** The caller's draft when there is one, else the latest version, else an empty template. */
async function startingPoint(
  ws: ReturnType<typeof useWorkspace>,
  key: string,
  signal: AbortSignal,
): Promise<Start> {
  const path = `/prompts/${encodeURIComponent(key)}`;
  const draft = await ws.api
    .get<{ draft: DraftView }>(`${path}/draft`, undefined, signal)
    .catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return undefined;
      throw e;
    });
  if (draft) return { template: draft.draft.template, baseVersion: draft.draft.baseVersion, hasDraft: true };
  const { versions } = await ws.api.get<{ versions: VersionSummary[] }>(
    `${path}/versions`,
    { limit: 1 },
    signal,
  );
  const latest = versions[0];
  if (latest === undefined) return { template: emptyTemplate(), baseVersion: null, hasDraft: false };
  const { version } = await ws.api.get<{ version: VersionView }>(
    `${path}/versions/${encodeURIComponent(latest.version)}`,
    undefined,
    signal,
  );
  return { template: version.template, baseVersion: version.version, hasDraft: false };
}

/** Edit the template, keep it as a draft, commit it as a new immutable version. */
export function EditorTab({ promptKey, onCommitted }: { promptKey: string; onCommitted: () => void }) {
  const ws = useWorkspace();
  const models = useModels();
  const start = useLoad(`${ws.id}/${promptKey}/start`, (signal) => startingPoint(ws, promptKey, signal));
  const [edited, setEdited] = useState<PromptTemplate | undefined>();
  const [version, setVersion] = useState('');
  const [message, setMessage] = useState('');
  const [status, setStatus] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const readOnly = !ws.can('write');
  const path = `/prompts/${encodeURIComponent(promptKey)}`;

  if (start.error !== undefined) return <ErrorBox error={start.error} onRetry={start.reload} />;
  if (start.data === undefined) return <p className="loading">Loading…</p>;
  const template = edited ?? start.data.template;
  const base = start.data.baseVersion;

  const run = (work: () => Promise<string>) => {
    setError(undefined);
    setStatus(undefined);
    work().then(setStatus, setError);
  };
  const saveDraft = () => ws.api.put(`${path}/draft`, { template, baseVersion: base });
  const commit = (e: FormEvent) => {
    e.preventDefault();
    run(async () => {
      await saveDraft();
      const body = { commitMessage: message, ...(version.trim() === '' ? {} : { version: version.trim() }) };
      const r = await ws.api.post<{ version: VersionView }>(`${path}/versions`, body);
      setVersion('');
      setMessage('');
      setEdited(undefined);
      start.reload();
      onCommitted();
      return `Committed version ${r.version.version}.`;
    });
  };

  return (
    <div className="split-2">
      <section className="panel" aria-label="Template">
        <p className="muted small-text">
          {start.data.hasDraft || edited !== undefined ? 'Your draft' : 'Editing'}
          {base === null ? ' of a new prompt' : ` based on version ${base}`}
          {readOnly && ' (read only: your role cannot change prompts)'}
        </p>
        <TemplateEditor
          key={`${base ?? ''}-${start.data.hasDraft}`}
          template={template}
          onChange={setEdited}
          models={models}
          readOnly={readOnly}
        />
      </section>
      <section className="panel" aria-label="Save and commit">
        {!readOnly && (
          <>
            <div className="row">
              <button type="button" onClick={() => run(async () => (await saveDraft(), 'Draft saved.'))}>
                Save draft
              </button>
              {start.data.hasDraft && (
                <button
                  type="button"
                  onClick={() =>
                    run(async () => {
                      await ws.api.del(`${path}/draft`);
                      setEdited(undefined);
                      start.reload();
                      return 'Draft discarded.';
                    })
                  }
                >
                  Discard draft
                </button>
              )}
            </div>
            <form className="stack-form" onSubmit={commit} aria-label="Commit a version">
              <h3>Commit a version</h3>
              <label className="field">
                <span>Version (empty = the next one)</span>
                <input
                  value={version}
                  onChange={(e) => setVersion(e.target.value)}
                  placeholder="e.g. 1.0.0"
                />
              </label>
              <label className="field">
                <span>Commit message</span>
                <textarea rows={2} value={message} onChange={(e) => setMessage(e.target.value)} />
              </label>
              <button type="submit" className="primary">
                Commit version
              </button>
            </form>
          </>
        )}
        {status !== undefined && (
          <p role="status" className="notice">
            {status} <a href={wsHref(ws.id, ['prompts', promptKey, 'versions'])}>See versions</a>
          </p>
        )}
        {error !== undefined && <ErrorBox error={error} />}
        <h3>Try it</h3>
        <p className="small-text">
          <a href={wsHref(ws.id, ['prompts', promptKey, 'playground'])}>Open the playground</a> to run the
          draft or a version against a model.
        </p>
      </section>
    </div>
  );
}
