export type { Authenticate, AuthRequest, HeaderLookup, Principal } from './principal';
export { createAuthenticator, requireScope, type AuthenticatorOptions } from './authenticator';
export { createFailureLimiter, type FailureLimiter, type FailureLimiterOptions } from './failure-limiter';
export { parseCredentials, requestedWorkspace, SESSION_COOKIE, WORKSPACE_HEADERS } from './credentials';
export { ensureDefaults, type FirstAdmin } from './bootstrap';
export { ROLE_SCOPES, canAssignRole, requiredScope } from './permissions';
export { hashPassword, verifyPassword } from './password';
export {
  apiKeyById,
  apiKeyBySecret,
  createApiKey,
  listApiKeys,
  revokeApiKey,
  type ApiKey,
  type NewApiKey,
} from './api-keys';
export {
  createWorkspace,
  DEFAULT_WORKSPACE_ID,
  setRetention,
  workspaceById,
  workspaceByName,
  workspacesOfUser,
  type Workspace,
} from './workspaces';
export { createUser, listMembers, memberRole, setMember, userByEmail, userById, type User } from './users';
export { createSession, endSession, sessionUser } from './sessions';
export { changeMemberRole, removeMember, setPassword, type Member } from './members';
export {
  acceptInvitation,
  createInvitation,
  declineInvitation,
  findInvitation,
  invitationsOfEmail,
  listInvitations,
  revokeInvitation,
  INVITATION_TTL_MS,
  type Acceptor,
  type Invitation,
  type InvitationRef,
} from './invitations';
