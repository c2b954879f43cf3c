import { AppError } from '../../core/app-error';
import type { EvaluationEngine } from '../../eval-engine/types';
import type { PluginContext } from '../sdk/index';
import { createEvaluator, evaluatorById, saveDraft } from './evaluator-store';
import type { Evaluator, EvaluatorVersion } from './rows';
import { secretContext, type RunRequest } from './run-service';
import { splitSecret, type InputBody, type SpecBody, type StoredSpec } from './spec-schema';

// What the REST and the Cozeloop routes both do to an evaluator: create, save a draft, run a version.

export interface ActionDeps {
  sql: PluginContext['sql'];
  secrets: PluginContext['secrets'];
  engine: Pick<EvaluationEngine, 'validate'>;
}

/** Refuses a spec its runtime does not accept, with every message. */
export async function checkSpec(deps: ActionDeps, workspaceId: string, spec: StoredSpec): Promise<void> {
  const problems = await deps.engine.validate(
    workspaceId,
    spec as Parameters<EvaluationEngine['validate']>[1],
  );
  if (problems.length > 0)
    throw new AppError('invalid_argument', `the spec is invalid: ${problems.join('; ')}`);
}

/** Seals a request's secret for the evaluator (undefined: keep, null: remove). */
const sealed = (deps: ActionDeps, workspaceId: string, id: string, secret: string | null | undefined) =>
  typeof secret === 'string' ? deps.secrets.seal(secret, secretContext(workspaceId, id)) : secret;

/** Creates an evaluator whose draft is `spec` (checked unless `unchecked`: a template without its model). */
export async function createWithSpec(
  deps: ActionDeps,
  input: { workspaceId: string; name: string; description: string; spec: SpecBody; createdBy: string },
  unchecked = false,
): Promise<Evaluator> {
  const { stored, secret } = splitSecret(input.spec);
  if (!unchecked) await checkSpec(deps, input.workspaceId, stored);
  const created = await createEvaluator(deps.sql, { ...input, spec: stored });
  if (created === undefined)
    throw new AppError('conflict', `an evaluator named "${input.name}" already exists`);
  if (typeof secret !== 'string') return created;
  return saveDraft(
    deps.sql,
    input.workspaceId,
    created.id,
    stored,
    sealed(deps, input.workspaceId, created.id, secret),
  );
}

/** Replaces the draft, checked by its runtime. */
export async function saveDraftSpec(
  deps: ActionDeps,
  workspaceId: string,
  id: string,
  spec: SpecBody,
): Promise<Evaluator> {
  await evaluatorById(deps.sql, workspaceId, id);
  const { stored, secret } = splitSecret(spec);
  await checkSpec(deps, workspaceId, stored);
  return saveDraft(deps.sql, workspaceId, id, stored, sealed(deps, workspaceId, id, secret));
}

/** A run of a version of an evaluator. */
export const versionRun = (
  evaluator: Evaluator,
  version: EvaluatorVersion,
  input: InputBody,
  judged: RunRequest['judged'],
  createdBy: string,
): RunRequest => ({
  workspaceId: evaluator.workspaceId,
  evaluatorId: evaluator.id,
  versionId: version.id,
  name: evaluator.name,
  spec: version.spec,
  secret: version.secret === null ? undefined : { sealed: version.secret },
  input,
  judged,
  createdBy,
});
