import { useEffect, useState, type FormEvent } from 'react';
import { PRESETS, fromLocalInput, rangeOf, toLocalInput } from '../app/time-range';
import { FILTER_KEYS, parseLines, type FilterKey } from './trace-query';

type Draft = Record<FilterKey, string> & {
  range: string;
  from: string;
  to: string;
  attrs: string;
  conditions: string;
};

const SPAN_TYPES = ['llm', 'agent', 'tool', 'chain', 'retriever', 'embedding', 'evaluator', 'other'];
const SORTS = [
  { id: 'startTime', label: 'Newest first' },
  { id: 'duration', label: 'Slowest first' },
  { id: 'cost', label: 'Costliest first' },
  { id: 'tokens', label: 'Most tokens first' },
];
const MORE: readonly FilterKey[] = [
  'spanName',
  'minMs',
  'maxMs',
  'spanType',
  'promptKey',
  'promptVersion',
  'sessionId',
  'userId',
];

function draftOf(query: URLSearchParams): Draft {
  const range = rangeOf(query, Date.now());
  const draft = {
    range: range.preset,
    from: toLocalInput(range.from),
    to: toLocalInput(range.to),
    attrs: query.getAll('attr').join('\n'),
    conditions: query.getAll('filter').join('\n'),
  } as Draft;
  for (const k of FILTER_KEYS) draft[k] = query.get(k) ?? '';
  return draft;
}

function queryOf(draft: Draft): URLSearchParams {
  const q = new URLSearchParams();
  q.set('range', draft.range);
  if (draft.range === 'custom') {
    q.set('from', String(fromLocalInput(draft.from)));
    q.set('to', String(fromLocalInput(draft.to)));
  }
  for (const k of FILTER_KEYS)
    if (draft[k].trim() !== '' && !(k === 'sort' && draft[k] === 'startTime')) q.set(k, draft[k].trim());
  for (const a of parseLines(draft.attrs, true)) q.append('attr', a);
  for (const f of parseLines(draft.conditions, false)) q.append('filter', f);
  return q;
}

/** The trace search form; submitting puts the filters in the URL, so every search can be linked and saved. */
export function TraceFilters(props: { query: URLSearchParams; onSearch: (query: URLSearchParams) => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(props.query));
  const key = props.query.toString();
  useEffect(() => setDraft(draftOf(new URLSearchParams(key))), [key]);
  const set = (k: keyof Draft) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [k]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onSearch(queryOf(draft));
  };
  const [moreOpen, setMoreOpen] = useState(
    () => MORE.some((k) => draft[k] !== '') || draft.attrs !== '' || draft.conditions !== '',
  );

  return (
    <form className="filters" onSubmit={submit} role="search" aria-label="Trace filters">
      <div className="filter-row">
        <label className="field grow">
          <span>Search text</span>
          <input
            type="search"
            value={draft.text}
            onChange={set('text')}
            placeholder="words in LLM input or output"
          />
        </label>
        <label className="field">
          <span>Time range</span>
          <select value={draft.range} onChange={set('range')}>
            {PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
            <option value="custom">Custom range</option>
          </select>
        </label>
        {draft.range === 'custom' && (
          <>
            <label className="field">
              <span>From</span>
              <input type="datetime-local" value={draft.from} onChange={set('from')} required />
            </label>
            <label className="field">
              <span>To</span>
              <input type="datetime-local" value={draft.to} onChange={set('to')} required />
            </label>
          </>
        )}
        <label className="field">
          <span>Service</span>
          <input value={draft.service} onChange={set('service')} />
        </label>
        <label className="field">
          <span>Model</span>
          <input value={draft.model} onChange={set('model')} />
        </label>
        <label className="field">
          <span>Status</span>
          <select value={draft.status} onChange={set('status')}>
            <option value="">Any</option>
            <option value="error">Error</option>
            <option value="ok">Ok</option>
            <option value="unset">Unset</option>
          </select>
        </label>
        <label className="field">
          <span>Order</span>
          <select value={draft.sort || 'startTime'} onChange={set('sort')}>
            {SORTS.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <div className="filter-actions">
          <button type="submit" className="primary">
            Search
          </button>
          <button type="button" onClick={() => props.onSearch(new URLSearchParams({ range: draft.range }))}>
            Clear
          </button>
        </div>
      </div>
      <details className="more-filters" open={moreOpen} onToggle={(e) => setMoreOpen(e.currentTarget.open)}>
        <summary>More filters</summary>
        <div className="filter-row">
          <label className="field">
            <span>Span name</span>
            <input value={draft.spanName} onChange={set('spanName')} />
          </label>
          <label className="field grow">
            <span>Attributes (key=value, one per line)</span>
            <textarea rows={2} value={draft.attrs} onChange={set('attrs')} placeholder="user.id=u1" />
          </label>
          <label className="field grow">
            <span>Conditions (one per line, e.g. span.gen_ai.request.temperature&gt;=0.5)</span>
            <textarea rows={2} value={draft.conditions} onChange={set('conditions')} />
          </label>
          <label className="field">
            <span>Span type</span>
            <select value={draft.spanType} onChange={set('spanType')}>
              <option value="">Any</option>
              {SPAN_TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Prompt key</span>
            <input value={draft.promptKey} onChange={set('promptKey')} />
          </label>
          <label className="field">
            <span>Prompt version</span>
            <input value={draft.promptVersion} onChange={set('promptVersion')} />
          </label>
          <label className="field">
            <span>Session id</span>
            <input value={draft.sessionId} onChange={set('sessionId')} />
          </label>
          <label className="field">
            <span>User id</span>
            <input value={draft.userId} onChange={set('userId')} />
          </label>
          <label className="field">
            <span>Min duration (ms)</span>
            <input type="number" min={0} value={draft.minMs} onChange={set('minMs')} />
          </label>
          <label className="field">
            <span>Max duration (ms)</span>
            <input type="number" min={0} value={draft.maxMs} onChange={set('maxMs')} />
          </label>
        </div>
      </details>
    </form>
  );
}
