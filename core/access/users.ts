import { Role, UserRow } from '../../schemas/access';
import type { SqlClient } from '../metadata/types';
import { newId } from './secrets';

export interface User {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string | null;
  /** May create workspaces when SPANLOOP_WORKSPACE_CREATION=admins (the administrator created at first start). */
  instanceAdmin: boolean;
}

const toUser = (row: unknown): User => {
  const r = UserRow.parse(row);
  return {
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    passwordHash: r.password_hash,
    instanceAdmin: r.instance_admin,
  };
};

const COLUMNS = 'id, email, display_name, password_hash, instance_admin, created_at';

/** Creates a user; undefined when the email is taken. */
export async function createUser(
  sql: SqlClient,
  input: { email: string; displayName?: string; passwordHash: string | null; instanceAdmin?: boolean },
): Promise<User | undefined> {
  const rows = await sql.query(
    `INSERT INTO users (id, email, display_name, password_hash, instance_admin) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
    [
      newId('usr'),
      input.email.toLowerCase(),
      input.displayName ?? '',
      input.passwordHash,
      input.instanceAdmin ?? false,
    ],
  );
  return rows[0] === undefined ? undefined : toUser(rows[0]);
}

export async function userByEmail(sql: SqlClient, email: string): Promise<User | undefined> {
  const rows = await sql.query(`SELECT ${COLUMNS} FROM users WHERE email = $1`, [email.toLowerCase()]);
  return rows[0] === undefined ? undefined : toUser(rows[0]);
}

export async function userById(sql: SqlClient, id: string): Promise<User | undefined> {
  const rows = await sql.query(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
  return rows[0] === undefined ? undefined : toUser(rows[0]);
}

/** Adds a member or changes an existing member's role. */
export async function setMember(
  sql: SqlClient,
  workspaceId: string,
  userId: string,
  role: Role,
): Promise<void> {
  await sql.query(
    `INSERT INTO workspace_members (workspace_id, user_id, role) VALUES ($1, $2, $3)
     ON CONFLICT (workspace_id, user_id) DO UPDATE SET role = EXCLUDED.role`,
    [workspaceId, userId, role],
  );
}

/** The user's role in the workspace, or undefined for a non-member. */
export async function memberRole(
  sql: SqlClient,
  workspaceId: string,
  userId: string,
): Promise<Role | undefined> {
  const rows = await sql.query(
    'SELECT role FROM workspace_members WHERE workspace_id = $1 AND user_id = $2',
    [workspaceId, userId],
  );
  return rows[0] === undefined ? undefined : Role.parse(rows[0].role);
}

export async function listMembers(
  sql: SqlClient,
  workspaceId: string,
): Promise<{ userId: string; email: string; role: Role }[]> {
  const rows = await sql.query(
    `SELECT u.id, u.email, m.role FROM workspace_members m JOIN users u ON u.id = m.user_id
     WHERE m.workspace_id = $1 ORDER BY u.email`,
    [workspaceId],
  );
  return rows.map((r) => ({ userId: String(r.id), email: String(r.email), role: Role.parse(r.role) }));
}
