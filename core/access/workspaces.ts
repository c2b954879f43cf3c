import { WorkspaceRow } from '../../schemas/access';
import type { SqlClient } from '../metadata/types';
import { newId } from './secrets';

/** The workspace keyless loopback traffic lands in, created at first start. */
export const DEFAULT_WORKSPACE_ID = 'default';

export interface Workspace {
  id: string;
  name: string;
  retentionDays: number | null;
  createdAt: Date;
}

const COLUMNS = 'id, name, retention_days, created_at';

const toWorkspace = (row: unknown): Workspace => {
  const r = WorkspaceRow.parse(row);
  return { id: r.id, name: r.name, retentionDays: r.retention_days, createdAt: r.created_at };
};

/** Creates a workspace; undefined when the name is taken. */
export async function createWorkspace(
  sql: SqlClient,
  input: { name: string; id?: string; retentionDays?: number },
): Promise<Workspace | undefined> {
  const rows = await sql.query(
    `INSERT INTO workspaces (id, name, retention_days) VALUES ($1, $2, $3)
     ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
    [input.id ?? newId('ws'), input.name, input.retentionDays ?? null],
  );
  return rows[0] === undefined ? undefined : toWorkspace(rows[0]);
}

export async function workspaceById(sql: SqlClient, id: string): Promise<Workspace | undefined> {
  const rows = await sql.query(`SELECT ${COLUMNS} FROM workspaces WHERE id = $1`, [id]);
  return rows[0] === undefined ? undefined : toWorkspace(rows[0]);
}

export async function workspaceByName(sql: SqlClient, name: string): Promise<Workspace | undefined> {
  const rows = await sql.query(`SELECT ${COLUMNS} FROM workspaces WHERE name = $1`, [name]);
  return rows[0] === undefined ? undefined : toWorkspace(rows[0]);
}

/** The workspaces a user is a member of, with the user's role in each. */
export async function workspacesOfUser(
  sql: SqlClient,
  userId: string,
): Promise<(Workspace & { role: string })[]> {
  const rows = await sql.query(
    `SELECT w.id, w.name, w.retention_days, w.created_at, m.role
     FROM workspace_members m JOIN workspaces w ON w.id = m.workspace_id
     WHERE m.user_id = $1 ORDER BY w.name`,
    [userId],
  );
  return rows.map((r) => ({ ...toWorkspace(r), role: String(r.role) }));
}

/** Sets (or clears, with null) a workspace's retention; false when it does not exist. */
export async function setRetention(
  sql: SqlClient,
  workspaceId: string,
  days: number | null,
): Promise<boolean> {
  const rows = await sql.query('UPDATE workspaces SET retention_days = $2 WHERE id = $1 RETURNING id', [
    workspaceId,
    days,
  ]);
  return rows.length > 0;
}
