import { Hono } from 'hono';
import type { PluginList } from '../schemas/plugin-view';
import type { WorkspaceEnv } from './auth-middleware';

/** What the API asks of the plugin host (wired in cli/; query/ never imports plugins/). */
export interface PluginsApi {
  list(): PluginList;
}

export interface PluginRoutesDeps {
  /** Absent in processes that host no plugins: no plugin is listed. */
  plugins?: PluginsApi;
}

/**
 * GET /plugins (mounted under /api/v1, behind authentication). Running a plugin evaluator on a span
 * (`POST /api/v1/evaluators/{name}/run`) is the evaluators plugin's route.
 */
export const pluginRoutes = (deps: PluginRoutesDeps) =>
  new Hono<WorkspaceEnv>().get('/plugins', (c) => c.json(deps.plugins?.list() ?? { plugins: [] }));
