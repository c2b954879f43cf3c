import type { ApiKey } from '../core/access/api-keys';
import type { Workspace } from '../core/access/workspaces';
import type { ApiKeyView, WorkspaceView } from '../schemas/access';

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

export const toWorkspaceView = (w: Workspace): WorkspaceView => ({
  id: w.id,
  name: w.name,
  retentionDays: w.retentionDays,
  createdAt: w.createdAt.toISOString(),
});

/** Never carries the secret: only the answer that creates a key adds it. */
export const toApiKeyView = (k: ApiKey): ApiKeyView => ({
  id: k.id,
  workspaceId: k.workspaceId,
  name: k.name,
  publicKey: k.publicKey,
  secretPrefix: k.secretPrefix,
  scopes: k.scopes,
  createdAt: k.createdAt.toISOString(),
  expiresAt: iso(k.expiresAt),
  lastUsedAt: iso(k.lastUsedAt),
  revokedAt: iso(k.revokedAt),
});
