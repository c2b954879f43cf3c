import { DatasetList } from './dataset-list';
import { DatasetPage } from './dataset-page';

/** Datasets: the list, and one dataset's tabs. */
export function DatasetsSection({ rest, query }: { rest: string[]; query: URLSearchParams }) {
  const [id, tab] = rest;
  if (id === undefined) return <DatasetList />;
  return <DatasetPage datasetId={id} tab={tab ?? 'items'} query={query} />;
}
