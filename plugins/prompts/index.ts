import { z } from 'zod';
import { definePlugin, type PluginContext } from '../sdk/index';
import { COZELOOP_COMPONENTS, COZELOOP_OPERATIONS } from './cozeloop-operations';
import { COZELOOP_MANAGE_COMPONENTS, COZELOOP_MANAGE_OPERATIONS } from './cozeloop-manage-operations';
import { cozeloopManageRoutes } from './cozeloop-manage-routes';
import { cozeloopRoutes } from './cozeloop-routes';
import { fetchRoutes } from './fetch-routes';
import { createJinjaRenderer } from './jinja-sandbox';
import { metricsRoutes } from './metrics-routes';
import { promptMigrations } from './migrations';
import { playgroundRoutes } from './playground-routes';
import { promptRoutes } from './prompt-routes';
import { MAX_RENDER_CHARS } from './render';
import { limitBody } from './request-input';
import { MANAGE_OPERATIONS } from './manage-operations';
import { RUN_OPERATIONS } from './run-operations';
import { PROMPT_COMPONENTS } from './view-schemas';

/** `plugins[].options` of the prompts plugin; memory and queues are the sandbox's (SPANLOOP_SANDBOX_*). */
export const PromptsOptions = z
  .object({
    /** Wall time one Jinja2 render may take; the sandbox's timeout when absent. */
    jinjaTimeoutMs: z.number().int().min(50).max(60_000).optional(),
  })
  .default({});

/**
 * The prompts plugin: prompts with drafts, immutable versions, labels and diffs; rendering (mustache-style and
 * Jinja2); a playground traced as `prompt_run` spans; the Cozeloop Prompt Hub and PTaaS endpoints; per-version
 * metrics from the spans that carry a prompt.
 */
export function createPromptsPlugin() {
  // Jinja2 renders run in the host's sandbox (child processes).
  const configure = (ctx: PluginContext) => {
    const options = PromptsOptions.parse(ctx.options ?? undefined);
    const jinja = createJinjaRenderer({
      sandbox: ctx.sandbox,
      ...(options.jinjaTimeoutMs === undefined ? {} : { timeoutMs: options.jinjaTimeoutMs }),
      maxOutputChars: MAX_RENDER_CHARS,
    });
    return { sql: ctx.sql, models: ctx.models, tracer: ctx.tracer, jinja };
  };

  return definePlugin({
    name: 'prompts',
    migrations: { postgres: promptMigrations },
    routes(app, ctx) {
      const deps = configure(ctx);
      app.use('*', limitBody);
      promptRoutes(app, ctx.sql);
      fetchRoutes(app, deps);
      playgroundRoutes(app, deps);
      metricsRoutes(app, { sql: ctx.sql, clickhouse: ctx.clickhouse });
    },
    rootRoutes(app, ctx) {
      cozeloopRoutes(app, { ...configure(ctx), authenticate: ctx.authenticate, logger: ctx.logger });
      cozeloopManageRoutes(app, { sql: ctx.sql, authenticate: ctx.authenticate, logger: ctx.logger });
    },
    openapi: {
      description:
        'Prompts with drafts, immutable versions, labels and diffs; rendering, a traced playground and ' +
        'per-version metrics; and Cozeloop’s Prompt Hub, PTaaS and prompt management endpoints under /v1/loop/prompts',
      components: { ...PROMPT_COMPONENTS, ...COZELOOP_COMPONENTS, ...COZELOOP_MANAGE_COMPONENTS },
      operations: [...MANAGE_OPERATIONS, ...RUN_OPERATIONS],
      rootOperations: [...COZELOOP_OPERATIONS, ...COZELOOP_MANAGE_OPERATIONS],
    },
  });
}

export default createPromptsPlugin();
