import { z } from 'zod';
import { AppError } from '../../core/app-error';
import type { SqlClient } from '../../core/metadata/types';
import { EVALUATOR_COLUMNS, toEvaluator, type Evaluator } from './rows';
import type { StoredSpec } from './spec-schema';

const INT8_MAX = 2n ** 63n - 1n;

/** An int64 id as it travels (a JSON string or number): positive and within Postgres' bigint. */
export const IdParam = z
  .union([z.string(), z.number().int()])
  .transform(String)
  .refine((s) => /^[1-9][0-9]{0,18}$/.test(s) && BigInt(s) <= INT8_MAX, 'must be a positive int64 id');

export const evaluatorNotFound = (id: string) => new AppError('not_found', `evaluator ${id} not found`);

/** Creates an evaluator with its draft; undefined when the workspace already has a live one of that name. */
export async function createEvaluator(
  sql: SqlClient,
  input: {
    workspaceId: string;
    name: string;
    description: string;
    spec: StoredSpec;
    createdBy: string;
    builtin?: boolean;
  },
): Promise<Evaluator | undefined> {
  const rows = await sql.query(
    `INSERT INTO evaluators (workspace_id, name, description, type, draft_spec, builtin, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING ${EVALUATOR_COLUMNS}`,
    [
      input.workspaceId,
      input.name,
      input.description,
      input.spec.type,
      input.spec,
      input.builtin ?? false,
      input.createdBy,
    ],
  );
  return rows[0] === undefined ? undefined : toEvaluator(rows[0]);
}

/** A live evaluator of the workspace, or not_found. */
export async function evaluatorById(sql: SqlClient, workspaceId: string, id: string): Promise<Evaluator> {
  const rows = await sql.query(
    `SELECT ${EVALUATOR_COLUMNS} FROM evaluators WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL`,
    [workspaceId, id],
  );
  if (rows[0] === undefined) throw evaluatorNotFound(id);
  return toEvaluator(rows[0]);
}

/** Locks the evaluator's row for the rest of the transaction: writes to one evaluator run one at a time. */
export async function lockEvaluator(tx: SqlClient, workspaceId: string, id: string): Promise<Evaluator> {
  const rows = await tx.query(
    `SELECT ${EVALUATOR_COLUMNS} FROM evaluators
     WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL FOR UPDATE`,
    [workspaceId, id],
  );
  if (rows[0] === undefined) throw evaluatorNotFound(id);
  return toEvaluator(rows[0]);
}

export interface EvaluatorFilter {
  search?: string | undefined;
  types?: readonly string[] | undefined;
  builtin?: boolean | undefined;
  ids?: readonly string[] | undefined;
}

const where = (workspaceId: string, f: EvaluatorFilter) => {
  const clauses = ['workspace_id = $1', 'deleted_at IS NULL'];
  const params: (string | boolean | readonly string[])[] = [workspaceId];
  const add = (clause: (n: string) => string, value: string | boolean | readonly string[]) => {
    params.push(value);
    clauses.push(clause(`$${params.length}`));
  };
  if (f.search !== undefined && f.search !== '') add((n) => `strpos(lower(name), lower(${n})) > 0`, f.search);
  if (f.types !== undefined && f.types.length > 0) add((n) => `type = ANY(${n}::text[])`, f.types);
  if (f.builtin !== undefined) add((n) => `builtin = ${n}`, f.builtin);
  if (f.ids !== undefined) add((n) => `id = ANY(${n}::bigint[])`, f.ids);
  return { clauses, params };
};

/** Newest first; `before` is the id of the last evaluator of the previous page. */
export async function listEvaluators(
  sql: SqlClient,
  workspaceId: string,
  f: EvaluatorFilter & { before?: string | undefined; offset?: number; limit: number },
): Promise<Evaluator[]> {
  const { clauses, params } = where(workspaceId, f);
  if (f.before !== undefined) {
    params.push(f.before);
    clauses.push(`id < $${params.length}`);
  }
  params.push(String(f.limit), String(f.offset ?? 0));
  const rows = await sql.query(
    `SELECT ${EVALUATOR_COLUMNS} FROM evaluators WHERE ${clauses.join(' AND ')}
     ORDER BY id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return rows.map(toEvaluator);
}

export async function countEvaluators(
  sql: SqlClient,
  workspaceId: string,
  f: EvaluatorFilter,
): Promise<number> {
  const { clauses, params } = where(workspaceId, f);
  const rows = await sql.query(
    `SELECT count(*)::int AS n FROM evaluators WHERE ${clauses.join(' AND ')}`,
    params,
  );
  return Number(rows[0]?.n ?? 0);
}

/** Name and description; not_found when gone, undefined when the new name is taken. */
export async function updateEvaluatorMeta(
  sql: SqlClient,
  workspaceId: string,
  id: string,
  meta: { name?: string | undefined; description?: string | undefined },
): Promise<Evaluator | undefined> {
  await evaluatorById(sql, workspaceId, id);
  try {
    const rows = await sql.query(
      `UPDATE evaluators SET name = COALESCE($3, name), description = COALESCE($4, description),
         updated_at = now()
       WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING ${EVALUATOR_COLUMNS}`,
      [workspaceId, id, meta.name ?? null, meta.description ?? null],
    );
    if (rows[0] === undefined) throw evaluatorNotFound(id);
    return toEvaluator(rows[0]);
  } catch (e) {
    if (isUniqueViolation(e)) return undefined;
    throw e;
  }
}

const isUniqueViolation = (e: unknown) =>
  typeof e === 'object' && e !== null && (e as { code?: unknown }).code === '23505';

/** Replaces the draft; `secret` undefined keeps the sealed one, null removes it. */
export async function saveDraft(
  sql: SqlClient,
  workspaceId: string,
  id: string,
  spec: StoredSpec,
  secret: string | null | undefined,
): Promise<Evaluator> {
  const rows = await sql.query(
    `UPDATE evaluators SET draft_spec = $3, type = $4,
       draft_secret = CASE WHEN $5 THEN $6 ELSE draft_secret END,
       draft_changed = true, updated_at = now()
     WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL RETURNING ${EVALUATOR_COLUMNS}`,
    [workspaceId, id, spec, spec.type, secret !== undefined || spec.type !== 'http', secret ?? null],
  );
  if (rows[0] === undefined) throw evaluatorNotFound(id);
  return toEvaluator(rows[0]);
}

export async function deleteEvaluator(sql: SqlClient, workspaceId: string, id: string): Promise<void> {
  const rows = await sql.query(
    `UPDATE evaluators SET deleted_at = now() WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL
     RETURNING id`,
    [workspaceId, id],
  );
  if (rows.length === 0) throw evaluatorNotFound(id);
}
