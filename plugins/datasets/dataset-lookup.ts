import { AppError } from '../../core/app-error';
import type { SqlClient } from '../../core/metadata/types';
import { DatasetRow, VERSION_COLUMNS, VersionRow, type DatasetRow as DatasetRowT } from './dataset-rows';
import type { FieldSchema, VersionRef } from './types';
import { fieldView } from './dataset-rows';

const DATASET_COLUMNS = `id, workspace_id, name, description, category, tags, fields, next_version_num,
  draft_item_count, draft_changed, created_by, updated_by, created_at, updated_at, deleted_at`;

const ID = /^[1-9]\d{0,17}$/;

/** Whether text is an id this store could have made (a positive bigint below 10^18). */
export const isId = (s: string) => ID.test(s);

/** A live dataset of the workspace; `lock` takes its row for the rest of the transaction. */
export async function findDataset(
  sql: SqlClient,
  workspaceId: string,
  datasetId: string,
  options: { lock?: boolean; includeDeleted?: boolean } = {},
): Promise<DatasetRowT | undefined> {
  if (!isId(datasetId)) return undefined;
  const rows = await sql.query(
    `SELECT ${DATASET_COLUMNS} FROM datasets WHERE workspace_id = $1 AND id = $2::bigint
       ${options.includeDeleted === true ? '' : 'AND deleted_at IS NULL'} ${options.lock === true ? 'FOR UPDATE' : ''}`,
    [workspaceId, datasetId],
  );
  return rows[0] === undefined ? undefined : DatasetRow.parse(rows[0]);
}

export async function requireDataset(
  sql: SqlClient,
  workspaceId: string,
  datasetId: string,
  options: { lock?: boolean; includeDeleted?: boolean } = {},
): Promise<DatasetRowT> {
  const row = await findDataset(sql, workspaceId, datasetId, options);
  if (row === undefined) throw new AppError('not_found', `no dataset ${datasetId} in this workspace`);
  return row;
}

export { DATASET_COLUMNS };

/** A state to read: its version number (the draft's is `next_version_num`), schema and item count. */
export interface ResolvedVersion {
  num: number;
  draft: boolean;
  versionId?: string;
  fields: FieldSchema[];
  itemCount: number;
}

export async function versionById(
  sql: SqlClient,
  datasetId: string,
  versionId: string,
): Promise<VersionRow | undefined> {
  if (!isId(versionId)) return undefined;
  const rows = await sql.query(
    `SELECT ${VERSION_COLUMNS} FROM dataset_versions WHERE dataset_id = $1::bigint AND id = $2::bigint`,
    [datasetId, versionId],
  );
  return rows[0] === undefined ? undefined : VersionRow.parse(rows[0]);
}

/**
 * The dataset and the state `ref` names. A committed version stays readable after the dataset was deleted
 * (experiments pin them); the draft of a deleted dataset is gone.
 */
export async function resolveVersion(
  sql: SqlClient,
  workspaceId: string,
  datasetId: string,
  ref: VersionRef | undefined,
): Promise<{ dataset: DatasetRowT; version: ResolvedVersion }> {
  const draft = ref === undefined || 'draft' in ref;
  const dataset = await requireDataset(sql, workspaceId, datasetId, { includeDeleted: !draft });
  if (ref === undefined || 'draft' in ref) {
    if (dataset.deleted_at !== null)
      throw new AppError('not_found', `no dataset ${datasetId} in this workspace`);
    return {
      dataset,
      version: {
        num: dataset.next_version_num,
        draft: true,
        fields: dataset.fields.map(fieldView),
        itemCount: dataset.draft_item_count,
      },
    };
  }
  const row = await versionById(sql, dataset.id, ref.versionId);
  if (row === undefined)
    throw new AppError('not_found', `no version ${ref.versionId} of dataset ${datasetId}`);
  return {
    dataset,
    version: {
      num: row.version_num,
      draft: false,
      versionId: row.id,
      fields: row.fields.map(fieldView),
      itemCount: row.item_count,
    },
  };
}
