import type {
  CreateModelBody,
  CreateProviderBody,
  UpdateModelBody,
  UpdateProviderBody,
} from '../../schemas/models';
import { AppError } from '../app-error';
import type { MetadataStore, SqlClient } from '../metadata/types';
import type { ModelSeed } from './model-config-file';
import { createModel, modelByName, updateModel, type Model } from './model-store';
import {
  createProvider,
  openProviderSecrets,
  providerByName,
  updateProvider,
  type ModelProvider,
} from './provider-store';
import type { SecretBox } from './secret-box';

export interface SeedReport {
  created: string[];
  updated: string[];
  unchanged: string[];
}

/** JSON with sorted keys: jsonb does not keep key order, so equal values must compare equal. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** The fields of the file's provider that differ from the stored one; the file is the truth, absent means none. */
function providerPatch(box: SecretBox, want: CreateProviderBody, have: ModelProvider): UpdateProviderBody {
  const secrets = openProviderSecrets(box, have);
  const patch: UpdateProviderBody = {};
  if (want.kind !== have.kind) patch.kind = want.kind;
  if ((want.vendor ?? null) !== have.vendor) patch.vendor = want.vendor ?? null;
  if ((want.baseUrl ?? null) !== have.baseUrl) patch.baseUrl = want.baseUrl ?? null;
  if ((want.apiVersion ?? null) !== have.apiVersion) patch.apiVersion = want.apiVersion ?? null;
  if (want.timeoutMs !== have.timeoutMs) patch.timeoutMs = want.timeoutMs;
  if (want.maxRetries !== have.maxRetries) patch.maxRetries = want.maxRetries;
  if ((want.rateLimitRpm ?? null) !== have.rateLimitRpm) patch.rateLimitRpm = want.rateLimitRpm ?? null;
  // A stored secret that no longer opens (server key changed) is replaced by the file's.
  if (!secrets.ok || (want.apiKey ?? null) !== secrets.value.apiKey) patch.apiKey = want.apiKey ?? null;
  if (!secrets.ok || !same(want.headers ?? {}, secrets.value.headers)) patch.headers = want.headers ?? null;
  // A provider pointed elsewhere keeps no secret not given again (updateProvider): the file gives them again.
  if (patch.kind !== undefined || patch.baseUrl !== undefined || patch.apiVersion !== undefined) {
    patch.apiKey = want.apiKey ?? null;
    patch.headers = want.headers ?? null;
  }
  return patch;
}

function modelPatch(want: ModelSeed['models'][number], providerId: string, have: Model): UpdateModelBody {
  const patch: UpdateModelBody = {};
  if (providerId !== have.providerId) patch.providerId = providerId;
  if (want.model !== have.model) patch.model = want.model;
  if (!same(want.paramSchema, have.paramSchema)) patch.paramSchema = want.paramSchema;
  if (!same(want.defaultParams, have.defaultParams)) patch.defaultParams = want.defaultParams;
  if ((want.contextWindow ?? null) !== have.contextWindow) patch.contextWindow = want.contextWindow ?? null;
  if (!same(want.pricing ?? null, have.pricing)) patch.pricing = want.pricing ?? null;
  return patch;
}

/** The file's model as a create body for its provider. */
const modelBody = (want: ModelSeed['models'][number], providerId: string): CreateModelBody => ({
  name: want.name,
  model: want.model,
  paramSchema: want.paramSchema,
  defaultParams: want.defaultParams,
  ...(want.contextWindow === undefined ? {} : { contextWindow: want.contextWindow }),
  ...(want.pricing === undefined ? {} : { pricing: want.pricing }),
  providerId,
});

const unwrap = <T>(r: { ok: true; value: T } | { ok: false; error: AppError }, what: string): T => {
  if (!r.ok) throw new AppError(r.error.kind, `${what}: ${r.error.message}`);
  return r.value;
};

async function upsertProvider(tx: SqlClient, box: SecretBox, workspaceId: string, want: CreateProviderBody) {
  let have = await providerByName(tx, workspaceId, want.name);
  if (have === undefined) {
    const created = await createProvider(tx, box, workspaceId, want);
    if (created.ok) return 'created';
    // Another process seeding at the same time created it first: compare with theirs.
    have = created.error.kind === 'conflict' ? await providerByName(tx, workspaceId, want.name) : undefined;
    if (have === undefined)
      throw new AppError(created.error.kind, `provider "${want.name}": ${created.error.message}`);
  }
  const patch = providerPatch(box, want, have);
  if (Object.keys(patch).length === 0) return 'unchanged';
  unwrap(await updateProvider(tx, box, workspaceId, have.id, patch), `provider "${want.name}"`);
  return 'updated';
}

async function upsertModel(tx: SqlClient, workspaceId: string, want: ModelSeed['models'][number]) {
  const provider = await providerByName(tx, workspaceId, want.provider);
  if (provider === undefined)
    throw new AppError(
      'invalid_argument',
      `model "${want.name}" names provider "${want.provider}", which is unknown`,
    );
  let have = await modelByName(tx, workspaceId, want.name);
  if (have === undefined) {
    const created = await createModel(tx, workspaceId, modelBody(want, provider.id));
    if (created.ok) return 'created';
    have = created.error.kind === 'conflict' ? await modelByName(tx, workspaceId, want.name) : undefined;
    if (have === undefined)
      throw new AppError(created.error.kind, `model "${want.name}": ${created.error.message}`);
  }
  const patch = modelPatch(want, provider.id, have);
  if (Object.keys(patch).length === 0) return 'unchanged';
  unwrap(await updateModel(tx, workspaceId, have.id, patch), `model "${want.name}"`);
  return 'updated';
}

/**
 * Upserts a model config file's providers and models by name, in one transaction: a second run with the same
 * file changes nothing, a changed file updates what differs. Registry entries the file does not name are kept.
 */
export async function seedModels(
  store: Pick<MetadataStore, 'transaction'>,
  box: SecretBox,
  workspaceId: string,
  seed: ModelSeed,
): Promise<{ providers: SeedReport; models: SeedReport }> {
  const report = () => ({ created: [], updated: [], unchanged: [] }) as SeedReport;
  const providers = report();
  const models = report();
  await store.transaction(async (tx) => {
    for (const want of seed.providers)
      providers[await upsertProvider(tx, box, workspaceId, want)].push(want.name);
    for (const want of seed.models) models[await upsertModel(tx, workspaceId, want)].push(want.name);
  });
  return { providers, models };
}
