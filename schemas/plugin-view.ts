import { z } from 'zod';

/** A plugin's name: its URL segment under /api/v1, its log scope and its migration owner. */
export const PluginName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'a lower-case letter, then up to 39 lower-case letters, digits or "-"');

/** An evaluator's or a span consumer's name: unique across plugins (evaluators) or within one (consumers). */
export const EvaluatorName = z
  .string()
  .regex(/^[a-z0-9_.-]{1,64}$/, '1 to 64 lower-case letters, digits, "_", "." or "-"');

export const PluginStatus = z
  .enum(['starting', 'running', 'failed', 'stopping', 'stopped'])
  .describe('failed: the plugin could not load or start; its routes answer 503 and `error` says why');
export type PluginStatus = z.output<typeof PluginStatus>;

/** One loaded plugin as `GET /api/v1/plugins` lists it. */
export const PluginView = z.object({
  name: z.string(),
  source: z.string().describe('`builtin`, or the package name or path it was loaded from'),
  status: PluginStatus,
  error: z.string().optional().describe('why the plugin failed'),
  routes: z.string().nullable().describe('the prefix of its authenticated routes, null when it has none'),
  rootRoutes: z.array(z.string()).describe('fixed paths it serves outside /api/v1, as `METHOD /path`'),
  consumers: z.array(z.string()),
  evaluators: z.array(z.object({ name: z.string(), description: z.string() })),
});
export type PluginView = z.output<typeof PluginView>;

export const PluginList = z.object({ plugins: z.array(PluginView) });
export type PluginList = z.output<typeof PluginList>;

/** `POST /api/v1/evaluators/{name}/run`: the stored span to judge and the evaluator's own input. */
export const EvaluationRunBody = z.object({
  traceId: z
    .string()
    .regex(/^[0-9a-fA-F]{32}$/, 'trace id must be 32 hex characters')
    .transform((s) => s.toLowerCase()),
  spanId: z
    .string()
    .regex(/^[0-9a-fA-F]{16}$/, 'span id must be 16 hex characters')
    .transform((s) => s.toLowerCase()),
  fields: z
    .record(z.string(), z.unknown())
    .default({})
    .describe('evaluator-specific input, e.g. keywords or a reference answer'),
});
export type EvaluationRunBody = z.output<typeof EvaluationRunBody>;

/** The judgement, also written to the judged trace as the span `evaluation <evaluator>`. */
export const EvaluationRunView = z.object({
  evaluator: z.string(),
  traceId: z.string().describe('the judged trace, which now holds the evaluation span'),
  spanId: z.string().describe('the judged span: the evaluation span’s parent'),
  evaluationSpanId: z.string(),
  score: z.number().optional(),
  label: z.string().optional(),
  explanation: z.string().optional(),
});
export type EvaluationRunView = z.output<typeof EvaluationRunView>;
