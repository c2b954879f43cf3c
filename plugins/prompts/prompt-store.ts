import { AppError } from '../../core/app-error';
import type { SqlClient } from '../../core/metadata/types';
import { PROMPT_COLUMNS, toPrompt, type Prompt } from './prompt-rows';

export const notFound = (key: string) => new AppError('not_found', `prompt "${key}" not found`);

/** Creates a prompt; undefined when the workspace already has a live prompt with that key. */
export async function createPrompt(
  sql: SqlClient,
  input: { workspaceId: string; key: string; name: string; description: string; createdBy: string },
): Promise<Prompt | undefined> {
  const rows = await sql.query(
    `INSERT INTO prompts (workspace_id, key, name, description, created_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING RETURNING ${PROMPT_COLUMNS}`,
    [input.workspaceId, input.key, input.name, input.description, input.createdBy],
  );
  return rows[0] === undefined ? undefined : toPrompt(rows[0]);
}

export async function promptByKey(
  sql: SqlClient,
  workspaceId: string,
  key: string,
): Promise<Prompt | undefined> {
  const rows = await sql.query(
    `SELECT ${PROMPT_COLUMNS} FROM prompts WHERE workspace_id = $1 AND key = $2 AND deleted_at IS NULL`,
    [workspaceId, key],
  );
  return rows[0] === undefined ? undefined : toPrompt(rows[0]);
}

/** A live prompt by its numeric id (Cozeloop's `prompt_id`), within the workspace. */
export async function promptById(sql: SqlClient, workspaceId: string, id: number): Promise<Prompt> {
  const rows = await sql.query(
    `SELECT ${PROMPT_COLUMNS} FROM prompts WHERE workspace_id = $1 AND id = $2 AND deleted_at IS NULL`,
    [workspaceId, id],
  );
  if (rows[0] === undefined) throw new AppError('not_found', `prompt ${id} not found`);
  return toPrompt(rows[0]);
}

export async function requirePrompt(sql: SqlClient, workspaceId: string, key: string): Promise<Prompt> {
  const prompt = await promptByKey(sql, workspaceId, key);
  if (prompt === undefined) throw notFound(key);
  return prompt;
}

/** Locks the prompt's row for the rest of the transaction: writes to one prompt run one at a time. */
export async function lockPrompt(tx: SqlClient, workspaceId: string, key: string): Promise<Prompt> {
  const rows = await tx.query(
    `SELECT ${PROMPT_COLUMNS} FROM prompts WHERE workspace_id = $1 AND key = $2 AND deleted_at IS NULL FOR UPDATE`,
    [workspaceId, key],
  );
  if (rows[0] === undefined) throw notFound(key);
  return toPrompt(rows[0]);
}

export interface PromptListItem extends Prompt {
  latestVersion: string | null;
  versionCount: number;
  labels: Record<string, string>;
}

/** Which live prompts of a workspace a listing covers. */
export interface PromptFilter {
  /** Part of the key or the name, case-insensitive. */
  search?: string | undefined;
  /** `created_by` as stored (`user:<id>`, `key:<id>`), or a bare user id. */
  creator?: string | undefined;
}

const FILTER_SQL = `p.workspace_id = $1 AND p.deleted_at IS NULL
       AND ($2 = '' OR strpos(lower(p.key), lower($2)) > 0 OR strpos(lower(p.name), lower($2)) > 0)
       AND ($3 = '' OR p.created_by = $3 OR p.created_by = 'user:' || $3)`;

/** The number of live prompts a filter matches. */
export async function countPrompts(
  sql: SqlClient,
  workspaceId: string,
  filter: PromptFilter,
): Promise<number> {
  const rows = await sql.query(`SELECT count(*)::integer AS n FROM prompts p WHERE ${FILTER_SQL}`, [
    workspaceId,
    filter.search ?? '',
    filter.creator ?? '',
  ]);
  return Number(rows[0]?.n ?? 0);
}

/** A page of a workspace's prompts by key, after `afterKey` (or past `offset` of them) matching the filter. */
export async function listPrompts(
  sql: SqlClient,
  workspaceId: string,
  opts: PromptFilter & { afterKey?: string | undefined; offset?: number; limit: number },
): Promise<PromptListItem[]> {
  const rows = await sql.query(
    `SELECT ${PROMPT_COLUMNS.split(', ')
      .map((c) => `p.${c}`)
      .join(', ')},
       (SELECT v.version FROM prompt_versions v WHERE v.prompt_id = p.id AND v.deleted_at IS NULL
        ORDER BY v.seq DESC LIMIT 1) AS latest_version,
       (SELECT count(*)::integer FROM prompt_versions v WHERE v.prompt_id = p.id AND v.deleted_at IS NULL)
        AS version_count,
       COALESCE((SELECT json_object_agg(l.label, l.version) FROM prompt_labels l WHERE l.prompt_id = p.id), '{}')
        AS labels
     FROM prompts p
     WHERE ${FILTER_SQL} AND p.key > $4
     ORDER BY p.key LIMIT $5 OFFSET $6`,
    [workspaceId, opts.search ?? '', opts.creator ?? '', opts.afterKey ?? '', opts.limit, opts.offset ?? 0],
  );
  return rows.map((r) => ({
    ...toPrompt(r),
    latestVersion: typeof r.latest_version === 'string' ? r.latest_version : null,
    versionCount: Number(r.version_count),
    labels: (typeof r.labels === 'string' ? JSON.parse(r.labels) : r.labels) as Record<string, string>,
  }));
}

/** Renames or re-describes a prompt; the key never changes. */
export async function updatePrompt(
  sql: SqlClient,
  workspaceId: string,
  key: string,
  patch: { name?: string | undefined; description?: string | undefined },
): Promise<Prompt> {
  const rows = await sql.query(
    `UPDATE prompts SET name = COALESCE($3, name), description = COALESCE($4, description), updated_at = now()
     WHERE workspace_id = $1 AND key = $2 AND deleted_at IS NULL RETURNING ${PROMPT_COLUMNS}`,
    [workspaceId, key, patch.name ?? null, patch.description ?? null],
  );
  if (rows[0] === undefined) throw notFound(key);
  return toPrompt(rows[0]);
}

/** Deletes a prompt: its key is free again; its versions stay, so traces that name them keep their meaning. */
export async function deletePrompt(sql: SqlClient, workspaceId: string, key: string): Promise<void> {
  const rows = await sql.query(
    `UPDATE prompts SET deleted_at = now() WHERE workspace_id = $1 AND key = $2 AND deleted_at IS NULL RETURNING id`,
    [workspaceId, key],
  );
  if (rows[0] === undefined) throw notFound(key);
}

/** Marks a prompt changed (a commit, a label move). */
export const touchPrompt = (tx: SqlClient, id: number) =>
  tx.query('UPDATE prompts SET updated_at = now() WHERE id = $1', [id]);
