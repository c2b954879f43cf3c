import { useEffect, useState } from 'react';
import type { ColumnMapping, Dataset, FileFormat, ImportPreview, Job, Page } from '../api/dataset-types';
import { ErrorBox } from '../app/error-box';
import { formatDate } from '../app/format';
import { useLoad } from '../app/use-load';
import { useWorkspace } from '../app/workspace';
import { errorGroupText } from './write-errors';

// A text file is previewed from its head (enough rows to infer columns from); Parquet and XLSX need all of it.
const PREVIEW_BYTES = 4 * 1024 * 1024;
const previewPart = (f: File, fmt: FileFormat): Blob =>
  fmt === 'csv' || fmt === 'jsonl' ? f.slice(0, PREVIEW_BYTES) : f;
const POLL_MS = 1000;
const SKIP = '';

const FORMATS: readonly FileFormat[] = ['csv', 'jsonl', 'parquet', 'xlsx'];
const finished = (job: Job) =>
  job.status === 'completed' || job.status === 'failed' || job.status === 'cancelled';

export function formatOfName(name: string): FileFormat {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (ext === 'jsonl' || ext === 'ndjson' || ext === 'json') return 'jsonl';
  if (ext === 'parquet') return 'parquet';
  if (ext === 'xlsx') return 'xlsx';
  return 'csv';
}

/** A job's progress: a bar, the counts, the grouped per-row errors, and Cancel while it runs. */
function JobProgress(props: { datasetId: string; job: Job; onChange: (j: Job) => void }) {
  const ws = useWorkspace();
  const { job } = props;
  const [error, setError] = useState<unknown>();
  const p = job.progress;
  return (
    <section aria-label="Import progress" className="panel">
      <h3>
        Import {job.status}
        {job.status === 'running' || job.status === 'pending' ? '…' : ''}
      </h3>
      <progress
        aria-label="Rows processed"
        max={p.total ?? Math.max(p.processed, 1)}
        value={p.total === undefined && !finished(job) ? undefined : p.processed}
      />
      <p role="status">
        {p.processed}
        {p.total === undefined ? '' : ` of ${p.total}`} rows processed · {p.added} added · {p.failed} failed
      </p>
      {job.errors.length > 0 && (
        <ul className="error-box" aria-label="Row errors">
          {job.errors.map((g, i) => (
            <li key={i}>{errorGroupText(g)}</li>
          ))}
        </ul>
      )}
      {!finished(job) && (
        <button
          type="button"
          onClick={() => {
            ws.api
              .post<Job>(`/datasets/${props.datasetId}/jobs/${job.id}/cancel`)
              .then(props.onChange, setError);
          }}
        >
          Cancel import
        </button>
      )}
      {error !== undefined && <ErrorBox error={error} />}
    </section>
  );
}

/** Follows a job until it ends. */
function useJob(datasetId: string, initial: Job | undefined, onDone: () => void) {
  const ws = useWorkspace();
  const [job, setJob] = useState(initial);
  useEffect(() => setJob(initial), [initial]);
  const id = job?.id;
  const running = job !== undefined && !finished(job);
  useEffect(() => {
    if (!running || id === undefined) return;
    const controller = new AbortController();
    const timer = window.setInterval(() => {
      ws.api.get<Job>(`/datasets/${datasetId}/jobs/${id}`, undefined, controller.signal).then(
        (j) => {
          setJob(j);
          if (finished(j)) onDone();
        },
        () => undefined,
      );
    }, POLL_MS);
    return () => {
      window.clearInterval(timer);
      controller.abort();
    };
  }, [running, id, ws.api, datasetId, onDone]);
  return [job, setJob] as const;
}

/** Upload a file, preview it with inferred columns, map columns to fields, import, follow the job. */
export function ImportTab(props: { dataset: Dataset; onImported: () => void }) {
  const ws = useWorkspace();
  const { dataset } = props;
  const [file, setFile] = useState<File>();
  const [format, setFormat] = useState<FileFormat>('csv');
  const [encoding, setEncoding] = useState('utf-8');
  const [preview, setPreview] = useState<ImportPreview>();
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [mode, setMode] = useState<'append' | 'overwrite'>('append');
  const [partial, setPartial] = useState(false);
  const [error, setError] = useState<unknown>();
  const [started, setStarted] = useState<Job>();
  const [round, setRound] = useState(0);
  const jobs = useLoad(`${ws.id}/${dataset.id}/jobs#${round}`, (signal) =>
    ws.api.get<Page<Job>>(`/datasets/${dataset.id}/jobs`, { limit: 20 }, signal),
  );
  const { onImported } = props;
  const [job, setJob] = useJob(dataset.id, started, () => {
    setRound((r) => r + 1);
    onImported();
  });

  const loadPreview = (f: File, fmt: FileFormat, enc: string) => {
    setError(undefined);
    setPreview(undefined);
    ws.api
      .upload<ImportPreview>(
        `/datasets/${dataset.id}/imports/preview`,
        { format: fmt, encoding: enc },
        previewPart(f, fmt),
      )
      .then((p) => {
        setPreview(p);
        const byName = new Map(p.mapping.map((m) => [m.source, m.target]));
        const names = new Set(dataset.fields.map((d) => d.name));
        setMapping(
          Object.fromEntries(
            p.columns.map((c) => {
              const proposed = byName.get(c.name) ?? (names.has(c.name) ? c.name : SKIP);
              return [c.name, names.has(proposed) ? proposed : SKIP];
            }),
          ),
        );
      }, setError);
  };

  const start = () => {
    if (file === undefined) return;
    setError(undefined);
    const chosen: ColumnMapping[] = Object.entries(mapping)
      .filter(([, target]) => target !== SKIP)
      .map(([source, target]) => ({ source, target }));
    ws.api
      .upload<Job>(
        `/datasets/${dataset.id}/imports`,
        { format, encoding, mode, partial: String(partial), mapping: JSON.stringify(chosen) },
        file,
      )
      .then((j) => {
        setStarted(j);
        setRound((r) => r + 1);
      }, setError);
  };

  const mapped = Object.values(mapping).filter((t) => t !== SKIP);
  const duplicate = mapped.find((t, i) => mapped.indexOf(t) !== i);
  const missing = dataset.fields.filter((f) => f.required && !mapped.includes(f.name)).map((f) => f.name);

  return (
    <section aria-label="Import">
      {ws.can('write') && (
        <>
          <h2>1. Choose a file</h2>
          <div className="inline-form">
            <label className="field">
              <span>File (CSV, JSONL, Parquet, XLSX)</span>
              <input
                type="file"
                accept=".csv,.tsv,.jsonl,.ndjson,.json,.parquet,.xlsx,text/csv"
                onChange={(e) => {
                  const f = e.target.files?.[0];
                  setFile(f);
                  if (f === undefined) return;
                  const fmt = formatOfName(f.name);
                  setFormat(fmt);
                  loadPreview(f, fmt, encoding);
                }}
              />
            </label>
            <label className="field">
              <span>Format</span>
              <select
                value={format}
                onChange={(e) => {
                  const fmt = e.target.value as FileFormat;
                  setFormat(fmt);
                  if (file !== undefined) loadPreview(file, fmt, encoding);
                }}
              >
                {FORMATS.map((f) => (
                  <option key={f}>{f}</option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Encoding</span>
              <select
                value={encoding}
                onChange={(e) => {
                  setEncoding(e.target.value);
                  if (file !== undefined) loadPreview(file, format, e.target.value);
                }}
              >
                <option value="utf-8">UTF-8</option>
                <option value="gb18030">GB18030</option>
              </select>
            </label>
          </div>
          {error !== undefined && <ErrorBox error={error} />}
          {preview !== undefined && (
            <>
              <h2>2. Map columns to fields</h2>
              <div className="table-wrap">
                <table className="data-table">
                  <caption className="visually-hidden">Column mapping</caption>
                  <thead>
                    <tr>
                      <th scope="col">Column</th>
                      <th scope="col">Inferred type</th>
                      <th scope="col">Samples</th>
                      <th scope="col">Field</th>
                    </tr>
                  </thead>
                  <tbody>
                    {preview.columns.map((c) => (
                      <tr key={c.name}>
                        <td className="mono">{c.name}</td>
                        <td>
                          {c.valueType}
                          {c.contentType !== 'text' && ` (${c.contentType})`}
                        </td>
                        <td className="small-text">{c.samples.slice(0, 3).join(' · ')}</td>
                        <td>
                          <select
                            aria-label={`Field for column ${c.name}`}
                            value={mapping[c.name] ?? SKIP}
                            onChange={(e) => setMapping({ ...mapping, [c.name]: e.target.value })}
                          >
                            <option value={SKIP}>— skip —</option>
                            {dataset.fields.map((f) => (
                              <option key={f.key} value={f.name}>
                                {f.name}
                              </option>
                            ))}
                          </select>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <details>
                <summary>First {preview.rows.length} rows as read</summary>
                <div className="table-wrap">
                  <table className="data-table">
                    <caption className="visually-hidden">First rows of the file</caption>
                    <thead>
                      <tr>
                        {preview.columns.map((c) => (
                          <th scope="col" key={c.name}>
                            {c.name}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {preview.rows.map((r, i) => (
                        <tr key={i}>
                          {preview.columns.map((c) => (
                            <td key={c.name} className="small-text">
                              {r[c.name] ?? ''}
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </details>
              <h2>3. Import</h2>
              <fieldset className="plain-fieldset inline-form">
                <legend>Mode</legend>
                <label className="inline-label">
                  <input
                    type="radio"
                    name="mode"
                    checked={mode === 'append'}
                    onChange={() => setMode('append')}
                  />
                  <span>Append to the draft</span>
                </label>
                <label className="inline-label">
                  <input
                    type="radio"
                    name="mode"
                    checked={mode === 'overwrite'}
                    onChange={() => setMode('overwrite')}
                  />
                  <span>Overwrite the draft (removes its {dataset.itemCount} items)</span>
                </label>
                <label className="inline-label">
                  <input type="checkbox" checked={partial} onChange={(e) => setPartial(e.target.checked)} />
                  <span>Skip bad rows (otherwise one bad row writes nothing)</span>
                </label>
              </fieldset>
              {duplicate !== undefined && (
                <p className="error-text" role="alert">
                  Two columns map to {duplicate}.
                </p>
              )}
              {missing.length > 0 && (
                <p className="error-text" role="alert">
                  Required field{missing.length === 1 ? '' : 's'} without a column: {missing.join(', ')}.
                </p>
              )}
              <button
                type="button"
                className="primary"
                disabled={
                  mapped.length === 0 || duplicate !== undefined || (job !== undefined && !finished(job))
                }
                onClick={start}
              >
                Start import
              </button>
            </>
          )}
        </>
      )}
      {job !== undefined && <JobProgress datasetId={dataset.id} job={job} onChange={setJob} />}
      <h2>Recent jobs</h2>
      {jobs.error !== undefined && <ErrorBox error={jobs.error} onRetry={jobs.reload} />}
      <div className="table-wrap">
        <table className="data-table">
          <caption className="visually-hidden">Import and export jobs</caption>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Processed
              </th>
              <th scope="col" className="num">
                Added
              </th>
              <th scope="col" className="num">
                Failed
              </th>
              <th scope="col">Started</th>
            </tr>
          </thead>
          <tbody>
            {(jobs.data?.items ?? []).map((j) => (
              <tr key={j.id}>
                <td>{j.kind}</td>
                <td>{j.status}</td>
                <td className="num">{j.progress.processed}</td>
                <td className="num">{j.progress.added}</td>
                <td className="num">{j.progress.failed}</td>
                <td className="nowrap">{formatDate(j.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
