import { randomBytes } from 'node:crypto';
import {
  ModelProviderRow,
  type CreateProviderBody,
  type ProviderKind,
  type UpdateProviderBody,
} from '../../schemas/models';
import { AppError } from '../app-error';
import { isUniqueViolation } from '../metadata/sql-state';
import type { SqlClient, SqlValue } from '../metadata/types';
import { err, ok, type Result } from '../result';
import type { SecretBox } from './secret-box';

/** A registered provider; its key and header values stay sealed until a call opens them. */
export interface ModelProvider {
  id: string;
  workspaceId: string;
  name: string;
  kind: ProviderKind;
  vendor: string | null;
  baseUrl: string | null;
  apiVersion: string | null;
  apiKeySealed: string | null;
  apiKeyHint: string | null;
  headersSealed: string | null;
  headerNames: string[];
  timeoutMs: number;
  maxRetries: number;
  rateLimitRpm: number | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `id, workspace_id, name, kind, vendor, base_url, api_version, api_key_sealed, api_key_hint,
  headers_sealed, header_names, timeout_ms, max_retries, rate_limit_rpm, created_at, updated_at`;

const toProvider = (row: unknown): ModelProvider => {
  const r = ModelProviderRow.parse(row);
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    name: r.name,
    kind: r.kind,
    vendor: r.vendor,
    baseUrl: r.base_url,
    apiVersion: r.api_version,
    apiKeySealed: r.api_key_sealed,
    apiKeyHint: r.api_key_hint,
    headersSealed: r.headers_sealed,
    headerNames: r.header_names,
    timeoutMs: r.timeout_ms,
    maxRetries: r.max_retries,
    rateLimitRpm: r.rate_limit_rpm,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
};

/** Sealed values are bound to their workspace: copied into another workspace's row, they fail to open. */
export const secretContext = (workspaceId: string): string => `spanloop/model-provider/${workspaceId}`;

// Short keys get no hint: four characters of them would be too much of the secret.
const hintOf = (key: string): string | null => (key.length >= 16 ? key.slice(-4) : null);

/** The `gen_ai.provider.name` a provider's calls carry. */
export const vendorOf = (p: Pick<ModelProvider, 'vendor' | 'kind' | 'apiVersion'>): string =>
  p.vendor ?? (p.kind === 'openai' && p.apiVersion !== null ? 'azure.ai.openai' : p.kind);

function shapeProblem(p: { kind: ProviderKind; apiVersion: string | null; baseUrl: string | null }) {
  if (p.apiVersion !== null && p.kind !== 'openai')
    return 'apiVersion applies to openai providers (Azure) only';
  if (p.apiVersion !== null && p.baseUrl === null) return 'an Azure provider (apiVersion) needs its baseUrl';
  return undefined;
}

interface SealedFields {
  api_key_sealed: string | null;
  api_key_hint: string | null;
  headers_sealed: string | null;
  header_names: string[];
}

const sealKey = (box: SecretBox, workspaceId: string, key: string | null) => ({
  api_key_sealed: key === null ? null : box.seal(key, secretContext(workspaceId)),
  api_key_hint: key === null ? null : hintOf(key),
});

const sealHeaders = (box: SecretBox, workspaceId: string, headers: Record<string, string> | null) => {
  const names = Object.keys(headers ?? {});
  return {
    headers_sealed: names.length === 0 ? null : box.seal(JSON.stringify(headers), secretContext(workspaceId)),
    header_names: names,
  };
};

/** Registers a provider; a conflict when the name is taken in the workspace. */
export async function createProvider(
  sql: SqlClient,
  box: SecretBox,
  workspaceId: string,
  input: CreateProviderBody,
): Promise<Result<ModelProvider>> {
  const shape = {
    kind: input.kind,
    apiVersion: input.apiVersion ?? null,
    baseUrl: input.baseUrl ?? null,
  };
  const problem = shapeProblem(shape);
  if (problem !== undefined) return err(new AppError('invalid_argument', problem));
  const sealed: SealedFields = {
    ...sealKey(box, workspaceId, input.apiKey ?? null),
    ...sealHeaders(box, workspaceId, input.headers ?? null),
  };
  const rows = await sql.query(
    `INSERT INTO model_providers (id, workspace_id, name, kind, vendor, base_url, api_version, api_key_sealed,
       api_key_hint, headers_sealed, header_names, timeout_ms, max_retries, rate_limit_rpm)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     ON CONFLICT (workspace_id, name) DO NOTHING RETURNING ${COLUMNS}`,
    [
      `prv_${randomBytes(10).toString('hex')}`,
      workspaceId,
      input.name,
      input.kind,
      input.vendor ?? null,
      shape.baseUrl,
      shape.apiVersion,
      sealed.api_key_sealed,
      sealed.api_key_hint,
      sealed.headers_sealed,
      sealed.header_names,
      input.timeoutMs,
      input.maxRetries,
      input.rateLimitRpm ?? null,
    ],
  );
  if (rows[0] === undefined)
    return err(new AppError('conflict', `a provider named "${input.name}" exists in this workspace`));
  return ok(toProvider(rows[0]));
}

export async function providerById(
  sql: SqlClient,
  workspaceId: string,
  id: string,
): Promise<ModelProvider | undefined> {
  const rows = await sql.query(`SELECT ${COLUMNS} FROM model_providers WHERE workspace_id = $1 AND id = $2`, [
    workspaceId,
    id,
  ]);
  return rows[0] === undefined ? undefined : toProvider(rows[0]);
}

export async function providerByName(
  sql: SqlClient,
  workspaceId: string,
  name: string,
): Promise<ModelProvider | undefined> {
  const rows = await sql.query(
    `SELECT ${COLUMNS} FROM model_providers WHERE workspace_id = $1 AND name = $2`,
    [workspaceId, name],
  );
  return rows[0] === undefined ? undefined : toProvider(rows[0]);
}

export async function listProviders(sql: SqlClient, workspaceId: string): Promise<ModelProvider[]> {
  const rows = await sql.query(
    `SELECT ${COLUMNS} FROM model_providers WHERE workspace_id = $1 ORDER BY name`,
    [workspaceId],
  );
  return rows.map(toProvider);
}

/** A secret an update removed because it changed where the secrets are sent without entering them again. */
export type DroppedSecret = 'apiKey' | 'headers';

const canonicalHeaders = (h: Record<string, string>) =>
  JSON.stringify(Object.entries(h).sort(([a], [b]) => a.localeCompare(b)));

/** The secrets an update must drop: a new base URL, kind or API version (or new headers, for the key) would
 * otherwise send the stored ones to a destination whoever made the change chose. */
function secretsToDrop(box: SecretBox, current: ModelProvider, patch: UpdateProviderBody): DroppedSecret[] {
  const moved =
    (patch.kind !== undefined && patch.kind !== current.kind) ||
    (patch.baseUrl !== undefined && patch.baseUrl !== current.baseUrl) ||
    (patch.apiVersion !== undefined && patch.apiVersion !== current.apiVersion);
  let headersChanged = false;
  if (patch.headers !== undefined) {
    const opened = openProviderSecrets(box, current);
    headersChanged =
      !opened.ok || canonicalHeaders(opened.value.headers) !== canonicalHeaders(patch.headers ?? {});
  }
  const dropped: DroppedSecret[] = [];
  if ((moved || headersChanged) && patch.apiKey === undefined && current.apiKeySealed !== null)
    dropped.push('apiKey');
  if (moved && patch.headers === undefined && current.headersSealed !== null) dropped.push('headers');
  return dropped;
}

/**
 * Changes the given fields; `apiKey: null` removes the key, an absent one keeps it — unless the update changes
 * where the provider points (baseUrl, kind, apiVersion, headers): then a key (and headers) not sent again in the
 * same update are dropped, and `dropped` names them.
 */
export async function updateProvider(
  sql: SqlClient,
  box: SecretBox,
  workspaceId: string,
  id: string,
  patch: UpdateProviderBody,
): Promise<Result<ModelProvider & { dropped: DroppedSecret[] }>> {
  const current = await providerById(sql, workspaceId, id);
  if (current === undefined) return err(new AppError('not_found', 'provider not found'));
  const dropped = secretsToDrop(box, current, patch);
  const problem = shapeProblem({
    kind: patch.kind ?? current.kind,
    apiVersion: patch.apiVersion === undefined ? current.apiVersion : patch.apiVersion,
    baseUrl: patch.baseUrl === undefined ? current.baseUrl : patch.baseUrl,
  });
  if (problem !== undefined) return err(new AppError('invalid_argument', problem));
  const params: SqlValue[] = [workspaceId, id];
  const sets: string[] = ['updated_at = now()'];
  const set = (column: string, value: SqlValue) => {
    params.push(value);
    sets.push(`${column} = $${params.length}`);
  };
  if (patch.name !== undefined) set('name', patch.name);
  if (patch.kind !== undefined) set('kind', patch.kind);
  if (patch.vendor !== undefined) set('vendor', patch.vendor);
  if (patch.baseUrl !== undefined) set('base_url', patch.baseUrl);
  if (patch.apiVersion !== undefined) set('api_version', patch.apiVersion);
  if (patch.timeoutMs !== undefined) set('timeout_ms', patch.timeoutMs);
  if (patch.maxRetries !== undefined) set('max_retries', patch.maxRetries);
  if (patch.rateLimitRpm !== undefined) set('rate_limit_rpm', patch.rateLimitRpm);
  const apiKey = dropped.includes('apiKey') ? null : patch.apiKey;
  const headers = dropped.includes('headers') ? null : patch.headers;
  if (apiKey !== undefined)
    for (const [column, value] of Object.entries(sealKey(box, workspaceId, apiKey))) set(column, value);
  if (headers !== undefined)
    for (const [column, value] of Object.entries(sealHeaders(box, workspaceId, headers))) set(column, value);
  try {
    const rows = await sql.query(
      `UPDATE model_providers SET ${sets.join(', ')} WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      params,
    );
    if (rows[0] === undefined) return err(new AppError('not_found', 'provider not found'));
    return ok({ ...toProvider(rows[0]), dropped });
  } catch (e) {
    if (isUniqueViolation(e))
      return err(new AppError('conflict', `a provider named "${patch.name ?? ''}" exists in this workspace`));
    throw e;
  }
}

/** Removes a provider no model uses; a conflict names how many still do. */
export async function deleteProvider(sql: SqlClient, workspaceId: string, id: string): Promise<Result<void>> {
  const rows = await sql.query(
    `DELETE FROM model_providers p WHERE p.workspace_id = $1 AND p.id = $2
       AND NOT EXISTS (SELECT 1 FROM models m WHERE m.workspace_id = $1 AND m.provider_id = $2)
     RETURNING id`,
    [workspaceId, id],
  );
  if (rows.length > 0) return ok(undefined);
  const [used] = await sql.query(
    'SELECT count(*)::integer AS n FROM models WHERE workspace_id = $1 AND provider_id = $2',
    [workspaceId, id],
  );
  const n = Number(used?.n ?? 0);
  if (n > 0)
    return err(new AppError('conflict', `${n} model(s) use this provider: delete or move them first`));
  return err(new AppError('not_found', 'provider not found'));
}

/** The provider's key and headers in clear, for one call; an AppError names the provider when they do not open. */
export function openProviderSecrets(
  box: SecretBox,
  p: ModelProvider,
): Result<{ apiKey: string | null; headers: Record<string, string> }> {
  const context = secretContext(p.workspaceId);
  const failed = (message: string) =>
    err(new AppError('internal', `the secrets of provider "${p.name}" cannot be opened: ${message}`));
  let apiKey: string | null = null;
  if (p.apiKeySealed !== null) {
    const opened = box.open(p.apiKeySealed, context);
    if (!opened.ok) return failed(opened.error.message);
    apiKey = opened.value;
  }
  let headers: Record<string, string> = {};
  if (p.headersSealed !== null) {
    const opened = box.open(p.headersSealed, context);
    if (!opened.ok) return failed(opened.error.message);
    headers = JSON.parse(opened.value) as Record<string, string>;
  }
  return ok({ apiKey, headers });
}
