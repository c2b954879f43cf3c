import { useState, type FormEvent } from 'react';
import type { Dataset, DatasetCategory, FieldSchemaInput, NewDataset, Page } from '../api/dataset-types';
import { Dialog } from '../app/dialog';
import { ErrorBox } from '../app/error-box';
import { formatDate } from '../app/format';
import { navigate, wsHref } from '../app/router';
import { usePages } from '../app/use-pages';
import { useWorkspace } from '../app/workspace';
import { FieldRows, newField } from './field-rows';

/** The create dialog: name, description, category and a schema of fields. */
function CreateDialog({ onClose }: { onClose: () => void }) {
  const ws = useWorkspace();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [category, setCategory] = useState<DatasetCategory>('evaluation');
  const [fields, setFields] = useState<FieldSchemaInput[]>([newField('input'), newField('reference_output')]);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const create = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setBusy(true);
    const body: NewDataset = { name: name.trim(), description, category, fields };
    ws.api.post<Dataset>('/datasets', body).then(
      (d) => navigate(wsHref(ws.id, ['datasets', d.id, 'items'])),
      (err: unknown) => {
        setError(err);
        setBusy(false);
      },
    );
  };
  return (
    <Dialog title="New dataset" onClose={onClose} wide>
      <form className="stack-form wide-form" onSubmit={create} aria-label="New dataset">
        <label className="field">
          <span>Name</span>
          <input required maxLength={255} value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>Description</span>
          <input value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <label className="field">
          <span>Category</span>
          <select value={category} onChange={(e) => setCategory(e.target.value as DatasetCategory)}>
            <option value="evaluation">evaluation</option>
            <option value="general">general</option>
          </select>
        </label>
        <fieldset className="plain-fieldset">
          <legend>Fields</legend>
          <FieldRows
            caption="Fields of the new dataset"
            fields={fields}
            onChange={setFields}
            onRemove={(i) => setFields(fields.filter((_, j) => j !== i))}
          />
          <button type="button" className="small" onClick={() => setFields([...fields, newField()])}>
            Add field
          </button>
        </fieldset>
        {error !== undefined && <ErrorBox error={error} />}
        <button type="submit" className="primary" disabled={busy}>
          Create dataset
        </button>
      </form>
    </Dialog>
  );
}

/** Every dataset of the workspace: search, open one, create one. */
export function DatasetList() {
  const ws = useWorkspace();
  const [search, setSearch] = useState('');
  const [applied, setApplied] = useState('');
  const [creating, setCreating] = useState(false);
  const list = usePages(`${ws.id}/datasets?${applied}`, (cursor, signal) =>
    ws.api.get<Page<Dataset>>('/datasets', { search: applied, cursor, limit: 50 }, signal),
  );
  const datasets = list.pages.flatMap((p) => p.items);
  return (
    <div className="page">
      <div className="page-head">
        <h1>Datasets</h1>
        {ws.can('write') && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New dataset
          </button>
        )}
      </div>
      <form
        className="filters filter-row"
        role="search"
        aria-label="Dataset search"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied(search.trim());
        }}
      >
        <label className="field grow">
          <span>Search datasets</span>
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <button type="submit">Search</button>
      </form>
      {list.first.error !== undefined && <ErrorBox error={list.first.error} onRetry={list.first.reload} />}
      {list.first.data && datasets.length === 0 ? (
        <div className="empty">
          <p>No datasets {applied === '' ? 'yet' : `match “${applied}”`}.</p>
          <p className="muted">
            Create one here, or add spans to one from a trace (“Add to dataset” on a span or a search).
          </p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="data-table">
            <caption className="visually-hidden">Datasets</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Category</th>
                <th scope="col">Fields</th>
                <th scope="col" className="num">
                  Items
                </th>
                <th scope="col">Latest version</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {datasets.map((d) => (
                <tr key={d.id}>
                  <td className="name-cell">
                    <a href={wsHref(ws.id, ['datasets', d.id, 'items'])}>{d.name}</a>
                    {d.description !== '' && <div className="muted small-text">{d.description}</div>}
                  </td>
                  <td>{d.category}</td>
                  <td>{d.fields.map((f) => f.name).join(', ')}</td>
                  <td className="num">{d.itemCount}</td>
                  <td className="mono">
                    {d.latestVersion?.version ?? '–'}
                    {d.uncommittedChanges && <span className="badge label">draft changed</span>}
                  </td>
                  <td className="nowrap">{formatDate(d.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div className="table-foot">
        <span className="muted">
          {list.first.loading ? 'Loading…' : `${list.first.data?.total ?? datasets.length} datasets`}
        </span>
        {list.more && (
          <button type="button" onClick={list.loadMore}>
            Load more
          </button>
        )}
      </div>
      {list.moreError !== undefined && <ErrorBox error={list.moreError} />}
      {creating && <CreateDialog onClose={() => setCreating(false)} />}
    </div>
  );
}
