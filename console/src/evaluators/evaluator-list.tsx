import { useRef, useState, type FormEvent } from 'react';
import {
  EVALUATOR_TYPES,
  type Evaluator,
  type EvaluatorTemplate,
  type EvaluatorType,
  type Page,
  pageOf,
} from '../api/evaluator-types';
import { ErrorBox } from '../app/error-box';
import { formatDate } from '../app/format';
import { navigate, wsHref } from '../app/router';
import { useLoad } from '../app/use-load';
import { usePages } from '../app/use-pages';
import { useWorkspace } from '../app/workspace';
import { useModels } from '../prompts/prompt-page';
import { blankSpec } from './blank-specs';

const BLANKS = [
  { value: 'blank:prompt', label: 'Blank LLM judge' },
  { value: 'blank:code:javascript', label: 'Blank code (JavaScript)' },
  { value: 'blank:code:python', label: 'Blank code (Python)' },
  { value: 'blank:http', label: 'Blank HTTP evaluator' },
  { value: 'blank:builtin', label: 'Blank built-in (deterministic)' },
] as const;

export const TYPE_LABELS: Record<EvaluatorType, string> = {
  prompt: 'LLM judge',
  code: 'Code',
  http: 'HTTP',
  builtin: 'Built-in',
  plugin: 'Plugin',
};

const templateLabel = (t: EvaluatorTemplate) =>
  t.type === 'code' ? `${t.name} (${t.language === 'python' ? 'Python' : 'JavaScript'})` : t.name;

/** The workspace's evaluators, the built-in templates, and a form to create one from a template or blank. */
export function EvaluatorList() {
  const ws = useWorkspace();
  const models = useModels();
  const [search, setSearch] = useState('');
  const [type, setType] = useState('');
  const [applied, setApplied] = useState({ search: '', type: '' });
  const list = usePages(`${ws.id}/evaluators?${applied.search}&${applied.type}`, (cursor, signal) =>
    ws.api
      .get<Page<Evaluator>>(
        '/evaluators',
        { cursor, limit: 100, search: applied.search, type: applied.type },
        signal,
      )
      .then(pageOf),
  );
  const templates = useLoad(`${ws.id}/evaluator-templates`, (signal) =>
    ws.api.get<{ items: EvaluatorTemplate[] }>('/evaluators/templates', undefined, signal),
  );
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [from, setFrom] = useState<string>('blank:prompt');
  const [error, setError] = useState<unknown>();
  const nameInput = useRef<HTMLInputElement>(null);

  const create = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const base = {
      name: name.trim(),
      ...(description.trim() === '' ? {} : { description: description.trim() }),
    };
    let body: Record<string, unknown>;
    if (from.startsWith('template:')) body = { ...base, templateKey: from.slice('template:'.length) };
    else {
      const [, kind, language] = from.split(':') as [
        string,
        EvaluatorType,
        'javascript' | 'python' | undefined,
      ];
      body = { ...base, spec: blankSpec(kind, models[0]?.id ?? '', language) };
    }
    ws.api
      .post<Evaluator>('/evaluators', body)
      .then((created) => navigate(wsHref(ws.id, ['evaluators', created.id, 'editor'])), setError);
  };
  const useTemplate = (t: EvaluatorTemplate) => {
    setFrom(`template:${t.key}`);
    if (name === '') setName(t.key.replace(/[^A-Za-z0-9_.-]/g, '-'));
    nameInput.current?.focus();
  };

  const evaluators = list.pages.flatMap((p) => p.items);
  const judges = (templates.data?.items ?? []).filter((t) => t.type === 'prompt');
  const code = (templates.data?.items ?? []).filter((t) => t.type === 'code');

  return (
    <div className="page">
      <div className="page-head">
        <h1>Evaluators</h1>
        <span className="muted">LLM judges, code, HTTP and built-in evaluators, versioned and testable.</span>
      </div>
      <form
        className="filters filter-row"
        role="search"
        aria-label="Evaluator search"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied({ search: search.trim(), type });
        }}
      >
        <label className="field grow">
          <span>Search evaluators</span>
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <label className="field">
          <span>Type</span>
          <select value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">All types</option>
            {EVALUATOR_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Search</button>
      </form>
      {list.first.error !== undefined && <ErrorBox error={list.first.error} onRetry={list.first.reload} />}
      {list.first.data && evaluators.length === 0 ? (
        <div className="empty">
          <p>
            No evaluators {applied.search === '' && applied.type === '' ? 'yet' : 'match'}.
            {ws.can('write') && ' Create one below, blank or from a template.'}
          </p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <caption className="visually-hidden">Evaluators of this workspace</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Description</th>
                <th scope="col">Latest version</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {evaluators.map((ev) => (
                <tr key={ev.id}>
                  <td className="name-cell">
                    <a href={wsHref(ws.id, ['evaluators', ev.id])}>{ev.name}</a>
                    {ev.builtin && <span className="badge"> built-in</span>}
                  </td>
                  <td>
                    <span className={`badge eval-type eval-type-${ev.type}`}>{TYPE_LABELS[ev.type]}</span>
                    {ev.draft.type === 'code' && (
                      <span className="muted small-text"> {ev.draft.language}</span>
                    )}
                  </td>
                  <td>{ev.description}</td>
                  <td className="mono">
                    {ev.latestVersion?.version ?? '–'}
                    {ev.draftChanged && ev.latestVersion !== undefined && (
                      <span className="muted small-text"> (draft changed)</span>
                    )}
                  </td>
                  <td className="nowrap">{formatDate(ev.updatedAt)}</td>
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
          {list.moreError !== undefined && <ErrorBox error={list.moreError} />}
        </div>
      )}
      {ws.can('write') && (
        <form className="inline-form panel" onSubmit={create} aria-label="New evaluator">
          <label className="field">
            <span>New evaluator name</span>
            <input
              ref={nameInput}
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
              maxLength={100}
            />
          </label>
          <label className="field grow">
            <span>Description</span>
            <input value={description} onChange={(e) => setDescription(e.target.value)} />
          </label>
          <label className="field">
            <span>Start from</span>
            <select value={from} onChange={(e) => setFrom(e.target.value)}>
              <optgroup label="Blank">
                {BLANKS.map((b) => (
                  <option key={b.value} value={b.value}>
                    {b.label}
                  </option>
                ))}
              </optgroup>
              {judges.length > 0 && (
                <optgroup label="LLM judge templates">
                  {judges.map((t) => (
                    <option key={t.key} value={`template:${t.key}`}>
                      {templateLabel(t)}
                    </option>
                  ))}
                </optgroup>
              )}
              {code.length > 0 && (
                <optgroup label="Code templates">
                  {code.map((t) => (
                    <option key={t.key} value={`template:${t.key}`}>
                      {templateLabel(t)}
                    </option>
                  ))}
                </optgroup>
              )}
            </select>
          </label>
          <button type="submit" className="primary">
            Create evaluator
          </button>
        </form>
      )}
      {error !== undefined && <ErrorBox error={error} title="Not created" />}
      <h2>Built-in templates</h2>
      {templates.error !== undefined && <ErrorBox error={templates.error} onRetry={templates.reload} />}
      {templates.data !== undefined && (
        <div className="split-2">
          <TemplateTable
            caption={`LLM judge templates (${judges.length})`}
            templates={judges}
            canUse={ws.can('write')}
            onUse={useTemplate}
          />
          <TemplateTable
            caption={`Code templates (${code.length})`}
            templates={code}
            canUse={ws.can('write')}
            onUse={useTemplate}
          />
        </div>
      )}
    </div>
  );
}

function TemplateTable(props: {
  caption: string;
  templates: readonly EvaluatorTemplate[];
  canUse: boolean;
  onUse: (t: EvaluatorTemplate) => void;
}) {
  return (
    <section className="panel" aria-label={props.caption}>
      <h3>{props.caption}</h3>
      <div className="table-wrap">
        <table className="data-table">
          <caption className="visually-hidden">{props.caption}</caption>
          <thead>
            <tr>
              <th scope="col">Template</th>
              <th scope="col">Inputs</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.templates.map((t) => (
              <tr key={t.key}>
                <td>
                  <strong>{templateLabel(t)}</strong>
                  <div className="muted small-text">{t.description}</div>
                </td>
                <td className="mono small-text">{t.inputs.join(', ')}</td>
                <td>
                  {props.canUse && (
                    <button
                      type="button"
                      className="small"
                      aria-label={`Use template ${templateLabel(t)}`}
                      onClick={() => props.onUse(t)}
                    >
                      Use
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
