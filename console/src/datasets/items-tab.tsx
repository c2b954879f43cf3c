import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type {
  Dataset,
  DatasetItem,
  DatasetVersion,
  FieldSchema,
  Page,
  WriteResult,
} from '../api/dataset-types';
import { ErrorBox } from '../app/error-box';
import { navigate, withQuery, wsHref } from '../app/router';
import { useLoad } from '../app/use-load';
import { useWorkspace } from '../app/workspace';
import { CellView } from './cell-view';
import { ItemEditor, type TurnValues } from './item-editor';
import { useItemPages } from './use-item-pages';
import { writeErrorText } from './write-errors';

const PAGE = 100;
const count = (n: number) => n.toLocaleString('en-US');
const ROW_HEIGHT = 56;

/** The dataset's committed versions, newest first (the first 200: pickers, diffs). */
export function useVersions(datasetId: string, round = 0) {
  const ws = useWorkspace();
  return useLoad(`${ws.id}/datasets/${datasetId}/versions#${round}`, (signal) =>
    ws.api.get<Page<DatasetVersion>>(`/datasets/${datasetId}/versions`, { limit: 200 }, signal),
  );
}

function columnsOf(count: number, editable: boolean): string {
  return `${editable ? '40px ' : ''}64px repeat(${Math.max(count, 1)}, minmax(180px, 1fr)) ${editable ? '88px' : '0px'}`;
}

/**
 * The items grid: the draft (editable) or any committed version (read-only), searched server-side, paged by
 * cursor as the grid scrolls, with only the rows in view rendered.
 */
export function ItemsTab(props: { dataset: Dataset; query: URLSearchParams; onChanged: () => void }) {
  const ws = useWorkspace();
  const { dataset, query } = props;
  const versionId = query.get('version') ?? '';
  const applied = query.get('search') ?? '';
  const [search, setSearch] = useState(applied);
  const versions = useVersions(dataset.id);
  const version = versions.data?.items.find((v) => v.id === versionId);
  const fields: FieldSchema[] = versionId === '' ? dataset.fields : (version?.fields ?? []);
  const editable = versionId === '' && ws.can('write');
  const pages = useItemPages<DatasetItem>(
    `${ws.id}/${dataset.id}/${versionId}/${applied}`,
    (cursor, signal) =>
      ws.api.get<Page<DatasetItem>>(
        `/datasets/${dataset.id}/items`,
        { version: versionId, search: applied, cursor, limit: PAGE },
        signal,
      ),
  );
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [editing, setEditing] = useState<string | undefined>();
  const [adding, setAdding] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<unknown>();

  const scroller = useRef<HTMLDivElement>(null);
  const rows = pages.items;
  const virtual = useVirtualizer({
    count: rows.length + (pages.more ? 1 : 0),
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (i) => rows[i]?.id ?? 'more',
  });
  const visible = virtual.getVirtualItems();
  const last = visible[visible.length - 1];
  useEffect(() => {
    if (last !== undefined && last.index >= rows.length - 10 && pages.more && !pages.loading)
      pages.loadMore();
  }, [last, rows.length, pages]);

  const go = (changes: Record<string, string>) =>
    navigate(wsHref(ws.id, ['datasets', dataset.id, 'items'], withQuery(query, changes)), { replace: true });

  const write = async (turns: TurnValues[], item?: DatasetItem) => {
    setError(undefined);
    if (item === undefined) {
      const r = await ws.api.post<WriteResult>(`/datasets/${dataset.id}/items`, {
        items: [{ turns: turns.map((fields) => ({ fields })) }],
      });
      if (!r.written || r.errors.length > 0) throw new Error(writeErrorText(r));
      setAdding(false);
      setStatus('Row added to the draft.');
    } else {
      await ws.api.put<DatasetItem>(`/datasets/${dataset.id}/items/${item.id}`, {
        turns: turns.map((fields) => ({ fields })),
        ...(item.itemKey === undefined ? {} : { itemKey: item.itemKey }),
      });
      setEditing(undefined);
      setStatus('Row saved to the draft.');
    }
    pages.reload();
    props.onChanged();
  };

  const remove = () => {
    setError(undefined);
    ws.api.del<{ deleted: number }>(`/datasets/${dataset.id}/items`, { itemIds: [...selected] }).then((r) => {
      setStatus(`Deleted ${r.deleted} row${r.deleted === 1 ? '' : 's'} from the draft.`);
      setSelected(new Set());
      setConfirmDelete(false);
      pages.reload();
      props.onChanged();
    }, setError);
  };

  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const grid = columnsOf(fields.length, editable);
  return (
    <section aria-label="Items" className="items-tab">
      <div className="filters filter-row">
        <label className="field">
          <span>Version</span>
          <select value={versionId} onChange={(e) => go({ version: e.target.value })}>
            <option value="">Draft (editable)</option>
            {(versions.data?.items ?? []).map((v) => (
              <option key={v.id} value={v.id}>
                {v.version} · {v.itemCount} items
              </option>
            ))}
          </select>
        </label>
        <form
          role="search"
          aria-label="Item search"
          className="inline-form grow"
          onSubmit={(e) => {
            e.preventDefault();
            go({ search: search.trim() });
          }}
        >
          <label className="field grow">
            <span>Search items</span>
            <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
          </label>
          <button type="submit">Search</button>
        </form>
        {editable && (
          <div className="row">
            <button type="button" onClick={() => setAdding(true)} disabled={adding}>
              Add row
            </button>
            {selected.size > 0 &&
              (confirmDelete ? (
                <>
                  <button type="button" className="danger" onClick={remove}>
                    Delete {selected.size} row{selected.size === 1 ? '' : 's'} from the draft
                  </button>
                  <button type="button" onClick={() => setConfirmDelete(false)}>
                    Keep them
                  </button>
                </>
              ) : (
                <button type="button" onClick={() => setConfirmDelete(true)}>
                  Delete selected ({selected.size})
                </button>
              ))}
          </div>
        )}
      </div>
      {versionId !== '' && (
        <p className="notice" role="note">
          Version {version?.version ?? versionId} is read-only: it shows exactly what was committed.{' '}
          <button type="button" className="link-button" onClick={() => go({ version: '' })}>
            Back to the draft
          </button>
        </p>
      )}
      <p role="status" className="muted small-text">
        {status}
      </p>
      {error !== undefined && <ErrorBox error={error} />}
      {adding && (
        <div className="panel">
          <ItemEditor
            datasetId={dataset.id}
            fields={fields}
            label="New row"
            saveLabel="Add to draft"
            onSave={(turns) => write(turns)}
            onCancel={() => setAdding(false)}
          />
        </div>
      )}
      {pages.error !== undefined && <ErrorBox error={pages.error} onRetry={pages.reload} />}
      <div
        role="table"
        aria-label={`Items of ${versionId === '' ? 'the draft' : `version ${version?.version ?? versionId}`}`}
        aria-rowcount={(pages.total ?? rows.length) + 1}
        className="item-grid"
      >
        <div role="rowgroup">
          <div role="row" aria-rowindex={1} className="item-row head" style={{ gridTemplateColumns: grid }}>
            {editable && (
              <span role="columnheader">
                <span className="visually-hidden">Select</span>
              </span>
            )}
            <span role="columnheader">#</span>
            {fields.map((f) => (
              <span role="columnheader" key={f.key} title={f.description}>
                {f.name} <span className="muted small-text">{f.valueType}</span>
              </span>
            ))}
            {fields.length === 0 && <span role="columnheader">No fields</span>}
            <span role="columnheader">
              <span className="visually-hidden">Actions</span>
            </span>
          </div>
        </div>
        <div role="rowgroup" ref={scroller} className="item-scroll" tabIndex={0}>
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {visible.map((v) => {
              const item = rows[v.index];
              if (item === undefined)
                return (
                  <div
                    role="row"
                    key="more"
                    className="item-row loading-row"
                    style={{ transform: `translateY(${v.start}px)` }}
                  >
                    <span role="cell">Loading more…</span>
                  </div>
                );
              const turn = item.turns[0];
              const isEditing = editing === item.id;
              return (
                <div
                  role="row"
                  key={v.key}
                  data-index={v.index}
                  ref={virtual.measureElement}
                  aria-rowindex={v.index + 2}
                  className={`item-row${isEditing ? ' editing' : ''}${selected.has(item.id) ? ' selected' : ''}`}
                  style={{ transform: `translateY(${v.start}px)`, gridTemplateColumns: grid }}
                >
                  {editable && (
                    <span role="cell">
                      <input
                        type="checkbox"
                        aria-label={`Select row ${v.index + 1}`}
                        checked={selected.has(item.id)}
                        onChange={() => toggle(item.id)}
                      />
                    </span>
                  )}
                  <span
                    role="cell"
                    className="muted small-text"
                    title={`item ${item.id}, added in ${item.addedIn}`}
                  >
                    {v.index + 1}
                    {item.turns.length > 1 && <span className="badge label">{item.turns.length} turns</span>}
                    {item.source !== undefined && (
                      <a
                        className="small-text"
                        href={wsHref(ws.id, ['traces', item.source.traceId], { span: item.source.spanId })}
                      >
                        span
                      </a>
                    )}
                  </span>
                  {isEditing ? (
                    <span role="cell" className="item-edit-cell">
                      <ItemEditor
                        datasetId={dataset.id}
                        fields={fields}
                        item={item}
                        label={`Edit row ${v.index + 1}`}
                        saveLabel="Save row"
                        onSave={(turns) => write(turns, item)}
                        onCancel={() => setEditing(undefined)}
                      />
                    </span>
                  ) : (
                    fields.map((f) => (
                      <span role="cell" key={f.key} className="item-cell">
                        <CellView value={turn?.fields[f.name]} field={f} />
                      </span>
                    ))
                  )}
                  <span role="cell">
                    {editable && !isEditing && (
                      <button type="button" className="small" onClick={() => setEditing(item.id)}>
                        Edit<span className="visually-hidden"> row {v.index + 1}</span>
                      </button>
                    )}
                  </span>
                </div>
              );
            })}
          </div>
        </div>
      </div>
      <div className="table-foot">
        <span className="muted" aria-live="polite">
          {pages.loading && rows.length === 0
            ? 'Loading…'
            : rows.length === 0
              ? applied === ''
                ? 'No items yet.'
                : `No items match “${applied}”.`
              : pages.more
                ? `${count(rows.length)} of ${count(pages.total ?? rows.length)} items loaded; scroll for more`
                : `${count(rows.length)} item${rows.length === 1 ? '' : 's'}`}
        </span>
      </div>
    </section>
  );
}
