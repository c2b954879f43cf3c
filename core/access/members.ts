import type { Role } from '../../schemas/access';
import { AppError } from '../app-error';
import type { MetadataStore, SqlClient } from '../metadata/types';
import { err, ok, type Result } from '../result';
import { canAssignRole } from './permissions';
import { hashSecret } from './secrets';
import { memberRole, setMember, userById } from './users';

export interface Member {
  userId: string;
  email: string;
  role: Role;
}

const denied = (message: string) => err(new AppError('permission_denied', message));
const LAST_OWNER = 'a workspace keeps at least one owner: make another member owner first';

// Serialises member changes per workspace, so two concurrent demotions cannot both pass the last-owner check.
const lockWorkspace = async (tx: SqlClient, workspaceId: string): Promise<boolean> =>
  (await tx.query('SELECT id FROM workspaces WHERE id = $1 FOR UPDATE', [workspaceId])).length > 0;

const ownerCount = async (tx: SqlClient, workspaceId: string): Promise<number> => {
  const rows = await tx.query(
    "SELECT count(*)::int AS n FROM workspace_members WHERE workspace_id = $1 AND role = 'owner'",
    [workspaceId],
  );
  return Number(rows[0]?.n ?? 0);
};

/** An actor may touch a member only if it could have granted that member's current role. */
const mayManage = (actor: Role, current: Role): boolean => canAssignRole(actor, current);

/** Changes a member's role under the role rules; the last owner cannot be demoted. */
export async function changeMemberRole(
  store: MetadataStore,
  workspaceId: string,
  actor: Role,
  userId: string,
  role: Role,
): Promise<Result<Member>> {
  return store.transaction(async (tx): Promise<Result<Member>> => {
    if (!(await lockWorkspace(tx, workspaceId))) return err(new AppError('not_found', 'workspace not found'));
    const current = await memberRole(tx, workspaceId, userId);
    const user = current === undefined ? undefined : await userById(tx, userId);
    if (current === undefined || user === undefined)
      return err(new AppError('not_found', 'member not found'));
    if (!mayManage(actor, current)) return denied(`a ${actor} cannot change an ${current}'s role`);
    if (!canAssignRole(actor, role)) return denied(`a ${actor} cannot grant the ${role} role`);
    if (current === 'owner' && role !== 'owner' && (await ownerCount(tx, workspaceId)) <= 1)
      return err(new AppError('conflict', LAST_OWNER));
    await setMember(tx, workspaceId, userId, role);
    return ok({ userId, email: user.email, role });
  });
}

/** Removes a member under the role rules; the last owner cannot be removed. */
export async function removeMember(
  store: MetadataStore,
  workspaceId: string,
  actor: Role,
  userId: string,
): Promise<Result<void>> {
  return store.transaction(async (tx): Promise<Result<void>> => {
    if (!(await lockWorkspace(tx, workspaceId))) return err(new AppError('not_found', 'workspace not found'));
    const current = await memberRole(tx, workspaceId, userId);
    if (current === undefined) return err(new AppError('not_found', 'member not found'));
    if (!mayManage(actor, current)) return denied(`a ${actor} cannot remove an ${current}`);
    if (current === 'owner' && (await ownerCount(tx, workspaceId)) <= 1)
      return err(new AppError('conflict', LAST_OWNER));
    await tx.query('DELETE FROM workspace_members WHERE workspace_id = $1 AND user_id = $2', [
      workspaceId,
      userId,
    ]);
    return ok(undefined);
  });
}

/** Replaces a user's password hash and ends every session but the caller's `keepToken`, so a leaked session dies. */
export async function setPassword(
  store: MetadataStore,
  userId: string,
  passwordHash: string,
  keepToken: string,
): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, passwordHash]);
    await tx.query('DELETE FROM user_sessions WHERE user_id = $1 AND token_hash <> $2', [
      userId,
      hashSecret(keepToken),
    ]);
  });
}
