import { AppError } from '../../core/app-error';
import type { FileStore } from '../../core/files/types';
import type { SqlValue } from '../../core/metadata/types';
import type { Content } from '../../schemas/content';
import { cursorId, likePattern, pageLimit, type Sql } from './dataset-crud';
import { isId, resolveVersion, type ResolvedVersion } from './dataset-lookup';
import { ITEM_COLUMNS, ItemRow, itemView, type ValueUrl } from './dataset-rows';
import { OPEN_VN } from './migrations';
import { diffFields } from './schema-change';
import type { DatasetItem, DatasetStore, VersionDiff } from './types';

/** The rows version `v` sees, as SQL over `dataset_items` (alias-free); the draft's are the open rows. */
const visible = (v: ResolvedVersion, param: string) =>
  v.draft ? `del_vn = ${OPEN_VN}` : `add_vn <= ${param} AND del_vn > ${param}`;

export interface ItemReadDeps {
  sql: Sql;
  files: FileStore;
  valueUrl: ValueUrl;
}

export function itemReads(
  deps: ItemReadDeps,
): Pick<DatasetStore, 'listItems' | 'getItem' | 'fullValue' | 'diff'> {
  const { sql, files } = deps;

  const spilledTexts = async (workspaceId: string, rows: readonly ItemRow[]) => {
    const keys = new Set<string>();
    for (const r of rows)
      for (const t of r.turns) for (const c of Object.values(t.fields)) if (c.spill) keys.add(c.spill.file);
    const texts = new Map<string, string>();
    for (const key of keys) {
      const file = await files.get(workspaceId, key);
      if (file !== undefined) texts.set(key, Buffer.from(file.data).toString('utf8'));
    }
    return texts;
  };

  const viewer = (datasetId: string, v: ResolvedVersion) => {
    const keys = new Set(v.fields.map((f) => f.key));
    const names = new Map(v.fields.map((f) => [f.key, f.name]));
    return (row: ItemRow, whole?: ReadonlyMap<string, string>): DatasetItem =>
      itemView(
        row,
        keys,
        (turnId, fieldKey, bytes): Content => ({
          content_type: row.turns.find((t) => t.id === turnId)?.fields[fieldKey]?.content_type ?? 'text',
          content_omitted: true,
          full_content_bytes: bytes,
          full_content: {
            url: deps.valueUrl({
              datasetId,
              itemId: row.item_id,
              turnId,
              fieldKey,
              fieldName: names.get(fieldKey) ?? fieldKey,
              ...(v.versionId === undefined ? {} : { versionId: v.versionId }),
            }),
          },
        }),
        whole,
      );
  };

  const rowOf = async (datasetId: string, v: ResolvedVersion, itemId: string) => {
    if (!isId(itemId)) return undefined;
    const rows = await sql.query(
      `SELECT ${ITEM_COLUMNS} FROM dataset_items WHERE dataset_id = $1::bigint AND item_id = $2::bigint
         AND ${visible(v, '$3')}`,
      v.draft ? [datasetId, itemId] : [datasetId, itemId, v.num],
    );
    return rows[0] === undefined ? undefined : ItemRow.parse(rows[0]);
  };

  return {
    async listItems(workspaceId, datasetId, query) {
      const { dataset, version } = await resolveVersion(sql, workspaceId, datasetId, query.version);
      const limit = pageLimit(query.limit);
      const params: SqlValue[] = [dataset.id, cursorId(query.cursor)];
      if (!version.draft) params.push(version.num);
      const where = ['dataset_id = $1::bigint', visible(version, '$3')];
      let filtered = false;
      if (query.search !== undefined && query.search !== '') {
        params.push(likePattern(query.search));
        where.push(`search_text LIKE $${params.length}`);
        filtered = true;
      }
      if (query.itemIds !== undefined) {
        params.push(query.itemIds.filter(isId));
        where.push(`item_id = ANY($${params.length}::text[]::bigint[])`);
        filtered = true;
      }
      const rows = await sql.query(
        `SELECT ${ITEM_COLUMNS} FROM dataset_items WHERE ${where.join(' AND ')} AND item_id > $2::bigint
         ORDER BY item_id LIMIT ${limit + 1}`,
        params,
      );
      let total = version.itemCount;
      if (filtered) {
        const [count] = await sql.query(
          `SELECT count(*)::int AS n FROM dataset_items WHERE ${where.join(' AND ')} AND $2::bigint >= 0`,
          params,
        );
        total = Number(count?.n ?? 0);
      }
      const page = rows.slice(0, limit).map((r) => ItemRow.parse(r));
      const view = viewer(dataset.id, version);
      const whole = query.full === true ? await spilledTexts(workspaceId, page) : undefined;
      const last = page.at(-1);
      return {
        items: page.map((r) => view(r, whole)),
        ...(rows.length > limit && last !== undefined ? { nextCursor: last.item_id } : {}),
        total,
      };
    },

    async getItem(workspaceId, datasetId, itemId, ref) {
      const { dataset, version } = await resolveVersion(sql, workspaceId, datasetId, ref);
      const row = await rowOf(dataset.id, version, itemId);
      return row === undefined ? undefined : viewer(dataset.id, version)(row);
    },

    async fullValue(workspaceId, datasetId, ref) {
      const { dataset, version } = await resolveVersion(sql, workspaceId, datasetId, ref.version);
      if (!version.fields.some((f) => f.key === ref.fieldKey)) return undefined;
      const row = await rowOf(dataset.id, version, ref.itemId);
      const turn = ref.turnId === undefined ? row?.turns[0] : row?.turns.find((t) => t.id === ref.turnId);
      const cell = turn?.fields[ref.fieldKey];
      if (cell === undefined) return undefined;
      const { spill, ...content } = cell;
      if (spill === undefined) return content;
      const file = await files.get(workspaceId, spill.file);
      if (file === undefined)
        throw new AppError('not_found', 'the stored value is no longer in the file store');
      return { ...content, text: Buffer.from(file.data).toString('utf8') };
    },

    async diff(workspaceId, datasetId, from, to, query): Promise<VersionDiff> {
      const a = await resolveVersion(sql, workspaceId, datasetId, from);
      const b = await resolveVersion(sql, workspaceId, datasetId, to);
      const limit = pageLimit(query.limit);
      const inA = 'add_vn <= $3 AND del_vn > $3';
      const inB = 'add_vn <= $4 AND del_vn > $4';
      // Rows exactly one side sees: items added, removed, or changed (a new row under the same item id).
      const onlyOne = `dataset_id = $1::bigint AND ((${inA}) <> (${inB}))`;
      const params: SqlValue[] = [a.dataset.id, cursorId(query.cursor), a.version.num, b.version.num];
      const idRows = await sql.query(
        `SELECT DISTINCT item_id::text AS id FROM dataset_items WHERE ${onlyOne} AND item_id > $2::bigint
         ORDER BY 1 LIMIT ${limit + 1}`,
        params,
      );
      const ids = idRows.slice(0, limit).map((r) => String(r.id));
      const rows =
        ids.length === 0
          ? []
          : (
              await sql.query(
                `SELECT ${ITEM_COLUMNS}, (${inA}) AS in_a FROM dataset_items
                 WHERE ${onlyOne} AND item_id = ANY($2::text[]::bigint[]) ORDER BY item_id`,
                [a.dataset.id, ids, a.version.num, b.version.num],
              )
            ).map((r) => ({ row: ItemRow.parse(r), inA: r.in_a === true }));
      const viewA = viewer(a.dataset.id, a.version);
      const viewB = viewer(b.dataset.id, b.version);
      const result: VersionDiff = {
        added: [],
        removed: [],
        changed: [],
        fields: diffFields(a.version.fields, b.version.fields),
      };
      for (const id of ids) {
        const before = rows.find((r) => r.row.item_id === id && r.inA)?.row;
        const after = rows.find((r) => r.row.item_id === id && !r.inA)?.row;
        if (before !== undefined && after !== undefined)
          result.changed.push({ before: viewA(before), after: viewB(after) });
        else if (before !== undefined) result.removed.push(viewA(before));
        else if (after !== undefined) result.added.push(viewB(after));
      }
      const last = ids.at(-1);
      if (idRows.length > limit && last !== undefined) result.nextCursor = last;
      return result;
    },
  };
}
