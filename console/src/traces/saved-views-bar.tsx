import { useState, type FormEvent } from 'react';
import { navigate, wsHref } from '../app/router';
import { deleteView, loadViews, saveView, type SavedView } from './saved-views';

/** Pick, save and delete named filter sets of the traces page. */
export function SavedViewsBar(props: { ws: string; query: URLSearchParams }) {
  const [views, setViews] = useState<SavedView[]>(() => loadViews(props.ws));
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const current = views.find((v) => v.query === props.query.toString());

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim() === '') return;
    setViews(saveView(props.ws, { name: name.trim(), query: props.query.toString() }));
    setNaming(false);
    setName('');
  };

  return (
    <div className="saved-views">
      <label className="inline-label">
        <span>Saved view</span>
        <select
          value={current?.name ?? ''}
          onChange={(e) => {
            const view = views.find((v) => v.name === e.target.value);
            if (view) navigate(wsHref(props.ws, ['traces'], new URLSearchParams(view.query)));
          }}
        >
          <option value="">{views.length === 0 ? 'None saved' : 'Choose…'}</option>
          {views.map((v) => (
            <option key={v.name} value={v.name}>
              {v.name}
            </option>
          ))}
        </select>
      </label>
      {current !== undefined && (
        <button type="button" className="small" onClick={() => setViews(deleteView(props.ws, current.name))}>
          Delete view
        </button>
      )}
      {naming ? (
        <form className="inline-form" onSubmit={save}>
          <label className="inline-label">
            <span>View name</span>
            <input autoFocus value={name} onChange={(e) => setName(e.target.value)} maxLength={80} />
          </label>
          <button type="submit" className="small primary">
            Save
          </button>
          <button type="button" className="small" onClick={() => setNaming(false)}>
            Cancel
          </button>
        </form>
      ) : (
        <button type="button" className="small" onClick={() => setNaming(true)}>
          Save view
        </button>
      )}
    </div>
  );
}
