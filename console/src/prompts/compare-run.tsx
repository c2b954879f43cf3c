import { useRef, useState, type FormEvent } from 'react';
import { describeError } from '../api/client';
import type { CompareResult, MockToolResponse, PromptTemplate } from '../api/prompt-types';
import { ErrorBox } from '../app/error-box';
import { wsHref } from '../app/router';
import { useLoad } from '../app/use-load';
import { useWorkspace } from '../app/workspace';
import { useModels } from './prompt-page';
import {
  defaultSource,
  loadTemplate,
  ModelOptions,
  SourceOptions,
  sourceBody,
  unionVariables,
  type Sources,
} from './playground-sources';
import { answerOf, RunFacts, ToolCallList } from './run-facts';
import {
  MockToolsEditor,
  mocksToSend,
  paramsOf,
  TemperatureField,
  VariableFields,
  variablesOf,
} from './run-fields';
import { toolCallsOf } from './run-stream';

interface Column {
  source: string;
  modelId: string;
  temperature: string;
}

const MIN_COLUMNS = 2;
const MAX_COLUMNS = 4;

/** Two to four variants (version, label or draft; model; temperature) run together on the same variables. */
export function CompareRun(props: {
  path: string;
  sources: Sources;
  values: Record<string, string>;
  onValue: (key: string, text: string) => void;
  mocks: MockToolResponse[];
  onMocks: (next: MockToolResponse[]) => void;
}) {
  const ws = useWorkspace();
  const models = useModels();
  const first = defaultSource(props.sources);
  const [columns, setColumns] = useState<Column[]>(() =>
    Array.from({ length: MIN_COLUMNS }, () => ({ source: first, modelId: '', temperature: '' })),
  );
  const distinct = [...new Set(columns.map((c) => c.source))].sort();
  const templates = useLoad(`${ws.id}/${props.path}/templates/${distinct.join(',')}`, async (signal) => {
    const list = await Promise.all(
      distinct.map((s) => loadTemplate(ws.api, props.path, s, props.sources, signal)),
    );
    return new Map<string, PromptTemplate>(distinct.map((s, i) => [s, list[i] as PromptTemplate]));
  });
  const loaded = [...(templates.data?.values() ?? [])];
  const variables = unionVariables(loaded);
  const [answer, setAnswer] = useState<CompareResult | undefined>();
  const [error, setError] = useState<unknown>();
  const [running, setRunning] = useState(false);
  const abort = useRef<AbortController | undefined>(undefined);

  // A changed column no longer matches the answers shown.
  const set = (i: number, patch: Partial<Column>) => {
    setAnswer(undefined);
    setColumns((cs) => cs.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  };
  const run = (e: FormEvent) => {
    e.preventDefault();
    const body = {
      variables: variablesOf(variables, props.values),
      mockToolResponses: mocksToSend(props.mocks),
      variants: columns.map((c, i) => {
        const params = paramsOf({ temperature: c.temperature });
        return {
          name: `Column ${i + 1}`,
          ...sourceBody(c.source),
          ...(c.modelId === '' ? {} : { modelId: c.modelId }),
          ...(params ? { params } : {}),
        };
      }),
    };
    setAnswer(undefined);
    setError(undefined);
    setRunning(true);
    abort.current = new AbortController();
    const signal = abort.current.signal;
    ws.api
      .post<CompareResult>(`${props.path}/playground/compare`, body, signal)
      .then(setAnswer)
      .catch((err: unknown) => {
        if (!signal.aborted) setError(err);
      })
      .finally(() => setRunning(false));
  };

  const canRun = ws.can('run');
  return (
    <form className="compare-form" onSubmit={run} aria-label="Compare variants">
      <div className="split-2">
        <fieldset className="panel">
          <legend>Variables (shared by every column)</legend>
          {templates.error !== undefined && <ErrorBox error={templates.error} onRetry={templates.reload} />}
          {variables.length === 0 && templates.data !== undefined && (
            <p className="muted small-text">The chosen templates have no variables.</p>
          )}
          <VariableFields defs={variables} values={props.values} onChange={props.onValue} />
        </fieldset>
        <div>
          <MockToolsEditor
            mocks={props.mocks}
            tools={loaded.flatMap((t) => t.tools)}
            onChange={props.onMocks}
          />
        </div>
      </div>
      <div className="row">
        <button type="submit" className="primary" disabled={running || !canRun}>
          {running ? 'Running…' : `Run ${columns.length} variants`}
        </button>
        {running && (
          <button type="button" onClick={() => abort.current?.abort()}>
            Stop
          </button>
        )}
        <button
          type="button"
          disabled={columns.length >= MAX_COLUMNS}
          onClick={() => setColumns((cs) => [...cs, { source: first, modelId: '', temperature: '' }])}
        >
          Add column
        </button>
        {answer && <a href={wsHref(ws.id, ['traces', answer.traceId])}>Open the compare trace</a>}
      </div>
      {!canRun && <p className="muted small-text">Your role cannot run prompts (it needs write access).</p>}
      {error !== undefined && (
        <p className="error-box" role="alert">
          {describeError(error)}
        </p>
      )}
      <div className="compare-grid" data-columns={columns.length}>
        {columns.map((c, i) => {
          const outcome = answer?.results[i];
          const name = `Column ${i + 1}`;
          return (
            <section key={i} className="panel compare-column" aria-label={name}>
              <div className="row spread">
                <h3>{name}</h3>
                <button
                  type="button"
                  disabled={columns.length <= MIN_COLUMNS || running}
                  onClick={() => {
                    setAnswer(undefined);
                    setColumns((cs) => cs.filter((_, j) => j !== i));
                  }}
                >
                  Remove {name.toLowerCase()}
                </button>
              </div>
              <label className="field">
                <span>Run in {name.toLowerCase()}</span>
                <select value={c.source} onChange={(e) => set(i, { source: e.target.value })}>
                  <SourceOptions sources={props.sources} />
                </select>
              </label>
              <label className="field">
                <span>Model in {name.toLowerCase()}</span>
                <select value={c.modelId} onChange={(e) => set(i, { modelId: e.target.value })}>
                  <ModelOptions
                    models={models}
                    templateModel={templates.data?.get(c.source)?.model.modelId}
                  />
                </select>
              </label>
              <TemperatureField
                label={`Temperature in ${name.toLowerCase()}`}
                value={c.temperature}
                own={templates.data?.get(c.source)?.model.params?.temperature}
                onChange={(temperature) => set(i, { temperature })}
              />
              <div className="stream-output" aria-live="polite" data-testid={`compare-output-${i + 1}`}>
                {running ? '…' : outcome?.ok === true ? answerOf(outcome.result) : ''}
              </div>
              {outcome?.ok === true && (
                <>
                  <ToolCallList calls={toolCallsOf(outcome.result)} />
                  <RunFacts result={outcome.result} wsId={ws.id} label={`Result of ${name.toLowerCase()}`} />
                </>
              )}
              {outcome?.ok === false && (
                <p className="error-box" role="alert">
                  {outcome.error.code}: {outcome.error.message}
                </p>
              )}
            </section>
          );
        })}
      </div>
    </form>
  );
}
