import { AppError } from '../../core/app-error';
import { isUniqueViolation } from '../../core/metadata/sql-state';
import type { MetadataStore } from '../../core/metadata/types';
import { DATASET_COLUMNS, findDataset, isId, requireDataset, versionById } from './dataset-lookup';
import {
  DatasetRow,
  datasetView,
  fieldView,
  VERSION_COLUMNS,
  VersionRow,
  versionView,
  type DatasetRow as DatasetRowT,
} from './dataset-rows';
import { OPEN_VN } from './migrations';
import { changeSchema } from './schema-change';
import type { DatasetLimits, DatasetStore } from './types';
import type { JsonSchemas } from './value-check';

export type Sql = Pick<MetadataStore, 'query' | 'transaction'>;

const MAX_LIMIT = 200;
const pageLimit = (limit: number | undefined) => Math.min(Math.max(limit ?? 100, 1), MAX_LIMIT);

export function cursorId(cursor: string | undefined): string {
  if (cursor === undefined || cursor === '') return '0';
  if (!isId(cursor)) throw new AppError('invalid_argument', 'cursor: not a cursor this API gave');
  return cursor;
}

const likePattern = (s: string) => `%${s.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

function checkName(name: string): string {
  const n = name.trim();
  if (n === '' || n.length > 255)
    throw new AppError('invalid_argument', 'a dataset name is 1–255 characters');
  return n;
}

function checkVersionName(name: string): string {
  const n = name.trim();
  if (n === '' || n.length > 50) throw new AppError('invalid_argument', 'a version name is 1–50 characters');
  return n;
}

/** The dataset as answered: its row and its newest version. */
async function viewOf(sql: Pick<Sql, 'query'>, row: DatasetRowT) {
  const latest =
    row.next_version_num > 1
      ? await sql.query(
          `SELECT ${VERSION_COLUMNS} FROM dataset_versions WHERE dataset_id = $1::bigint AND version_num = $2`,
          [row.id, row.next_version_num - 1],
        )
      : [];
  return datasetView(row, latest[0] === undefined ? undefined : VersionRow.parse(latest[0]));
}

type DatasetPart = Pick<
  DatasetStore,
  | 'create'
  | 'list'
  | 'get'
  | 'update'
  | 'remove'
  | 'updateSchema'
  | 'commitVersion'
  | 'listVersions'
  | 'getVersion'
  | 'findVersion'
>;

/** Datasets, their schema and their versions. */
export function datasetCrud(sql: Sql, limits: DatasetLimits, schemas: JsonSchemas): DatasetPart {
  return {
    async create(workspaceId, input, actor) {
      const name = checkName(input.name);
      const { fields } = changeSchema([], input.fields, { confirmDelete: false }, limits, schemas);
      try {
        const rows = await sql.query(
          `INSERT INTO datasets (workspace_id, name, description, category, tags, fields, created_by, updated_by)
           VALUES ($1, $2, $3, $4, $5::text[], $6::jsonb, $7, $7) RETURNING ${DATASET_COLUMNS}`,
          [
            workspaceId,
            name,
            input.description ?? '',
            input.category ?? 'general',
            input.tags ?? [],
            JSON.stringify(fields),
            actor,
          ],
        );
        return viewOf(sql, DatasetRow.parse(rows[0]));
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError('conflict', `a dataset named "${name}" already exists`);
        throw e;
      }
    },

    async list(workspaceId, query) {
      const limit = pageLimit(query.limit);
      const where = ['workspace_id = $1', 'deleted_at IS NULL'];
      const params: (string | number)[] = [workspaceId];
      if (query.search !== undefined && query.search !== '') {
        params.push(likePattern(query.search));
        where.push(`lower(name) LIKE $${params.length}`);
      }
      if (query.category !== undefined) {
        params.push(query.category);
        where.push(`category = $${params.length}`);
      }
      const [count] = await sql.query(
        `SELECT count(*)::int AS n FROM datasets WHERE ${where.join(' AND ')}`,
        params,
      );
      const cursor = query.cursor === undefined || query.cursor === '' ? undefined : cursorId(query.cursor);
      if (cursor !== undefined) {
        params.push(cursor);
        where.push(`id < $${params.length}::bigint`);
      }
      const rows = await sql.query(
        `SELECT ${DATASET_COLUMNS} FROM datasets WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ${limit + 1}`,
        params,
      );
      const page = rows.slice(0, limit).map((r) => DatasetRow.parse(r));
      const items = await Promise.all(page.map((r) => viewOf(sql, r)));
      const last = page.at(-1);
      return {
        items,
        ...(rows.length > limit && last !== undefined ? { nextCursor: last.id } : {}),
        total: Number(count?.n ?? 0),
      };
    },

    async get(workspaceId, datasetId) {
      const row = await findDataset(sql, workspaceId, datasetId);
      return row === undefined ? undefined : viewOf(sql, row);
    },

    async update(workspaceId, datasetId, patch, actor) {
      const row = await requireDataset(sql, workspaceId, datasetId);
      const name = patch.name === undefined ? row.name : checkName(patch.name);
      try {
        const rows = await sql.query(
          `UPDATE datasets SET name = $3, description = $4, tags = $5::text[], updated_by = $6, updated_at = now()
           WHERE workspace_id = $1 AND id = $2::bigint AND deleted_at IS NULL RETURNING ${DATASET_COLUMNS}`,
          [workspaceId, row.id, name, patch.description ?? row.description, patch.tags ?? row.tags, actor],
        );
        if (rows[0] === undefined)
          throw new AppError('not_found', `no dataset ${datasetId} in this workspace`);
        return viewOf(sql, DatasetRow.parse(rows[0]));
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError('conflict', `a dataset named "${name}" already exists`);
        throw e;
      }
    },

    async remove(workspaceId, datasetId) {
      if (!isId(datasetId)) return false;
      const rows = await sql.query(
        `UPDATE datasets SET deleted_at = now() WHERE workspace_id = $1 AND id = $2::bigint AND deleted_at IS NULL
         RETURNING id`,
        [workspaceId, datasetId],
      );
      return rows.length > 0;
    },

    updateSchema(workspaceId, datasetId, input, options, actor) {
      return sql.transaction(async (tx) => {
        const row = await requireDataset(tx, workspaceId, datasetId, { lock: true });
        const change = changeSchema(row.fields.map(fieldView), input, options, limits, schemas);
        for (const field of change.retyped) {
          const [held] = await tx.query(
            `SELECT 1 AS held FROM dataset_items i, jsonb_array_elements(i.turns) t
             WHERE i.dataset_id = $1::bigint AND i.del_vn = ${OPEN_VN} AND t->'fields' ? $2 LIMIT 1`,
            [row.id, field.key],
          );
          if (held !== undefined)
            throw new AppError(
              'invalid_argument',
              `mismatch_schema: field "${field.name}" holds values; its content or value type cannot change`,
            );
        }
        const rows = await tx.query(
          `UPDATE datasets SET fields = $2::jsonb, draft_changed = true, updated_by = $3, updated_at = now()
           WHERE id = $1::bigint RETURNING ${DATASET_COLUMNS}`,
          [row.id, JSON.stringify(change.fields), actor],
        );
        return viewOf(tx, DatasetRow.parse(rows[0]));
      });
    },

    commitVersion(workspaceId, datasetId, input, actor) {
      const version = checkVersionName(input.version);
      return sql.transaction(async (tx) => {
        const row = await requireDataset(tx, workspaceId, datasetId, { lock: true });
        const [taken] = await tx.query(
          'SELECT 1 AS taken FROM dataset_versions WHERE dataset_id = $1::bigint AND version = $2',
          [row.id, version],
        );
        if (taken !== undefined)
          throw new AppError('conflict', `dataset ${datasetId} already has a version "${version}"`);
        // No item row is touched: the draft's rows become version N's by the number moving on.
        const rows = await tx.query(
          `INSERT INTO dataset_versions (dataset_id, version, version_num, description, fields, item_count, created_by)
           VALUES ($1::bigint, $2, $3, $4, $5::jsonb, $6, $7) RETURNING ${VERSION_COLUMNS}`,
          [
            row.id,
            version,
            row.next_version_num,
            input.description ?? '',
            JSON.stringify(row.fields),
            row.draft_item_count,
            actor,
          ],
        );
        await tx.query(
          `UPDATE datasets SET next_version_num = next_version_num + 1, draft_changed = false, updated_by = $2,
             updated_at = now() WHERE id = $1::bigint`,
          [row.id, actor],
        );
        return versionView(VersionRow.parse(rows[0]));
      });
    },

    async listVersions(workspaceId, datasetId, query) {
      const row = await requireDataset(sql, workspaceId, datasetId, { includeDeleted: true });
      const limit = pageLimit(query.limit);
      const before =
        query.cursor === undefined || query.cursor === '' ? 2_147_483_647 : Number(cursorId(query.cursor));
      const [count] = await sql.query(
        'SELECT count(*)::int AS n FROM dataset_versions WHERE dataset_id = $1::bigint',
        [row.id],
      );
      const rows = await sql.query(
        `SELECT ${VERSION_COLUMNS} FROM dataset_versions WHERE dataset_id = $1::bigint AND version_num < $2
         ORDER BY version_num DESC LIMIT ${limit + 1}`,
        [row.id, before],
      );
      const page = rows.slice(0, limit).map((r) => VersionRow.parse(r));
      const last = page.at(-1);
      return {
        items: page.map(versionView),
        ...(rows.length > limit && last !== undefined ? { nextCursor: String(last.version_num) } : {}),
        total: Number(count?.n ?? 0),
      };
    },

    async getVersion(workspaceId, datasetId, versionId) {
      const row = await findDataset(sql, workspaceId, datasetId, { includeDeleted: true });
      if (row === undefined) return undefined;
      const version = await versionById(sql, row.id, versionId);
      return version === undefined ? undefined : versionView(version);
    },

    async findVersion(workspaceId, datasetId, version) {
      const row = await findDataset(sql, workspaceId, datasetId, { includeDeleted: true });
      if (row === undefined) return undefined;
      const rows = await sql.query(
        `SELECT ${VERSION_COLUMNS} FROM dataset_versions WHERE dataset_id = $1::bigint AND version = $2`,
        [row.id, version],
      );
      return rows[0] === undefined ? undefined : versionView(VersionRow.parse(rows[0]));
    },
  };
}

export { likePattern, pageLimit };
