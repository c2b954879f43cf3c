import { useEffect, useState, type FormEvent } from 'react';
import type { Content, DatasetItem, FieldSchema } from '../api/dataset-types';
import { useWorkspace } from '../app/workspace';
import { editTextOf, parseEditText } from './cell-text';

export type TurnValues = Record<string, Content>;

/**
 * Edits one item of the draft (or a new one) field by field and turn by turn; values cut short in the list are
 * fetched whole first so saving never truncates them.
 */
export function ItemEditor(props: {
  datasetId: string;
  fields: readonly FieldSchema[];
  item?: DatasetItem;
  label: string;
  saveLabel: string;
  onSave: (turns: TurnValues[]) => Promise<void>;
  onCancel: () => void;
}) {
  const ws = useWorkspace();
  const { item, fields } = props;
  const [texts, setTexts] = useState<Record<string, string>[]>(() =>
    (item?.turns ?? [{ id: '', fields: {} }]).map((t) =>
      Object.fromEntries(fields.map((f) => [f.name, editTextOf(t.fields[f.name])])),
    ),
  );
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (item === undefined) return;
    const controller = new AbortController();
    item.turns.forEach((turn, i) => {
      for (const f of fields) {
        if (turn.fields[f.name]?.content_omitted !== true) continue;
        ws.api
          .get<Content>(
            `/datasets/${props.datasetId}/items/${item.id}/value`,
            { field: f.name, turnId: turn.id },
            controller.signal,
          )
          .then(
            (whole) =>
              setTexts((all) => all.map((t, j) => (j === i ? { ...t, [f.name]: editTextOf(whole) } : t))),
            (e: unknown) => {
              if (!controller.signal.aborted) setErrors((all) => [...all, `${f.name}: ${String(e)}`]);
            },
          );
      }
    });
    return () => controller.abort();
  }, [item, fields, ws.api, props.datasetId]);

  const save = (e: FormEvent) => {
    e.preventDefault();
    const problems: string[] = [];
    const turns = texts.map((t) => {
      const values: TurnValues = {};
      for (const f of fields) {
        const parsed = parseEditText(t[f.name] ?? '', f);
        if (!parsed.ok) problems.push(parsed.message);
        else if (parsed.value !== undefined) values[f.name] = parsed.value;
      }
      return values;
    });
    setErrors(problems);
    if (problems.length > 0) return;
    setBusy(true);
    props.onSave(turns).then(
      () => setBusy(false),
      (err: unknown) => {
        setBusy(false);
        setErrors([err instanceof Error ? err.message : String(err)]);
      },
    );
  };

  return (
    <form className="item-editor" aria-label={props.label} onSubmit={save}>
      {texts.map((t, i) => (
        <fieldset key={i} className="plain-fieldset">
          {texts.length > 1 && <legend>Turn {i + 1}</legend>}
          <div className="item-editor-fields">
            {fields.map((f) => (
              <label key={f.key} className="field">
                <span>
                  {f.name}
                  {texts.length > 1 ? ` (turn ${i + 1})` : ''}{' '}
                  <span className="muted">
                    {f.contentType === 'text' ? f.valueType : `${f.contentType} URL`}
                    {f.required ? ', required' : ''}
                  </span>
                </span>
                <textarea
                  rows={f.valueType === 'string' && f.contentType === 'text' ? 2 : 4}
                  value={t[f.name] ?? ''}
                  onChange={(e) =>
                    setTexts((all) => all.map((x, j) => (j === i ? { ...x, [f.name]: e.target.value } : x)))
                  }
                />
              </label>
            ))}
          </div>
        </fieldset>
      ))}
      {errors.length > 0 && (
        <ul className="error-box" role="alert">
          {errors.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
      <div className="row">
        <button type="submit" className="primary small" disabled={busy}>
          {props.saveLabel}
        </button>
        <button
          type="button"
          className="small"
          onClick={() => setTexts((all) => [...all, Object.fromEntries(fields.map((f) => [f.name, '']))])}
        >
          Add turn
        </button>
        <button type="button" className="small" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
