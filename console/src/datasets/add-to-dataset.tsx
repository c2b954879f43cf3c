import { useState } from 'react';
import type {
  Dataset,
  FieldSchema,
  FromTracesPreview,
  FromTracesRequest,
  FromTracesResult,
  SkippedSpan,
  Page,
  SpanMapping,
  SpanSource,
} from '../api/dataset-types';
import { SPAN_SOURCES } from '../api/dataset-types';
import { Dialog } from '../app/dialog';
import { ErrorBox } from '../app/error-box';
import { wsHref } from '../app/router';
import { useLoad } from '../app/use-load';
import { useWorkspace } from '../app/workspace';
import { CellView } from './cell-view';
import { writeErrorText } from './write-errors';

const NONE = '';

/** Spans left out, with why (the first few named). */
function skippedText(spans: readonly SkippedSpan[]): string {
  const named = spans
    .slice(0, 5)
    .map((s) => `span ${s.spanId}: ${s.message}`)
    .join('; ');
  return `${spans.length} span${spans.length === 1 ? '' : 's'} left out (${named}${spans.length > 5 ? '; …' : ''})`;
}

/** What a field is filled from unless the user says otherwise: its name says input or output. */
export function defaultMapping(field: Pick<FieldSchema, 'name'>): {
  source: SpanSource | typeof NONE;
  jsonPath: string;
} {
  const name = field.name.toLowerCase();
  if (/^(input|question|query|prompt)s?$/.test(name)) return { source: 'input', jsonPath: '' };
  if (/output|answer|expected|reference|response/.test(name)) return { source: 'output', jsonPath: '' };
  if (/messages|conversation|chat/.test(name)) return { source: 'messages', jsonPath: '' };
  return { source: NONE, jsonPath: '' };
}

/** The spans chosen, said in a sentence. */
export type SpanSelection =
  | { kind: 'spans'; spans: { traceId: string; spanId: string }[]; label: string }
  | { kind: 'search'; search: NonNullable<FromTracesRequest['search']>; label: string };

/**
 * "Add to dataset": choose a dataset, map span fields (input, output, attributes, messages, the span itself,
 * each narrowed by a JSONPath) to its fields, preview the rows, write them to the draft.
 */
export function AddToDatasetDialog(props: { selection: SpanSelection; onClose: () => void }) {
  const ws = useWorkspace();
  const datasets = useLoad(`${ws.id}/datasets-for-add`, (signal) =>
    ws.api.get<Page<Dataset>>('/datasets', { limit: 200 }, signal),
  );
  const [datasetId, setDatasetId] = useState('');
  const dataset = datasets.data?.items.find((d) => d.id === datasetId);
  const [map, setMap] = useState<Record<string, { source: SpanSource | typeof NONE; jsonPath: string }>>({});
  const [preview, setPreview] = useState<FromTracesPreview>();
  const [written, setWritten] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const choose = (id: string) => {
    setDatasetId(id);
    setPreview(undefined);
    setWritten(undefined);
    const d = datasets.data?.items.find((x) => x.id === id);
    setMap(Object.fromEntries((d?.fields ?? []).map((f) => [f.name, defaultMapping(f)])));
  };

  const request = (): FromTracesRequest => {
    const mappings: SpanMapping[] = Object.entries(map)
      .filter(([, m]) => m.source !== NONE)
      .map(([field, m]) => ({
        field,
        source: m.source as SpanSource,
        ...(m.jsonPath.trim() === '' ? {} : { jsonPath: m.jsonPath.trim() }),
      }));
    return props.selection.kind === 'spans'
      ? { spans: props.selection.spans, mappings }
      : { search: props.selection.search, mappings };
  };

  const run = (path: 'from-traces/preview' | 'from-traces') => {
    if (dataset === undefined) return;
    setError(undefined);
    setBusy(true);
    const done = () => setBusy(false);
    if (path === 'from-traces/preview')
      ws.api.post<FromTracesPreview>(`/datasets/${dataset.id}/${path}`, request()).then(
        (p) => {
          setPreview(p);
          done();
        },
        (e: unknown) => {
          setError(e);
          done();
        },
      );
    else
      ws.api.post<FromTracesResult>(`/datasets/${dataset.id}/${path}`, request()).then(
        (r) => {
          done();
          const skipped = r.skipped ?? [];
          if (!r.written)
            setError(
              new Error(`${writeErrorText(r)}${skipped.length > 0 ? ` · ${skippedText(skipped)}` : ''}`),
            );
          else {
            const n = r.outputs.length;
            const notes = [
              r.errors.length > 0 ? writeErrorText(r) : '',
              skipped.length > 0 ? skippedText(skipped) : '',
            ].filter((t) => t !== '');
            setWritten(
              `Added ${n} item${n === 1 ? '' : 's'} to ${dataset.name}.${notes.map((t) => ` ${t}`).join('')}`,
            );
          }
        },
        (e: unknown) => {
          setError(e);
          done();
        },
      );
  };

  const mapped = Object.values(map).some((m) => m.source !== NONE);
  return (
    <Dialog title="Add to dataset" onClose={props.onClose} wide>
      <p className="muted">{props.selection.label}</p>
      {datasets.error !== undefined && <ErrorBox error={datasets.error} onRetry={datasets.reload} />}
      <label className="field">
        <span>Dataset</span>
        <select value={datasetId} onChange={(e) => choose(e.target.value)}>
          <option value="">Choose a dataset…</option>
          {(datasets.data?.items ?? []).map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      {datasets.data?.items.length === 0 && (
        <p>
          No datasets yet: <a href={wsHref(ws.id, ['datasets'])}>create one</a> first.
        </p>
      )}
      {dataset !== undefined && (
        <>
          <div className="table-wrap">
            <table className="data-table">
              <caption className="visually-hidden">Span fields to dataset fields</caption>
              <thead>
                <tr>
                  <th scope="col">Dataset field</th>
                  <th scope="col">From the span</th>
                  <th scope="col">JSONPath (optional)</th>
                </tr>
              </thead>
              <tbody>
                {dataset.fields.map((f) => {
                  const m = map[f.name] ?? { source: NONE, jsonPath: '' };
                  const set = (patch: Partial<typeof m>) => {
                    setPreview(undefined);
                    setMap({ ...map, [f.name]: { ...m, ...patch } });
                  };
                  return (
                    <tr key={f.key}>
                      <td>
                        {f.name} <span className="muted small-text">{f.valueType}</span>
                      </td>
                      <td>
                        <select
                          aria-label={`Source for ${f.name}`}
                          value={m.source}
                          onChange={(e) => set({ source: e.target.value as SpanSource })}
                        >
                          <option value={NONE}>— leave empty —</option>
                          {SPAN_SOURCES.map((s) => (
                            <option key={s}>{s}</option>
                          ))}
                        </select>
                      </td>
                      <td>
                        <input
                          aria-label={`JSONPath for ${f.name}`}
                          className="mono"
                          placeholder={m.source === 'attributes' ? "$['gen_ai.request.model']" : '$'}
                          value={m.jsonPath}
                          disabled={m.source === NONE}
                          onChange={(e) => set({ jsonPath: e.target.value })}
                        />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="row">
            <button type="button" disabled={!mapped || busy} onClick={() => run('from-traces/preview')}>
              Preview rows
            </button>
            <button
              type="button"
              className="primary"
              disabled={!mapped || busy || preview === undefined || written !== undefined}
              onClick={() => run('from-traces')}
            >
              Add {preview === undefined ? '' : `${preview.items.length} `}to {dataset.name}
            </button>
          </div>
        </>
      )}
      {error !== undefined && <ErrorBox error={error} />}
      {preview !== undefined && dataset !== undefined && (
        <section aria-label="Preview of the rows">
          {preview.errors.length > 0 && <p className="error-text">{skippedText(preview.errors)}</p>}
          <div className="table-wrap">
            <table className="data-table">
              <caption className="visually-hidden">Rows to add</caption>
              <thead>
                <tr>
                  {dataset.fields.map((f) => (
                    <th scope="col" key={f.key}>
                      {f.name}
                    </th>
                  ))}
                  <th scope="col">Span</th>
                </tr>
              </thead>
              <tbody>
                {preview.items.map((item, i) => (
                  <tr key={i}>
                    {dataset.fields.map((f) => (
                      <td key={f.key} className="item-cell">
                        <CellView value={item.turns[0]?.fields[f.name]} field={f} />
                      </td>
                    ))}
                    <td className="mono small-text">{item.source?.spanId ?? '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      <p role="status">
        {written}
        {written !== undefined && dataset !== undefined && (
          <>
            {' '}
            <a href={wsHref(ws.id, ['datasets', dataset.id, 'items'])}>Open {dataset.name}</a>
          </>
        )}
      </p>
    </Dialog>
  );
}
