import {
  CONTENT_TYPES,
  DISPLAY_FORMATS,
  VALUE_TYPES,
  type ContentType,
  type DisplayFormat,
  type FieldSchemaInput,
  type ValueType,
} from '../api/dataset-types';

export const newField = (name = ''): FieldSchemaInput => ({
  name,
  description: '',
  contentType: 'text',
  valueType: 'string',
  displayFormat: 'plain_text',
  required: false,
});

/**
 * The columns of a schema as editable rows: name, value type, content type, display format, required,
 * description. Existing columns (with a key) keep their data when renamed; `onRemove` decides what removing one
 * means. The server refuses a value-type change on a column that holds values.
 */
export function FieldRows(props: {
  fields: readonly FieldSchemaInput[];
  onChange: (fields: FieldSchemaInput[]) => void;
  onRemove: (index: number) => void;
  caption: string;
  /** Badge the columns not saved yet (the schema editor). */
  markNew?: boolean;
}) {
  const set = (i: number, patch: Partial<FieldSchemaInput>) =>
    props.onChange(props.fields.map((f, j) => (j === i ? { ...f, ...patch } : f)));
  return (
    <div className="table-wrap">
      <table className="data-table field-table">
        <caption className="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Value type</th>
            <th scope="col">Content</th>
            <th scope="col">Display</th>
            <th scope="col">Required</th>
            <th scope="col">Description</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.fields.map((f, i) => {
            const n = i + 1;
            return (
              <tr key={f.key ?? `new-${i}`}>
                <td>
                  <input
                    aria-label={`Name of field ${n}`}
                    required
                    maxLength={128}
                    value={f.name}
                    onChange={(e) => set(i, { name: e.target.value })}
                  />
                  {props.markNew === true && f.key === undefined && <span className="badge label">new</span>}
                </td>
                <td>
                  <select
                    aria-label={`Value type of field ${n}`}
                    value={f.valueType}
                    onChange={(e) => set(i, { valueType: e.target.value as ValueType })}
                  >
                    {VALUE_TYPES.map((t) => (
                      <option key={t}>{t}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <select
                    aria-label={`Content type of field ${n}`}
                    value={f.contentType}
                    onChange={(e) => set(i, { contentType: e.target.value as ContentType })}
                  >
                    {CONTENT_TYPES.map((t) => (
                      <option key={t}>{t}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <select
                    aria-label={`Display format of field ${n}`}
                    value={f.displayFormat}
                    onChange={(e) => set(i, { displayFormat: e.target.value as DisplayFormat })}
                  >
                    {DISPLAY_FORMATS.map((t) => (
                      <option key={t}>{t}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Field ${n} is required`}
                    checked={f.required}
                    onChange={(e) => set(i, { required: e.target.checked })}
                  />
                </td>
                <td>
                  <input
                    aria-label={`Description of field ${n}`}
                    value={f.description}
                    onChange={(e) => set(i, { description: e.target.value })}
                  />
                </td>
                <td>
                  <button type="button" className="small" onClick={() => props.onRemove(i)}>
                    Remove<span className="visually-hidden"> field {f.name || n}</span>
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
