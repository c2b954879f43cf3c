import { useId, useState, type FormEvent } from 'react';
import type { EvaluatorRecord, EvaluatorSpec } from '../api/evaluator-types';
import { ErrorBox } from '../app/error-box';
import { useWorkspace } from '../app/workspace';
import { RecordResult } from './record-result';
import { sampleFieldsOf, sampleInput, specForServer } from './sample-input';

/**
 * Runs the draft on one sample input through `POST /evaluators/{id}/debug`: the spec being edited when it has
 * unsaved changes, else the stored draft (which holds an HTTP evaluator's secret the console never sees).
 */
export function TestPanel(props: { evaluatorId: string; spec: EvaluatorSpec; unsaved: boolean }) {
  const { evaluatorId, spec } = props;
  const ws = useWorkspace();
  const fields = sampleFieldsOf(spec);
  const [values, setValues] = useState<Record<string, string>>({});
  const base = useId();
  const [running, setRunning] = useState(false);
  const [record, setRecord] = useState<EvaluatorRecord | undefined>();
  const [error, setError] = useState<unknown>();

  const run = (e: FormEvent) => {
    e.preventDefault();
    setRunning(true);
    setError(undefined);
    setRecord(undefined);
    ws.api
      .post<EvaluatorRecord>(`/evaluators/${encodeURIComponent(evaluatorId)}/debug`, {
        input: sampleInput(values, fields),
        ...(props.unsaved ? { spec: specForServer(spec) } : {}),
      })
      .then(setRecord, setError)
      .finally(() => setRunning(false));
  };

  return (
    <section className="panel test-panel" aria-label="Test on a sample">
      <h2>Test on a sample</h2>
      <form className="stack-form" onSubmit={run} aria-label="Sample input">
        {fields.map((name) => (
          <div key={name} className="field">
            <label htmlFor={`${base}-${name}`}>{name}</label>
            <textarea
              id={`${base}-${name}`}
              rows={name === 'input' || name === 'output' ? 3 : 2}
              value={values[name] ?? ''}
              onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
            />
          </div>
        ))}
        <button type="submit" className="primary" disabled={running || !ws.can('run')}>
          {running ? 'Running…' : 'Run test'}
        </button>
        {!ws.can('run') && <p className="muted small-text">Your role cannot run evaluators.</p>}
      </form>
      <div aria-live="polite">
        {error !== undefined && <ErrorBox error={error} title="Test not run" />}
        {record !== undefined && <RecordResult record={record} wsId={ws.id} label="Test result" />}
      </div>
    </section>
  );
}
