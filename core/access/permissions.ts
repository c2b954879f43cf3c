import type { Role, Scope } from '../../schemas/access';

/** What each role may do, as the scopes an API key of the same power would carry. */
export const ROLE_SCOPES: Readonly<Record<Role, readonly Scope[]>> = {
  owner: ['ingest', 'read', 'write', 'run', 'admin'],
  admin: ['ingest', 'read', 'write', 'run', 'admin'],
  member: ['ingest', 'read', 'write', 'run'],
  viewer: ['read'],
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The scope an HTTP route needs: the one it declares (`run` for calls that spend money, `read` for a POST that
 * only searches), else `read` to look and `write` to change.
 */
export const requiredScope = (method: string, declared?: Scope): Scope =>
  declared ?? (SAFE_METHODS.has(method.toUpperCase()) ? 'read' : 'write');

const RANK: Readonly<Record<Role, number>> = { owner: 3, admin: 2, member: 1, viewer: 0 };

/** Owners may grant any role; admins any role below owner; others none. */
export const canAssignRole = (actor: Role, role: Role): boolean =>
  actor === 'owner' || (actor === 'admin' && RANK[role] < RANK.owner);
