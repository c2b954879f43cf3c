import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../../core/app-error';
import { EvaluationRunBody, EvaluatorName } from '../../schemas/plugin-view';
import { jsonBody, parse } from '../prompts/request-input';
import type { PluginContext, PluginEnv } from '../sdk/index';

const MAX_EVALUATION_BODY = 1024 * 1024;

/**
 * `POST /api/v1/evaluators/{name}/run`: an evaluator a plugin contributes, run on a stored span through the host
 * (PluginContext.evaluators.runOnSpan), which writes the evaluation span into the judged trace as that plugin.
 */
export function pluginRunRoute(app: Hono<PluginEnv>, evaluators: PluginContext['evaluators']): void {
  const limit = bodyLimit({
    maxSize: MAX_EVALUATION_BODY,
    onError: () => {
      throw new AppError('too_large', 'the body is larger than 1 MiB');
    },
  });
  app.post('/:name/run', limit, async (c) => {
    const name = parse(EvaluatorName, c.req.param('name'), 'evaluator name');
    const body = await jsonBody(c, EvaluationRunBody);
    return c.json(await evaluators.runOnSpan(c.get('workspaceId'), name, body));
  });
}
