import { ModelParams } from '../../schemas/chat';
import { paramValueProblem, type ParamSchema } from '../../schemas/models';
import { AppError } from '../app-error';
import { err, ok, type Result } from '../result';
import { issuesText } from '../zod-issues';

type ParamKey = keyof ModelParams;
const KEYS = new Set<string>(Object.keys(ModelParams.shape));
const StrictParams = ModelParams.strict();

/** The ModelParams key a schema entry names (`max_tokens` and `maxTokens` alike), or undefined for others. */
export const paramKey = (name: string): ParamKey | undefined => {
  const camel = name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return KEYS.has(camel) ? (camel as ParamKey) : undefined;
};

/** Checks parameters against a model's schema; the error names the parameter and the bound it breaks. */
export function checkParams(
  schema: ParamSchema,
  params: ModelParams,
  modelName: string,
): Result<ModelParams> {
  for (const spec of schema) {
    const key = paramKey(spec.name);
    if (key === undefined) continue;
    const value = params[key];
    if (value === undefined) continue;
    const problem = paramValueProblem(spec, value);
    if (problem !== undefined)
      return err(
        new AppError('invalid_argument', `parameter ${spec.name} of model "${modelName}": ${problem}`),
      );
  }
  return ok(params);
}

/** Defaults the schema declares, under ModelParams keys; entries of other names or shapes are left out. */
export function schemaDefaults(schema: ParamSchema): ModelParams {
  const out: Record<string, unknown> = {};
  for (const spec of schema) {
    const key = paramKey(spec.name);
    if (key === undefined || spec.default === undefined) continue;
    if (ModelParams.shape[key].safeParse(spec.default).success) out[key] = spec.default;
  }
  return ModelParams.parse(out);
}

/** Parses a call's parameters (unknown names refused) and checks them against the schema. */
export function parseParams(schema: ParamSchema, params: unknown, modelName: string): Result<ModelParams> {
  const parsed = StrictParams.safeParse(params ?? {});
  if (!parsed.success) return err(new AppError('invalid_argument', `params: ${issuesText(parsed.error)}`));
  return checkParams(schema, parsed.data, modelName);
}

/** What a call sends: schema defaults, then the model's defaults, then the call's own values. */
export function effectiveParams(
  model: { name: string; paramSchema: ParamSchema; defaultParams: ModelParams },
  requested: unknown,
): Result<ModelParams> {
  const own = parseParams(model.paramSchema, requested, model.name);
  if (!own.ok) return own;
  const drop = (p: ModelParams) => Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined));
  return ok({ ...drop(schemaDefaults(model.paramSchema)), ...drop(model.defaultParams), ...drop(own.value) });
}
