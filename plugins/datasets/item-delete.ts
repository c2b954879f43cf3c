import type { DatasetStore } from './types';
import { isId, requireDataset } from './dataset-lookup';
import type { Sql } from './dataset-crud';
import { OPEN_VN } from './migrations';

/**
 * Removes items from the draft: a row only the draft holds is deleted, a row a committed version holds is closed
 * at the draft (`del_vn`), so that version still reads it.
 */
export function itemDeletes(sql: Sql): Pick<DatasetStore, 'deleteItems' | 'clearDraft'> {
  const remove = (workspaceId: string, datasetId: string, itemIds: string[] | undefined, actor: string) =>
    sql.transaction(async (tx) => {
      const dataset = await requireDataset(tx, workspaceId, datasetId, { lock: true });
      const ids = itemIds?.filter(isId);
      if (ids !== undefined && ids.length === 0) return 0;
      const which = ids === undefined ? '' : 'AND item_id = ANY($3::text[]::bigint[])';
      const params =
        ids === undefined
          ? [dataset.id, dataset.next_version_num]
          : [dataset.id, dataset.next_version_num, ids];
      const [dropped] = await tx.query(
        `WITH d AS (DELETE FROM dataset_items WHERE dataset_id = $1::bigint AND del_vn = ${OPEN_VN} AND add_vn = $2
           ${which} RETURNING 1) SELECT count(*)::int AS n FROM d`,
        params,
      );
      const [closed] = await tx.query(
        `WITH c AS (UPDATE dataset_items SET del_vn = $2 WHERE dataset_id = $1::bigint AND del_vn = ${OPEN_VN}
           ${which} RETURNING 1) SELECT count(*)::int AS n FROM c`,
        params,
      );
      const n = Number(dropped?.n ?? 0) + Number(closed?.n ?? 0);
      if (n > 0)
        await tx.query(
          `UPDATE datasets SET draft_item_count = draft_item_count - $2, draft_changed = true, updated_by = $3,
             updated_at = now() WHERE id = $1::bigint`,
          [dataset.id, n, actor],
        );
      return n;
    });
  return {
    deleteItems: (workspaceId, datasetId, itemIds, actor) => remove(workspaceId, datasetId, itemIds, actor),
    clearDraft: (workspaceId, datasetId, actor) => remove(workspaceId, datasetId, undefined, actor),
  };
}
