import { useState, type FormEvent } from 'react';
import type { Dataset, FieldSchemaInput } from '../api/dataset-types';
import { ErrorBox } from '../app/error-box';
import { useWorkspace } from '../app/workspace';
import { FieldRows, newField } from './field-rows';

/**
 * The draft's schema: add, rename and change fields. Removing a column that exists deletes its data from the
 * draft, so saving asks for an explicit confirmation naming the columns; committed versions keep theirs.
 */
export function SchemaTab(props: { dataset: Dataset; onSaved: (d: Dataset) => void }) {
  const ws = useWorkspace();
  const { dataset } = props;
  const [fields, setFields] = useState<FieldSchemaInput[]>(dataset.fields);
  const [removed, setRemoved] = useState<FieldSchemaInput[]>([]);
  const [confirm, setConfirm] = useState(false);
  const [error, setError] = useState<unknown>();
  const [status, setStatus] = useState('');
  const writable = ws.can('write');

  const remove = (i: number) => {
    const f = fields[i];
    if (f?.key !== undefined) setRemoved([...removed, f]);
    setFields(fields.filter((_, j) => j !== i));
    setConfirm(false);
  };

  const save = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    setStatus('');
    if (removed.length > 0 && !confirm) {
      setError(new Error('Confirm that the removed columns and their values leave the draft.'));
      return;
    }
    ws.api
      .put<Dataset>(`/datasets/${dataset.id}/schema`, {
        fields,
        confirmDelete: removed.length > 0 && confirm,
      })
      .then((d) => {
        setFields(d.fields);
        setRemoved([]);
        setConfirm(false);
        setStatus('Schema saved to the draft.');
        props.onSaved(d);
      }, setError);
  };

  return (
    <section aria-label="Schema">
      <form onSubmit={save} aria-label="Edit schema">
        <FieldRows
          caption="Fields of the draft"
          fields={fields}
          onChange={setFields}
          onRemove={remove}
          markNew
        />
        <div className="row">
          <button type="button" onClick={() => setFields([...fields, newField()])} disabled={!writable}>
            Add field
          </button>
          <button
            type="button"
            onClick={() => {
              setFields(dataset.fields);
              setRemoved([]);
              setConfirm(false);
            }}
          >
            Reset
          </button>
        </div>
        {removed.length > 0 && (
          <div className="notice danger-notice" role="group" aria-label="Removed columns">
            <p>
              Removing <strong>{removed.map((f) => f.name).join(', ')}</strong> deletes{' '}
              {removed.length === 1 ? 'its' : 'their'} values from every item of the draft. Committed versions
              keep them.
            </p>
            <label className="inline-label">
              <input type="checkbox" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} />
              <span>Yes, delete {removed.length === 1 ? 'this column' : 'these columns'} and their data</span>
            </label>
          </div>
        )}
        {error !== undefined && <ErrorBox error={error} />}
        <p role="status" className="muted">
          {status}
        </p>
        {writable && (
          <button type="submit" className="primary">
            Save schema
          </button>
        )}
      </form>
    </section>
  );
}
