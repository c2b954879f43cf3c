import { Hono, type Context } from 'hono';
import { requiredScope } from '../core/access/permissions';
import type { DeclaredScope } from '../core/access/route-scopes';
import type { Logger } from '../core/logger';
import type { OpenApiContribution } from '../schemas/openapi-operation';
import { accessRoutes, type AccessRoutesDeps } from './access-routes';
import { authenticated, type WorkspaceEnv } from './auth-middleware';
import { consoleStatic, type ConsoleStaticOptions } from './console-static';
import { crossSiteGuard } from './cross-site-guard';
import { errorHandler } from './error-response';
import { fileRoutes, type FileRoutesDeps } from './file-routes';
import { healthRoutes, type HealthRoutesDeps } from './health-routes';
import { jaegerRoutes, type JaegerRoutesDeps } from './jaeger';
import { metricsRoutes, type MetricsRoutesDeps } from './metrics';
import { modelRoutes, type ModelRoutesDeps } from './model-routes';
import { openApiRoutes } from './openapi';
import { pluginRoutes, type PluginRoutesDeps } from './plugin-routes';
import { prometheusRoutes, type PrometheusRoutesDeps } from './prometheus';
import { apiDeclaredScope } from './route-scopes';
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
    AccessRoutesDeps,
    ModelRoutesDeps,
    FileRoutesDeps,
    PluginRoutesDeps,
    Pick<HealthRoutesDeps, 'ready'>,
    // Tempo reads traces through the same store as /api/v1 (spans is declared there).
    Omit<TempoRoutesDeps, 'spans'> {
  logger: Logger;
  /** Adds routes behind the API's authentication (plugins under /api/v1/<name>); called after the API's own. */
  mount?: (app: Hono<WorkspaceEnv>) => void;
  /** Adds routes at fixed paths before the API's authentication: they authenticate themselves. */
  mountRoot?: (app: Hono<WorkspaceEnv>) => void;
  /** Scopes the routes added by `mount` declare (the plugins' `run` routes); others need read or write by method. */
  declaredScope?: DeclaredScope;
  /** Operations documented beside the API's own (the plugins'); read when the document is first asked for. */
  openApi?: () => readonly OpenApiContribution[];
  /** The built web console, served at / after every API route. */
  console?: ConsoleStaticOptions;
}

/** The query role's HTTP API: health and the OpenAPI document are open, everything else authenticates. */
export function createApiApp(deps: ApiDeps): Hono<WorkspaceEnv> {
  const app = new Hono<WorkspaceEnv>();
  app.onError(errorHandler(deps.logger));
  app.notFound((c) => c.json({ error: { code: 'not_found', message: `no route ${c.req.path}` } }, 404));
  // First: no route may change anything for a cross-site page that rides on the session cookie.
  app.use('*', crossSiteGuard);
  app.route('/', healthRoutes(deps));
  app.route('/api/v1', openApiRoutes(deps.openApi));
  app.route('/api/v1', accessRoutes(deps));
  deps.mountRoot?.(app);
  // Registered after the open routes above, so it runs for every later route: none can miss its workspace.
  // One rule for every later route: its declared scope, else read to look and write to change.
  const scopeOf = (c: Context) =>
    requiredScope(
      c.req.method,
      apiDeclaredScope(c.req.method, c.req.path) ?? deps.declaredScope?.(c.req.method, c.req.path),
    );
  app.use('/api/v1/*', authenticated(deps.authenticate, scopeOf));
  const read = authenticated(deps.authenticate, 'read');
  for (const path of ['/jaeger/*', '/tempo/*', '/metrics']) app.use(path, read);
  app.route('/api/v1', traceRoutes(deps));
  app.route('/api/v1', sessionRoutes(deps));
  app.route('/api/v1', metricsRoutes(deps));
  app.route('/api/v1', modelRoutes(deps));
  app.route('/api/v1', fileRoutes(deps));
  app.route('/jaeger', jaegerRoutes(deps));
  app.route('/tempo', tempoRoutes(deps));
  app.route('/', prometheusRoutes(deps));
  app.route('/api/v1', pluginRoutes(deps));
  deps.mount?.(app);
  // Last: it never answers a path an API route or a plugin claims.
  if (deps.console) app.get('*', consoleStatic(deps.console));
  return app;
}
