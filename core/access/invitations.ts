import { randomBytes } from 'node:crypto';
import { InvitationRow, type Role } from '../../schemas/access';
import { AppError } from '../app-error';
import type { MetadataStore, SqlClient, SqlValue } from '../metadata/types';
import { err, ok, type Result } from '../result';
import { canAssignRole } from './permissions';
import { hashSecret, newId } from './secrets';
import { createUser, memberRole, setMember, userByEmail, userById, type User } from './users';

export const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000;

export interface Invitation {
  id: string;
  workspaceId: string;
  workspaceName: string;
  email: string;
  role: Role;
  createdAt: Date;
  expiresAt: Date;
}

const COLUMNS = `i.id, i.workspace_id, w.name AS workspace_name, i.email, i.role, i.created_at, i.expires_at`;
const FROM = 'workspace_invitations i JOIN workspaces w ON w.id = i.workspace_id';

const toInvitation = (row: unknown): Invitation => {
  const r = InvitationRow.parse(row);
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    workspaceName: r.workspace_name,
    email: r.email,
    role: r.role,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
  };
};

const gone = () => err(new AppError('not_found', 'invitation not found, used or expired'));

/**
 * Invites an email into a workspace with a role; a pending invitation of the same email is replaced. The answer
 * is the same whether or not an account has the email; the token (the link) is returned only here.
 */
export async function createInvitation(
  store: MetadataStore,
  input: { workspaceId: string; actor: Role; email: string; role: Role; invitedBy?: string; now: Date },
): Promise<Result<{ invitation: Invitation; token: string }>> {
  if (!canAssignRole(input.actor, input.role))
    return err(new AppError('permission_denied', `a ${input.actor} cannot grant the ${input.role} role`));
  const email = input.email.toLowerCase();
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(input.now.getTime() + INVITATION_TTL_MS);
  return store.transaction(async (tx) => {
    // Members are visible to the admin anyway, so saying so reveals nothing about other workspaces.
    const user = await userByEmail(tx, email);
    if (user !== undefined && (await memberRole(tx, input.workspaceId, user.id)) !== undefined)
      return err(new AppError('conflict', 'already a member; change the role instead'));
    const rows = await tx.query(
      `INSERT INTO workspace_invitations (id, workspace_id, email, role, token_hash, invited_by, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (workspace_id, email) DO UPDATE SET id = EXCLUDED.id, role = EXCLUDED.role,
         token_hash = EXCLUDED.token_hash, invited_by = EXCLUDED.invited_by, created_at = EXCLUDED.created_at,
         expires_at = EXCLUDED.expires_at
       RETURNING id`,
      [
        newId('inv'),
        input.workspaceId,
        email,
        input.role,
        hashSecret(token),
        input.invitedBy ?? null,
        input.now,
        expiresAt,
      ],
    );
    const id = String(rows[0]?.id);
    const [row] = await tx.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE i.id = $1`, [id]);
    return ok({ invitation: toInvitation(row), token });
  });
}

/** A workspace's pending invitations, newest first. */
export async function listInvitations(sql: SqlClient, workspaceId: string, now: Date): Promise<Invitation[]> {
  const rows = await sql.query(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE i.workspace_id = $1 AND i.expires_at > $2 ORDER BY i.created_at DESC`,
    [workspaceId, now],
  );
  return rows.map(toInvitation);
}

/** The pending invitations of an email, in every workspace. */
export async function invitationsOfEmail(sql: SqlClient, email: string, now: Date): Promise<Invitation[]> {
  const rows = await sql.query(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE i.email = $1 AND i.expires_at > $2 ORDER BY w.name`,
    [email.toLowerCase(), now],
  );
  return rows.map(toInvitation);
}

/** Revokes a workspace's invitation; false when it has none with that id. */
export async function revokeInvitation(sql: SqlClient, workspaceId: string, id: string): Promise<boolean> {
  const rows = await sql.query(
    'DELETE FROM workspace_invitations WHERE workspace_id = $1 AND id = $2 RETURNING id',
    [workspaceId, id],
  );
  return rows.length > 0;
}

/** Names an invitation by its link's token, or by its id for the invitee's own list. */
export type InvitationRef = { token: string } | { id: string; email: string };

const where = (ref: InvitationRef): [string, SqlValue[]] =>
  'token' in ref
    ? ['i.token_hash = $1', [hashSecret(ref.token)]]
    : ['i.id = $1 AND i.email = $2', [ref.id, ref.email.toLowerCase()]];

/** A pending invitation, and whether an account has its email (told only to who holds the link). */
export async function findInvitation(
  sql: SqlClient,
  ref: InvitationRef,
  now: Date,
): Promise<Result<{ invitation: Invitation; accountExists: boolean }>> {
  const [clause, params] = where(ref);
  const [row] = await sql.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE ${clause}`, params);
  if (row === undefined) return gone();
  const invitation = toInvitation(row);
  if (invitation.expiresAt.getTime() <= now.getTime()) return gone();
  return ok({ invitation, accountExists: (await userByEmail(sql, invitation.email)) !== undefined });
}

/** Who accepts: the logged-in user (its email must be the invited one), or a new account with this password. */
export type Acceptor = { userId: string } | { passwordHash: string };

/** Joins the workspace with the invited role and uses the invitation up; answers the member's user. */
export async function acceptInvitation(
  store: MetadataStore,
  ref: InvitationRef,
  by: Acceptor,
  now: Date,
): Promise<Result<{ invitation: Invitation; user: User }>> {
  return store.transaction(async (tx) => {
    const [clause, params] = where(ref);
    const [row] = await tx.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE ${clause} FOR UPDATE OF i`, params);
    if (row === undefined) return gone();
    const invitation = toInvitation(row);
    if (invitation.expiresAt.getTime() <= now.getTime()) return gone();
    let user: User | undefined;
    if ('userId' in by) {
      user = await userById(tx, by.userId);
      if (user === undefined || user.email !== invitation.email)
        return err(
          new AppError('permission_denied', 'this invitation is for another email: log in as its invitee'),
        );
    } else {
      user = await createUser(tx, { email: invitation.email, passwordHash: by.passwordHash });
      if (user === undefined)
        return err(new AppError('conflict', 'an account has this email: log in to accept the invitation'));
    }
    // An existing member keeps its role; the invitation is used up either way.
    if ((await memberRole(tx, invitation.workspaceId, user.id)) === undefined)
      await setMember(tx, invitation.workspaceId, user.id, invitation.role);
    await tx.query('DELETE FROM workspace_invitations WHERE id = $1', [invitation.id]);
    return ok({ invitation, user });
  });
}

/** Declines (deletes) an invitation; false when there is none pending. */
export async function declineInvitation(sql: SqlClient, ref: InvitationRef): Promise<boolean> {
  const [clause, params] = where(ref);
  const rows = await sql.query(`DELETE FROM workspace_invitations i WHERE ${clause} RETURNING i.id`, params);
  return rows.length > 0;
}
