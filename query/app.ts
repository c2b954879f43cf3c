import { Hono } from 'hono';
import type { Logger } from '../core/logger';
import { errorHandler } from './error-response';
import { traceRoutes, type TraceRoutesDeps } from './trace-routes';

export interface ApiDeps extends TraceRoutesDeps {
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
  return app;
}
