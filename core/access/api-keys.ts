import { ApiKeyRow, type Scope } from '../../schemas/access';
import type { SqlClient } from '../metadata/types';
import { hashSecret, newId, newKeyMaterial, type KeyMaterial } from './secrets';

export interface ApiKey {
  id: string;
  workspaceId: string;
  name: string;
  publicKey: string;
  secretPrefix: string;
  scopes: Scope[];
  createdBy: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const COLUMNS =
  'id, workspace_id, name, public_key, secret_prefix, scopes, created_by, created_at, expires_at, last_used_at, revoked_at';

const toApiKey = (row: unknown): ApiKey => {
  const r = ApiKeyRow.parse(row);
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    name: r.name,
    publicKey: r.public_key,
    secretPrefix: r.secret_prefix,
    scopes: r.scopes,
    createdBy: r.created_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  };
};

export interface NewApiKey {
  workspaceId: string;
  name: string;
  scopes: readonly Scope[];
  expiresAt?: Date;
  createdBy?: string;
  /** A key pair chosen by the operator (configuration); new random material otherwise. */
  material?: KeyMaterial;
}

/** Creates a key and returns its secret, which is not stored and cannot be read again. */
export async function createApiKey(
  sql: SqlClient,
  input: NewApiKey,
): Promise<{ key: ApiKey; secret: string }> {
  const material = input.material ?? newKeyMaterial();
  const rows = await sql.query(
    `INSERT INTO api_keys (id, workspace_id, name, public_key, secret_prefix, secret_hash, scopes, created_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
    [
      newId('key'),
      input.workspaceId,
      input.name,
      material.publicKey,
      material.secretPrefix,
      material.secretHash,
      [...new Set(input.scopes)],
      input.createdBy ?? null,
      input.expiresAt ?? null,
    ],
  );
  return { key: toApiKey(rows[0]), secret: material.secret };
}

export async function listApiKeys(sql: SqlClient, workspaceId: string): Promise<ApiKey[]> {
  const rows = await sql.query(
    `SELECT ${COLUMNS} FROM api_keys WHERE workspace_id = $1 ORDER BY created_at, id`,
    [workspaceId],
  );
  return rows.map(toApiKey);
}

export async function apiKeyById(
  sql: SqlClient,
  workspaceId: string,
  id: string,
): Promise<ApiKey | undefined> {
  const rows = await sql.query(`SELECT ${COLUMNS} FROM api_keys WHERE workspace_id = $1 AND id = $2`, [
    workspaceId,
    id,
  ]);
  return rows[0] === undefined ? undefined : toApiKey(rows[0]);
}

/** Revokes a key of the workspace; false when the workspace has no such key. Revoking twice keeps the first time. */
export async function revokeApiKey(sql: SqlClient, workspaceId: string, id: string): Promise<boolean> {
  const rows = await sql.query(
    `UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE workspace_id = $1 AND id = $2 RETURNING id`,
    [workspaceId, id],
  );
  return rows.length > 0;
}

/** The key a secret belongs to, whatever its state (the caller decides about expiry and revocation). */
export async function apiKeyBySecret(sql: SqlClient, secret: string): Promise<ApiKey | undefined> {
  const rows = await sql.query(`SELECT ${COLUMNS} FROM api_keys WHERE secret_hash = $1`, [
    hashSecret(secret),
  ]);
  return rows[0] === undefined ? undefined : toApiKey(rows[0]);
}

export async function touchApiKey(sql: SqlClient, id: string, at: Date): Promise<void> {
  await sql.query('UPDATE api_keys SET last_used_at = $2 WHERE id = $1', [id, at]);
}
