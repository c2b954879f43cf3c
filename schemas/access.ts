import { z } from 'zod';

/** What a member may do in a workspace; each role includes the ones after it. */
export const Role = z.enum(['owner', 'admin', 'member', 'viewer']);
export type Role = z.infer<typeof Role>;

/**
 * What an API key may do: send spans, read, change workspace data, call models and spend money (playground runs,
 * Cozeloop execute, evaluator runs), manage keys, members and settings.
 */
export const Scope = z.enum(['ingest', 'read', 'write', 'run', 'admin']);
export type Scope = z.infer<typeof Scope>;

/** API key formats: the public key names a key (Basic auth user), the secret (256 random bits) proves it. */
export const PUBLIC_KEY_PATTERN = /^sl-pk-[0-9a-f]{24}$/;
export const SECRET_KEY_PATTERN = /^sl-sk-[A-Za-z0-9_-]{43}$/;

export const WorkspaceName = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/,
    'letters, digits, ".", "_" or "-", at most 63, starting alphanumeric',
  );

export const RetentionDays = z.number().int().min(1).max(36500);

const Timestamp = z.date();

/** Rows as the metadata store returns them (parsed once when read back). */
export const WorkspaceRow = z.object({
  id: z.string(),
  name: z.string(),
  retention_days: z.number().int().nullable(),
  created_at: Timestamp,
});

export const UserRow = z.object({
  id: z.string(),
  email: z.string(),
  display_name: z.string(),
  password_hash: z.string().nullable(),
  instance_admin: z.boolean(),
  created_at: Timestamp,
});

export const InvitationRow = z.object({
  id: z.string(),
  workspace_id: z.string(),
  workspace_name: z.string(),
  email: z.string(),
  role: Role,
  created_at: Timestamp,
  expires_at: Timestamp,
});

export const ApiKeyRow = z.object({
  id: z.string(),
  workspace_id: z.string(),
  name: z.string(),
  public_key: z.string(),
  secret_prefix: z.string(),
  scopes: z.array(Scope),
  created_by: z.string().nullable(),
  created_at: Timestamp,
  expires_at: Timestamp.nullable(),
  last_used_at: Timestamp.nullable(),
  revoked_at: Timestamp.nullable(),
});

/** API bodies. */
export const CreateWorkspaceBody = z.strictObject({
  name: WorkspaceName,
  retentionDays: RetentionDays.optional(),
});

export const UpdateWorkspaceBody = z.strictObject({ retentionDays: RetentionDays.nullable() });

export const CreateApiKeyBody = z.strictObject({
  name: z.string().trim().min(1).max(100).default('api key'),
  scopes: z.array(Scope).min(1).max(Scope.options.length),
  /** ISO 8601 instant after which the key is refused. */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});

export const LoginBody = z.strictObject({
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(1024),
});

/** API views: the secret appears only in the answer that creates a key. */
export const WorkspaceView = z.object({
  id: z.string(),
  name: z.string(),
  retentionDays: z.number().int().nullable().describe('days spans are kept; null = the default'),
  createdAt: z.iso.datetime(),
});
export type WorkspaceView = z.infer<typeof WorkspaceView>;

export const WorkspaceList = z.object({ workspaces: z.array(WorkspaceView) });

export const ApiKeyView = z.object({
  id: z.string(),
  workspaceId: z.string(),
  name: z.string(),
  publicKey: z.string().describe('the user name of HTTP Basic auth'),
  secretPrefix: z.string().describe('the first characters of the secret, to recognise it'),
  scopes: z.array(Scope),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export type ApiKeyView = z.infer<typeof ApiKeyView>;

export const ApiKeyList = z.object({ keys: z.array(ApiKeyView) });

export const CreatedApiKeyView = ApiKeyView.extend({
  secret: z.string().describe('shown once: Spanloop keeps only its hash'),
});
export type CreatedApiKeyView = z.infer<typeof CreatedApiKeyView>;

export const PrincipalView = z.object({
  workspaceId: z.string(),
  scopes: z.array(Scope),
  kind: z.enum(['key', 'user', 'anonymous']),
  userId: z.string().optional(),
  role: Role.optional(),
});

export const LoginView = z.object({
  user: z.object({ id: z.string(), email: z.string() }),
  expiresAt: z.iso.datetime(),
});

/** Member management and password bodies. */
const Email = z
  .string()
  .trim()
  .max(320)
  .regex(/^[^\s@]+@[^\s@]+$/, 'an email address');
const NewPassword = z.string().min(8, 'at least 8 characters').max(1024);

/** Invites an email into the workspace; whoever holds the link accepts (joining, or creating the account). */
export const InviteBody = z.strictObject({ email: Email, role: Role });

/** Accepting by link: the logged-in invitee needs no body; without an account, the password creates one. */
export const AcceptInvitationBody = z.strictObject({ password: NewPassword.optional() });

export const UpdateMemberBody = z.strictObject({ role: Role });

export const ChangePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: NewPassword,
});

export const MemberView = z.object({
  userId: z.string(),
  email: z.string(),
  role: Role,
});
export type MemberView = z.infer<typeof MemberView>;

export const MemberList = z.object({ members: z.array(MemberView) });

export const InvitationView = z.object({
  id: z.string(),
  workspaceId: z.string(),
  workspaceName: z.string(),
  email: z.string(),
  role: Role,
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
});
export type InvitationView = z.infer<typeof InvitationView>;

export const InvitationList = z.object({ invitations: z.array(InvitationView) });

export const CreatedInvitationView = InvitationView.extend({
  token: z.string().describe('shown once: Spanloop keeps only its hash'),
  path: z.string().describe('the console page that accepts it: give the invitee this link on your host'),
});
export type CreatedInvitationView = z.infer<typeof CreatedInvitationView>;

/** What the holder of an invitation link sees: whether to log in or to set a password. */
export const InvitationLinkView = InvitationView.extend({
  accountExists: z.boolean().describe('log in as the invitee to accept; otherwise set a password'),
});
export type InvitationLinkView = z.infer<typeof InvitationLinkView>;

export const AcceptedInvitationView = z.object({
  workspaceId: z.string(),
  workspaceName: z.string(),
  role: Role,
  user: z.object({ id: z.string(), email: z.string() }),
});
