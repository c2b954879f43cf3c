import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../core/app-error';
import { readJsonBody } from '../core/json-request';
import {
  EvaluationRunBody,
  EvaluatorName,
  type EvaluationRunView,
  type PluginList,
} from '../schemas/plugin-view';
import type { WorkspaceEnv } from './auth-middleware';
import { parseRequest } from './error-response';

/** What the API asks of the plugin host (wired in cli/; query/ never imports plugins/). */
export interface PluginsApi {
  list(): PluginList;
  /** Runs an evaluator on a stored span of the workspace and writes the evaluation span. */
  runEvaluator(workspaceId: string, name: string, body: EvaluationRunBody): Promise<EvaluationRunView>;
}

export interface PluginRoutesDeps {
  /** Absent in processes that host no plugins: no plugin is listed and no evaluator exists. */
  plugins?: PluginsApi;
}

const MAX_EVALUATION_BODY = 1024 * 1024;
const limitedBody = bodyLimit({
  maxSize: MAX_EVALUATION_BODY,
  onError: () => {
    throw new AppError('too_large', 'the body is larger than 1 MiB');
  },
});

/** GET /plugins and POST /evaluators/:name/run (mounted under /api/v1, behind authentication). */
export const pluginRoutes = (deps: PluginRoutesDeps) =>
  new Hono<WorkspaceEnv>()
    .get('/plugins', (c) => c.json(deps.plugins?.list() ?? { plugins: [] }))
    .post('/evaluators/:name/run', limitedBody, async (c) => {
      const name = parseRequest(EvaluatorName, c.req.param('name'));
      if (!name.ok) throw name.error;
      const body = parseRequest(EvaluationRunBody, await readJsonBody(c));
      if (!body.ok) throw body.error;
      if (deps.plugins === undefined) throw new AppError('not_found', `no evaluator named ${name.value}`);
      return c.json(await deps.plugins.runEvaluator(c.get('workspaceId'), name.value, body.value));
    });
