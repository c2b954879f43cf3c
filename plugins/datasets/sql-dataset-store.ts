import type { EgressPolicy } from '../../core/egress/types';
import type { FileStore } from '../../core/files/types';
import { datasetCrud, type Sql } from './dataset-crud';
import { restValueUrl, type ValueUrl } from './dataset-rows';
import { itemDeletes } from './item-delete';
import { itemReads } from './item-read';
import { writeItems } from './item-write';
import { DEFAULT_LIMITS, type DatasetsOptions } from './options';
import type { DatasetStore } from './types';
import { createJsonSchemas } from './value-check';

export interface DatasetStoreDeps {
  /** The plugin's `ctx.sql` (PGlite embedded, PostgreSQL scaled): the same SQL on both. */
  sql: Sql;
  files: FileStore;
  egress: Pick<EgressPolicy, 'checkUrl' | 'fetch'>;
  limits?: DatasetsOptions;
  /** Where `content_omitted` values are read whole; the REST value route by default. */
  valueUrl?: ValueUrl;
}

/** The DatasetStore on the metadata database: datasets, versions as MVCC item rows, large values in files. */
export function createDatasetStore(deps: DatasetStoreDeps): DatasetStore {
  const limits = deps.limits ?? DEFAULT_LIMITS;
  const schemas = createJsonSchemas();
  const writeDeps = { files: deps.files, egress: deps.egress, limits, schemas };
  return {
    ...datasetCrud(deps.sql, limits, schemas),
    ...itemDeletes(deps.sql),
    ...itemReads({ sql: deps.sql, files: deps.files, valueUrl: deps.valueUrl ?? restValueUrl }),
    writeItems: (workspaceId, datasetId, items, options, actor) =>
      writeItems(deps.sql, writeDeps, workspaceId, datasetId, items, options, actor),
  };
}
