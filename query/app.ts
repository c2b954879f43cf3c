import { Hono } from 'hono';
import type { Logger } from '../core/logger';
import { errorHandler } from './error-response';
import { healthRoutes, type HealthRoutesDeps } from './health-routes';
import { jaegerRoutes, type JaegerRoutesDeps } from './jaeger';
import { metricsRoutes, type MetricsRoutesDeps } from './metrics';
import { openApiRoutes } from './openapi';
import { prometheusRoutes, type PrometheusRoutesDeps } from './prometheus';
import { sessionRoutes, type SessionRoutesDeps } from './sessions';
import { tempoRoutes, type TempoRoutesDeps } from './tempo';
import { traceRoutes, type TraceRoutesDeps } from './trace-routes';

export interface ApiDeps
  extends
    TraceRoutesDeps,
    JaegerRoutesDeps,
    SessionRoutesDeps,
    MetricsRoutesDeps,
    PrometheusRoutesDeps,
    Pick<HealthRoutesDeps, 'ready'>,
    // Tempo reads traces through the same store as /api/v1 (spans is declared there).
    Omit<TempoRoutesDeps, 'spans'> {
  logger: Logger;
}

/** The query role's HTTP API. */
export function createApiApp(deps: ApiDeps): Hono {
  const app = new Hono();
  app.onError(errorHandler(deps.logger));
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route ${c.req.path}` } }, 404));
  app.route('/', healthRoutes(deps));
  app.route('/api/v1', traceRoutes(deps));
  app.route('/api/v1', sessionRoutes(deps));
  app.route('/api/v1', metricsRoutes(deps));
  app.route('/api/v1', openApiRoutes());
  app.route('/jaeger', jaegerRoutes(deps));
  app.route('/tempo', tempoRoutes(deps));
  app.route('/', prometheusRoutes(deps));
  return app;
}
