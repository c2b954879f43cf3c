import { Hono } from 'hono';
import type { Logger } from '../core/logger';
import { errorHandler } from './error-response';
import { jaegerRoutes, type JaegerRoutesDeps } from './jaeger';
import { metricsRoutes, type MetricsRoutesDeps } from './metrics';
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
    // Tempo reads traces through the same store as /api/v1 (spans is declared there).
    Omit<TempoRoutesDeps, 'spans'> {
  logger: Logger;
  /** Whether the stores answer; drives /readyz. */
  ready: () => Promise<boolean>;
}

/** The query role's HTTP API. */
export function createApiApp(deps: ApiDeps): Hono {
  const app = new Hono();
  app.onError(errorHandler(deps.logger));
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route ${c.req.path}` } }, 404));
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) =>
    (await deps.ready()) ? c.json({ status: 'ready' }) : c.json({ status: 'not ready' }, 503),
  );
  app.route('/api/v1', traceRoutes(deps));
  app.route('/api/v1', sessionRoutes(deps));
  app.route('/api/v1', metricsRoutes(deps));
  app.route('/jaeger', jaegerRoutes(deps));
  app.route('/tempo', tempoRoutes(deps));
  app.route('/', prometheusRoutes(deps));
  return app;
}
