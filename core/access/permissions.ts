import type { Role, Scope } from '../../schemas/access';

/** What each role may do, as the scopes an API key of the same power would carry. */
export const ROLE_SCOPES: Readonly<Record<Role, readonly Scope[]>> = {
  owner: ['ingest', 'read', 'write', 'admin'],
  admin: ['ingest', 'read', 'write', 'admin'],
  member: ['ingest', 'read', 'write'],
  viewer: ['read'],
};

const RANK: Readonly<Record<Role, number>> = { owner: 3, admin: 2, member: 1, viewer: 0 };

/** Owners may grant any role; admins any role below owner; others none. */
export const canAssignRole = (actor: Role, role: Role): boolean =>
  actor === 'owner' || (actor === 'admin' && RANK[role] < RANK.owner);
