import type { Dataset } from '../api/dataset-types';
import { ErrorBox } from '../app/error-box';
import { wsHref } from '../app/router';
import { useLoad } from '../app/use-load';
import { useWorkspace } from '../app/workspace';
import { ExportTab } from './export-tab';
import { ImportTab } from './import-tab';
import { ItemsTab } from './items-tab';
import { SchemaTab } from './schema-tab';
import { VersionsTab } from './versions-tab';

const TABS = [
  { id: 'items', label: 'Items' },
  { id: 'schema', label: 'Schema' },
  { id: 'versions', label: 'Versions' },
  { id: 'import', label: 'Import' },
  { id: 'export', label: 'Export' },
] as const;

/** One dataset: its items grid, schema, versions with diffs, import wizard and export. */
export function DatasetPage(props: { datasetId: string; tab: string; query: URLSearchParams }) {
  const ws = useWorkspace();
  const loaded = useLoad(
    `${ws.id}/datasets/${props.datasetId}`,
    (signal) => ws.api.get<Dataset>(`/datasets/${props.datasetId}`, undefined, signal),
    { keepPrevious: true },
  );
  const dataset = loaded.data?.id === props.datasetId ? loaded.data : undefined;
  const current = TABS.find((t) => t.id === props.tab)?.id ?? 'items';
  return (
    <div className="page">
      <div className="page-head">
        <a href={wsHref(ws.id, ['datasets'])}>← Datasets</a>
        <h1>{dataset?.name ?? 'Dataset'}</h1>
        {dataset !== undefined && (
          <span className="muted">
            {dataset.itemCount} items in the draft ·{' '}
            {dataset.latestVersion === undefined
              ? 'no version yet'
              : `latest version ${dataset.latestVersion.version}`}
            {dataset.uncommittedChanges && ' · uncommitted changes'}
          </span>
        )}
      </div>
      {dataset?.description !== undefined && dataset.description !== '' && <p>{dataset.description}</p>}
      {loaded.error !== undefined && <ErrorBox error={loaded.error} onRetry={loaded.reload} />}
      <nav aria-label="Dataset sections" className="sub-nav">
        <ul>
          {TABS.map((t) => (
            <li key={t.id}>
              <a
                href={wsHref(ws.id, ['datasets', props.datasetId, t.id])}
                aria-current={current === t.id ? 'page' : undefined}
                className={current === t.id ? 'active' : undefined}
              >
                {t.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {dataset === undefined ? (
        loaded.loading && <p className="loading">Loading…</p>
      ) : (
        <>
          {current === 'items' && (
            <ItemsTab dataset={dataset} query={props.query} onChanged={loaded.reload} />
          )}
          {current === 'schema' && <SchemaTab dataset={dataset} onSaved={loaded.reload} />}
          {current === 'versions' && <VersionsTab dataset={dataset} onCommitted={loaded.reload} />}
          {current === 'import' && <ImportTab dataset={dataset} onImported={loaded.reload} />}
          {current === 'export' && <ExportTab dataset={dataset} />}
        </>
      )}
    </div>
  );
}
