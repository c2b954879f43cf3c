import type { EvaluationEngine } from '../../eval-engine/types';
import { limitBody } from '../prompts/request-input';
import { definePlugin, type PluginContext } from '../sdk/index';
import { deliverCallback } from './cozeloop-callback';
import { COZELOOP_EVALUATOR_COMPONENTS, COZELOOP_EVALUATOR_OPERATIONS } from './cozeloop-operations';
import { cozeloopEvaluatorRoutes } from './cozeloop-routes';
import { builtinTemplates, createEngine } from './engine-wiring';
import { evaluatorRoutes } from './evaluator-routes';
import { evaluatorMigrations } from './migrations';
import { pluginRunRoute } from './plugin-run-route';
import { REST_OPERATIONS } from './rest-operations';
import { createRunService, type RunService } from './run-service';
import { EVALUATOR_COMPONENTS } from './view-schemas';

/**
 * The evaluators plugin: evaluators as data (drafts, immutable versions, records with human corrections), run
 * through the evaluation engine (every run a span `evaluation <name>` with a `gen_ai.evaluation.result` event);
 * Spanloop's REST API under /api/v1/evaluators and Cozeloop's evaluator OpenAPI under /v1/loop/evaluation.
 */
export function createEvaluatorsPlugin() {
  const templates = builtinTemplates;
  // routes and rootRoutes of one host share an engine and a run service (keyed by the plugin's tracer, one per
  // host: a process may run several Spanloops, as tests do).
  const wired = new WeakMap<object, { engine: EvaluationEngine; runs: RunService }>();
  const running = new Set<RunService>();
  const wire = (ctx: PluginContext) => {
    const found = wired.get(ctx.tracer);
    if (found !== undefined) return found;
    const engine = createEngine(ctx);
    const runs = createRunService({
      sql: ctx.sql,
      engine,
      spans: ctx.spans,
      secrets: ctx.secrets,
      logger: ctx.logger,
      onFinished: deliverCallback(ctx.egress, ctx.logger),
    });
    wired.set(ctx.tracer, { engine, runs });
    running.add(runs);
    return { engine, runs };
  };

  return definePlugin({
    name: 'evaluators',
    migrations: { postgres: evaluatorMigrations },
    routes(app, ctx) {
      const { engine, runs } = wire(ctx);
      pluginRunRoute(app, ctx.evaluators);
      app.use('*', limitBody);
      evaluatorRoutes(app, { sql: ctx.sql, secrets: ctx.secrets, engine, runs, templates });
    },
    rootRoutes(app, ctx) {
      const { engine, runs } = wire(ctx);
      cozeloopEvaluatorRoutes(app, {
        sql: ctx.sql,
        secrets: ctx.secrets,
        engine,
        runs,
        templates,
        egress: ctx.egress,
        authenticate: ctx.authenticate,
        logger: ctx.logger,
      });
    },
    openapi: {
      description:
        'Evaluators as data: drafts, immutable versions, test runs and runs traced as `evaluation <name>` spans, ' +
        'records with human corrections; plugin evaluators run on stored spans; and Cozeloop’s evaluator ' +
        'OpenAPI under /v1/loop/evaluation',
      components: { ...EVALUATOR_COMPONENTS, ...COZELOOP_EVALUATOR_COMPONENTS },
      operations: REST_OPERATIONS,
      rootOperations: COZELOOP_EVALUATOR_OPERATIONS,
    },
    async stop() {
      await Promise.all([...running].map((runs) => runs.drain()));
    },
  });
}

export default createEvaluatorsPlugin();
