import { useState } from 'react';
import type { Dataset, ExportFormat } from '../api/dataset-types';
import { ErrorBox } from '../app/error-box';
import { useWorkspace } from '../app/workspace';
import { useVersions } from './items-tab';

const FORMATS: readonly { id: ExportFormat; label: string }[] = [
  { id: 'csv', label: 'CSV' },
  { id: 'jsonl', label: 'JSONL' },
  { id: 'parquet', label: 'Parquet' },
];

/** Downloads the draft or a version as CSV, JSONL or Parquet (fetched with the workspace header). */
export function ExportTab({ dataset }: { dataset: Dataset }) {
  const ws = useWorkspace();
  const versions = useVersions(dataset.id);
  const [version, setVersion] = useState('');
  const [format, setFormat] = useState<ExportFormat>('csv');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState('');
  const chosen = versions.data?.items.find((v) => v.id === version);

  const download = () => {
    setError(undefined);
    setBusy(true);
    const path = `/datasets/${dataset.id}/export?${new URLSearchParams({ format, ...(version === '' ? {} : { version }) }).toString()}`;
    const name = `${dataset.name}-${chosen?.version ?? 'draft'}.${format}`.replace(/[^\w.-]+/g, '_');
    ws.api.blob(path).then(
      (blob) => {
        const url = URL.createObjectURL(blob);
        const a = document.createElement('a');
        a.href = url;
        a.download = name;
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
        setBusy(false);
        setStatus(`Downloaded ${name} (${blob.size} bytes).`);
      },
      (e: unknown) => {
        setBusy(false);
        setError(e);
      },
    );
  };

  return (
    <section aria-label="Export">
      <form
        className="inline-form"
        aria-label="Export a version"
        onSubmit={(e) => {
          e.preventDefault();
          download();
        }}
      >
        <label className="field">
          <span>Version</span>
          <select value={version} onChange={(e) => setVersion(e.target.value)}>
            <option value="">Draft</option>
            {(versions.data?.items ?? []).map((v) => (
              <option key={v.id} value={v.id}>
                {v.version}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="plain-fieldset inline-form">
          <legend>Format</legend>
          {FORMATS.map((f) => (
            <label key={f.id} className="inline-label">
              <input type="radio" name="format" checked={format === f.id} onChange={() => setFormat(f.id)} />
              <span>{f.label}</span>
            </label>
          ))}
        </fieldset>
        <button type="submit" className="primary" disabled={busy}>
          Download
        </button>
      </form>
      <p role="status" className="muted">
        {busy ? 'Preparing the file…' : status}
      </p>
      {error !== undefined && <ErrorBox error={error} />}
    </section>
  );
}
