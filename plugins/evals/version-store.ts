import { AppError } from '../../core/app-error';
import type { MetadataStore, SqlClient } from '../../core/metadata/types';
import { lockEvaluator } from './evaluator-store';
import { VERSION_COLUMNS, toVersion, type EvaluatorVersion } from './rows';

/**
 * Freezes the evaluator's draft (spec and sealed secret) as an immutable version. `check` validates the draft
 * first (it throws to refuse); a version string already used by the evaluator is a conflict.
 */
export async function submitVersion(
  sql: Pick<MetadataStore, 'transaction'>,
  input: {
    workspaceId: string;
    evaluatorId: string;
    version: string;
    description: string;
    createdBy: string;
  },
  check: (draft: EvaluatorVersion['spec']) => Promise<void>,
): Promise<EvaluatorVersion> {
  return sql.transaction(async (tx) => {
    const evaluator = await lockEvaluator(tx, input.workspaceId, input.evaluatorId);
    await check(evaluator.draft);
    const rows = await tx.query(
      `INSERT INTO evaluator_versions (evaluator_id, workspace_id, version, description, spec, secret, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING ${VERSION_COLUMNS}`,
      [
        evaluator.id,
        input.workspaceId,
        input.version,
        input.description,
        evaluator.draft,
        evaluator.draftSecret,
        input.createdBy,
      ],
    );
    if (rows[0] === undefined)
      throw new AppError(
        'conflict',
        `version ${input.version} of evaluator ${evaluator.name} already exists`,
      );
    await tx.query(`UPDATE evaluators SET draft_changed = false, updated_at = now() WHERE id = $1`, [
      evaluator.id,
    ]);
    return toVersion(rows[0]);
  });
}

/** A version of a live or deleted evaluator of the workspace, or not_found. */
export async function versionById(
  sql: SqlClient,
  workspaceId: string,
  id: string,
): Promise<EvaluatorVersion> {
  const rows = await sql.query(
    `SELECT ${VERSION_COLUMNS} FROM evaluator_versions WHERE workspace_id = $1 AND id = $2`,
    [workspaceId, id],
  );
  if (rows[0] === undefined) throw new AppError('not_found', `evaluator version ${id} not found`);
  return toVersion(rows[0]);
}

/** Versions of one evaluator, newest first; `before` is the last id of the previous page. */
export async function listVersions(
  sql: SqlClient,
  evaluatorId: string,
  page: { before?: string | undefined; offset?: number; limit: number; versions?: readonly string[] },
): Promise<EvaluatorVersion[]> {
  const params: (string | readonly string[])[] = [evaluatorId];
  const clauses = ['evaluator_id = $1'];
  if (page.before !== undefined) {
    params.push(page.before);
    clauses.push(`id < $${params.length}`);
  }
  if (page.versions !== undefined && page.versions.length > 0) {
    params.push(page.versions);
    clauses.push(`version = ANY($${params.length}::text[])`);
  }
  params.push(String(page.limit), String(page.offset ?? 0));
  const rows = await sql.query(
    `SELECT ${VERSION_COLUMNS} FROM evaluator_versions WHERE ${clauses.join(' AND ')}
     ORDER BY id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return rows.map(toVersion);
}

export async function countVersions(sql: SqlClient, evaluatorId: string): Promise<number> {
  const rows = await sql.query(`SELECT count(*)::int AS n FROM evaluator_versions WHERE evaluator_id = $1`, [
    evaluatorId,
  ]);
  return Number(rows[0]?.n ?? 0);
}

/** The newest version of each evaluator named. */
export async function latestVersions(
  sql: SqlClient,
  evaluatorIds: readonly string[],
): Promise<Map<string, EvaluatorVersion>> {
  if (evaluatorIds.length === 0) return new Map();
  const rows = await sql.query(
    `SELECT DISTINCT ON (evaluator_id) ${VERSION_COLUMNS} FROM evaluator_versions
     WHERE evaluator_id = ANY($1::bigint[]) ORDER BY evaluator_id, id DESC`,
    [evaluatorIds],
  );
  const versions = rows.map(toVersion);
  return new Map(versions.map((v) => [v.evaluatorId, v]));
}
