import { issuesText } from '../../core/zod-issues';
import { z } from 'zod';
import { AppError } from '../../core/app-error';
import { err, ok, type Result } from '../../core/result';
import { EvaluatorName, PluginName } from '../../schemas/plugin-view';
import type { Plugin } from '../sdk/plugin';
import { PluginOpenApiShape } from './openapi-shape';

const fn = z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', 'must be a function');

const Migration = z.object({
  version: z.number().int().positive(),
  name: z.string().min(1),
  statements: z.array(z.string().min(1)).min(1),
});

const unique = (what: string) => (items: readonly { name: string }[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  for (const { name } of items) {
    if (seen.has(name)) ctx.addIssue({ code: 'custom', message: `${what} "${name}" is declared twice` });
    seen.add(name);
  }
};

/** The structure a loaded module's plugin must have: checked before anything of it runs. */
const PluginShape = z.object({
  name: PluginName,
  migrations: z
    .object({
      postgres: z
        .array(Migration)
        .refine(
          (ms) => ms.every((m, i) => i === 0 || m.version > (ms[i - 1]?.version ?? 0)),
          'versions must strictly increase',
        )
        .optional(),
    })
    .optional(),
  routes: fn.optional(),
  rootRoutes: fn.optional(),
  consumers: z
    .array(z.object({ name: EvaluatorName, includeInternal: z.boolean().optional(), handle: fn }))
    .superRefine(unique('consumer'))
    .optional(),
  evaluators: z
    .array(z.object({ name: EvaluatorName, description: z.string(), evaluate: fn }))
    .superRefine(unique('evaluator'))
    .optional(),
  openapi: PluginOpenApiShape.optional(),
  start: fn.optional(),
  stop: fn.optional(),
});

/** Checks a value is a plugin; the error names the source and every problem found. */
export function validatePlugin(value: unknown, source: string): Result<Plugin> {
  const parsed = PluginShape.safeParse(value);
  if (parsed.success) return ok(value as Plugin);
  const named =
    typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string'
      ? ` "${(value as { name: string }).name}"`
      : '';
  return err(
    new AppError('invalid_argument', `plugin${named} from ${source} is invalid: ${issuesText(parsed.error)}`),
  );
}
