import { EvaluationRunBody, EvaluatorName } from '../../schemas/plugin-view';
import type { ApiOperation } from './operation';

/** The plugin host's own routes under /api/v1 (each plugin's routes live under /api/v1/<name>). */
export const PLUGIN_OPERATIONS: readonly ApiOperation[] = [
  {
    path: '/api/v1/plugins',
    operationId: 'listPlugins',
    tag: 'plugins',
    summary: 'Loaded plugins with their status, routes, span consumers and evaluators',
    description:
      'A plugin that failed to load or start is listed with status `failed` and the reason; its routes answer 503 ' +
      'and the rest of Spanloop runs.',
    response: { description: 'the plugins, in load order', body: 'PluginList' },
    errors: ['401', '403', '429'],
  },
  {
    method: 'post',
    path: '/api/v1/evaluators/{name}/run',
    operationId: 'runEvaluator',
    tag: 'plugins',
    summary: 'Run an evaluator on a stored span',
    description:
      'Needs the `run` scope. The judgement is written back into the judged trace as the span ' +
      '`evaluation <name>` (child of the judged span) with a `gen_ai.evaluation.result` event carrying ' +
      '`gen_ai.evaluation.name`, `gen_ai.evaluation.score.value`, `gen_ai.evaluation.score.label` and ' +
      '`gen_ai.evaluation.explanation`; it is readable through GET /api/v1/traces/{traceId} once this answers.',
    pathParams: { name: EvaluatorName },
    params: {
      name: { description: 'the evaluator, as GET /api/v1/plugins lists it', example: 'contains-keywords' },
    },
    body: EvaluationRunBody,
    response: { description: 'the judgement', body: 'EvaluationRunView' },
    errors: ['400', '401', '403', '404', '429', '503'],
  },
];
