import { useState, type FormEvent } from 'react';
import type { Evaluator, EvaluatorSpec, EvaluatorVersionView } from '../api/evaluator-types';
import { ErrorBox } from '../app/error-box';
import { useWorkspace } from '../app/workspace';
import { useModels } from '../prompts/prompt-page';
import { useTemplates } from './evaluator-page';
import { specForServer } from './sample-input';
import { SpecEditor } from './spec-editor';
import { TestPanel } from './test-panel';
import { nextVersion } from './version-name';

/** Name, description and draft spec; saving writes the draft, submitting freezes it as a version. */
export function EditorTab({ evaluator, onSaved }: { evaluator: Evaluator; onSaved: () => void }) {
  const ws = useWorkspace();
  const models = useModels();
  const templates = useTemplates();
  const readOnly = !ws.can('write') || evaluator.builtin;
  const [name, setName] = useState(evaluator.name);
  const [description, setDescription] = useState(evaluator.description);
  const [spec, setSpec] = useState<EvaluatorSpec>(evaluator.draft);
  const [dirty, setDirty] = useState(false);
  const [version, setVersion] = useState('');
  const [versionNote, setVersionNote] = useState('');
  const [status, setStatus] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const [latest, setLatest] = useState(evaluator.latestVersion?.version);
  const path = `/evaluators/${encodeURIComponent(evaluator.id)}`;

  const save = async (): Promise<void> => {
    if (name !== evaluator.name || description !== evaluator.description)
      await ws.api.patch<Evaluator>(path, { name: name.trim(), description });
    const saved = await ws.api.put<Evaluator>(`${path}/draft`, { spec: specForServer(spec) });
    // The answer never holds a secret: the field empties and says one is set.
    setSpec(saved.draft);
    setDirty(false);
  };
  const onSave = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setStatus(undefined);
    save().then(() => {
      setStatus('Draft saved.');
      onSaved();
    }, setError);
  };
  const suggested = nextVersion(latest);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setStatus(undefined);
    const v = version.trim() || suggested;
    (dirty ? save() : Promise.resolve())
      .then(() =>
        ws.api.post<EvaluatorVersionView>(`${path}/versions`, {
          version: v,
          ...(versionNote.trim() === '' ? {} : { description: versionNote.trim() }),
        }),
      )
      .then((created) => {
        setStatus(`Submitted version ${created.version}.`);
        setLatest(created.version);
        setVersion('');
        setVersionNote('');
        onSaved();
      }, setError);
  };

  return (
    <div className="evaluator-editor split-2">
      <section className="panel" aria-label="Draft">
        <form onSubmit={onSave} aria-label="Evaluator draft">
          <div className="row">
            <label className="field">
              <span>Name</span>
              <input
                required
                readOnly={readOnly}
                value={name}
                onChange={(e) => {
                  setName(e.target.value);
                  setDirty(true);
                }}
              />
            </label>
            <label className="field grow">
              <span>Description</span>
              <input
                readOnly={readOnly}
                value={description}
                onChange={(e) => {
                  setDescription(e.target.value);
                  setDirty(true);
                }}
              />
            </label>
          </div>
          <SpecEditor
            spec={spec}
            models={models}
            templates={templates}
            readOnly={readOnly}
            onChange={(s) => {
              setSpec(s);
              setDirty(true);
            }}
          />
          {!readOnly && (
            <div className="row">
              <button type="submit" className="primary" disabled={!dirty}>
                Save draft
              </button>
              <span className="muted small-text">
                {dirty
                  ? 'Unsaved changes.'
                  : evaluator.draftChanged || !latest
                    ? 'Draft saved.'
                    : 'Draft = latest version.'}
              </span>
            </div>
          )}
        </form>
        {status !== undefined && (
          <p role="status" className="notice">
            {status}
          </p>
        )}
        {error !== undefined && <ErrorBox error={error} title="Not saved" />}
        {!readOnly && (
          <form className="inline-form" onSubmit={submit} aria-label="Submit a version">
            <label className="field">
              <span>Version</span>
              <input
                value={version}
                placeholder={suggested}
                required={suggested === ''}
                maxLength={50}
                onChange={(e) => setVersion(e.target.value)}
              />
            </label>
            <label className="field grow">
              <span>Version description</span>
              <input value={versionNote} onChange={(e) => setVersionNote(e.target.value)} />
            </label>
            <button type="submit">Submit version</button>
          </form>
        )}
      </section>
      <TestPanel evaluatorId={evaluator.id} spec={spec} unsaved={dirty} />
    </div>
  );
}
