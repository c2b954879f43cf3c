import { z } from 'zod';
import { AppError } from '../../core/app-error';
import { parse } from '../prompts/request-input';
import { checkSpec, versionRun, type ActionDeps } from './evaluator-actions';
import { listEvaluators } from './evaluator-store';
import type { RunRequest } from './run-service';
import { SpecBody, splitSecret, type InputBody, type StoredSpec } from './spec-schema';
import type { EvaluatorTemplate } from './view-schemas';
import { latestVersions } from './version-store';

/** `evaluator_runtime_param.json_value`: the judge's model, or a deterministic built-in's parameters. */
const RuntimeParam = z.record(z.string(), z.unknown());

function paramsOf(json: string | undefined): Record<string, unknown> {
  if (json === undefined || json === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new AppError('invalid_argument', 'evaluator_runtime_param.json_value is not JSON');
  }
  return parse(RuntimeParam, value, 'evaluator_runtime_param.json_value');
}

/**
 * Cozeloop's `evaluators/builtin/run`: by id, a workspace evaluator marked built-in (its latest version, else its
 * draft); by name, a template (`builtin_template_relevance`, the judge's model from `json_value.model_id`) or a
 * deterministic built-in (`exact_match`, its parameters in `json_value`).
 */
export async function builtinRun(
  deps: ActionDeps & { templates: () => readonly EvaluatorTemplate[] },
  req: {
    workspaceId: string;
    id: string | undefined;
    name: string | undefined;
    runtimeParam: string | undefined;
    input: InputBody;
    createdBy: string;
  },
): Promise<RunRequest> {
  if (req.id !== undefined) {
    const [evaluator] = await listEvaluators(deps.sql, req.workspaceId, {
      ids: [req.id],
      builtin: true,
      limit: 1,
    });
    if (evaluator === undefined || (req.name !== undefined && req.name !== evaluator.name))
      throw new AppError('not_found', `built-in evaluator ${req.id} not found`);
    const latest = (await latestVersions(deps.sql, [evaluator.id])).get(evaluator.id);
    if (latest !== undefined) return versionRun(evaluator, latest, req.input, undefined, req.createdBy);
    return {
      workspaceId: req.workspaceId,
      evaluatorId: evaluator.id,
      versionId: null,
      name: evaluator.name,
      spec: evaluator.draft,
      secret: evaluator.draftSecret === null ? undefined : { sealed: evaluator.draftSecret },
      input: req.input,
      judged: undefined,
      createdBy: req.createdBy,
    };
  }
  const name = req.name ?? '';
  const params = paramsOf(req.runtimeParam);
  const template = deps.templates().find((t) => t.key === name);
  let spec: StoredSpec;
  if (template !== undefined) {
    const { stored } = splitSecret(parse(SpecBody, template.spec));
    const modelId = params.model_id;
    spec =
      stored.type === 'prompt' && (typeof modelId === 'string' || typeof modelId === 'number')
        ? { ...stored, model: { ...stored.model, modelId: String(modelId) } }
        : stored;
  } else {
    spec = { type: 'builtin', name, params };
    if (!/^[a-z0-9_.-]{1,64}$/.test(name))
      throw new AppError('not_found', `no built-in evaluator named ${name}`);
  }
  await checkSpec(deps, req.workspaceId, spec);
  return {
    workspaceId: req.workspaceId,
    evaluatorId: null,
    versionId: null,
    name,
    spec,
    secret: undefined,
    input: req.input,
    judged: undefined,
    createdBy: req.createdBy,
  };
}
