import { randomBytes } from 'node:crypto';
import type { ModelParams } from '../../schemas/chat';
import {
  ModelRow,
  type CreateModelBody,
  type ModelPricing,
  type ParamSchema,
  type UpdateModelBody,
} from '../../schemas/models';
import { AppError } from '../app-error';
import { isUniqueViolation } from '../metadata/sql-state';
import type { SqlClient, SqlValue } from '../metadata/types';
import { err, ok, type Result } from '../result';
import { checkParams } from './model-params';
import { providerById } from './provider-store';

/** A model a workspace may call: a provider, the provider's model id, its parameter schema and defaults. */
export interface Model {
  id: string;
  workspaceId: string;
  providerId: string;
  name: string;
  model: string;
  paramSchema: ParamSchema;
  defaultParams: ModelParams;
  contextWindow: number | null;
  pricing: ModelPricing | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `id, workspace_id, provider_id, name, model, param_schema, default_params, context_window, pricing,
  created_at, updated_at`;

const toModel = (row: unknown): Model => {
  const r = ModelRow.parse(row);
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    providerId: r.provider_id,
    name: r.name,
    model: r.model,
    paramSchema: r.param_schema,
    defaultParams: r.default_params,
    contextWindow: r.context_window,
    pricing: r.pricing,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
};

const json = (value: unknown): string | null => (value === null ? null : JSON.stringify(value));

async function checkProvider(sql: SqlClient, workspaceId: string, providerId: string): Promise<Result<void>> {
  const provider = await providerById(sql, workspaceId, providerId);
  return provider === undefined
    ? err(new AppError('invalid_argument', `providerId "${providerId}" is not a provider of this workspace`))
    : ok(undefined);
}

/** Registers a model; its defaults must fit its own parameter schema. */
export async function createModel(
  sql: SqlClient,
  workspaceId: string,
  input: CreateModelBody,
): Promise<Result<Model>> {
  const provider = await checkProvider(sql, workspaceId, input.providerId);
  if (!provider.ok) return provider;
  const defaults = checkParams(input.paramSchema, input.defaultParams, input.name);
  if (!defaults.ok) return defaults;
  const rows = await sql.query(
    `INSERT INTO models (id, workspace_id, provider_id, name, model, param_schema, default_params, context_window,
       pricing)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9::jsonb)
     ON CONFLICT (workspace_id, name) DO NOTHING RETURNING ${COLUMNS}`,
    [
      `mdl_${randomBytes(10).toString('hex')}`,
      workspaceId,
      input.providerId,
      input.name,
      input.model,
      json(input.paramSchema),
      json(input.defaultParams),
      input.contextWindow ?? null,
      json(input.pricing ?? null),
    ],
  );
  if (rows[0] === undefined)
    return err(new AppError('conflict', `a model named "${input.name}" exists in this workspace`));
  return ok(toModel(rows[0]));
}

export async function modelById(sql: SqlClient, workspaceId: string, id: string): Promise<Model | undefined> {
  const rows = await sql.query(`SELECT ${COLUMNS} FROM models WHERE workspace_id = $1 AND id = $2`, [
    workspaceId,
    id,
  ]);
  return rows[0] === undefined ? undefined : toModel(rows[0]);
}

export async function modelByName(
  sql: SqlClient,
  workspaceId: string,
  name: string,
): Promise<Model | undefined> {
  const rows = await sql.query(`SELECT ${COLUMNS} FROM models WHERE workspace_id = $1 AND name = $2`, [
    workspaceId,
    name,
  ]);
  return rows[0] === undefined ? undefined : toModel(rows[0]);
}

/** A model by its id, else by its name (ids look like `mdl_…`, so the two cannot be confused). */
export async function resolveModel(
  sql: SqlClient,
  workspaceId: string,
  idOrName: string,
): Promise<Model | undefined> {
  return (await modelById(sql, workspaceId, idOrName)) ?? modelByName(sql, workspaceId, idOrName);
}

export async function listModels(sql: SqlClient, workspaceId: string): Promise<Model[]> {
  const rows = await sql.query(`SELECT ${COLUMNS} FROM models WHERE workspace_id = $1 ORDER BY name`, [
    workspaceId,
  ]);
  return rows.map(toModel);
}

/** Changes the given fields; the result's defaults must fit the result's schema. */
export async function updateModel(
  sql: SqlClient,
  workspaceId: string,
  id: string,
  patch: UpdateModelBody,
): Promise<Result<Model>> {
  const current = await modelById(sql, workspaceId, id);
  if (current === undefined) return err(new AppError('not_found', 'model not found'));
  if (patch.providerId !== undefined) {
    const provider = await checkProvider(sql, workspaceId, patch.providerId);
    if (!provider.ok) return provider;
  }
  const defaults = checkParams(
    patch.paramSchema ?? current.paramSchema,
    patch.defaultParams ?? current.defaultParams,
    patch.name ?? current.name,
  );
  if (!defaults.ok) return defaults;
  const params: SqlValue[] = [workspaceId, id];
  const sets: string[] = ['updated_at = now()'];
  const set = (column: string, value: SqlValue, cast = '') => {
    params.push(value);
    sets.push(`${column} = $${params.length}${cast}`);
  };
  if (patch.providerId !== undefined) set('provider_id', patch.providerId);
  if (patch.name !== undefined) set('name', patch.name);
  if (patch.model !== undefined) set('model', patch.model);
  if (patch.paramSchema !== undefined) set('param_schema', json(patch.paramSchema), '::jsonb');
  if (patch.defaultParams !== undefined) set('default_params', json(patch.defaultParams), '::jsonb');
  if (patch.contextWindow !== undefined) set('context_window', patch.contextWindow);
  if (patch.pricing !== undefined) set('pricing', json(patch.pricing), '::jsonb');
  try {
    const rows = await sql.query(
      `UPDATE models SET ${sets.join(', ')} WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      params,
    );
    if (rows[0] === undefined) return err(new AppError('not_found', 'model not found'));
    return ok(toModel(rows[0]));
  } catch (e) {
    if (isUniqueViolation(e))
      return err(new AppError('conflict', `a model named "${patch.name ?? ''}" exists in this workspace`));
    throw e;
  }
}

export async function deleteModel(sql: SqlClient, workspaceId: string, id: string): Promise<boolean> {
  const rows = await sql.query('DELETE FROM models WHERE workspace_id = $1 AND id = $2 RETURNING id', [
    workspaceId,
    id,
  ]);
  return rows.length > 0;
}
