import { Hono, type Context, type MiddlewareHandler, type Next } from 'hono';
import type { RouteScope } from '../../core/access/route-scopes';
import type { Authenticate } from '../../core/access/principal';
import { AppError } from '../../core/app-error';
import type { PluginEnv } from '../sdk/plugin';
import type { PluginMetrics } from './plugin-metrics';
import type { FailPlugin, PluginRecord } from './plugin-record';
import { rootAuthenticate, withClientAddress } from './root-authenticate';

export interface MountDeps {
  metrics: PluginMetrics;
  authenticate: Authenticate;
  fail: FailPlugin;
}

const ensureAvailable = (r: PluginRecord) => {
  if (r.status === 'running') return;
  const why = r.status === 'failed' ? `failed: ${r.error ?? 'unknown error'}` : `is ${r.status}`;
  throw new AppError('unavailable', `plugin ${r.plugin.name} ${why}`);
};

/** Runs the rest of the chain and counts a throw that is a bug (not an AppError) against the plugin. */
const counted = async (r: PluginRecord, c: Pick<Context, 'error'>, next: Next, metrics: PluginMetrics) => {
  await next();
  if (c.error !== undefined && !(c.error instanceof AppError))
    metrics.errors.inc({ plugin: r.plugin.name, where: 'route' });
};

/**
 * The scopes plugin routes declare in their documented operations (`scope`), at their mounted paths; the API's
 * authentication enforces them with its own rule (read to look, write to change) for the rest.
 */
export const pluginRouteScopes = (records: readonly PluginRecord[]): RouteScope[] =>
  records
    .filter((r) => r.mountable && r.plugin.routes !== undefined)
    .flatMap((r) =>
      (r.plugin.openapi?.operations ?? []).flatMap((op) =>
        op.scope === undefined
          ? []
          : [
              {
                method: op.method ?? 'get',
                path: `/api/v1/${r.plugin.name}${op.path === '/' ? '' : op.path}`,
                scope: op.scope,
              },
            ],
      ),
    );

/**
 * Mounts each plugin's `routes` under `/api/v1/<name>`, behind the API's authentication (registered before, it
 * checks the scope: see pluginRouteScopes): a plugin that is not running answers 503, bugs answer 500 and are
 * counted.
 */
export function mountPluginRoutes(app: Hono<PluginEnv>, records: readonly PluginRecord[], deps: MountDeps) {
  for (const r of records) {
    if (!r.mountable || r.plugin.routes === undefined) continue;
    const sub = new Hono<PluginEnv>();
    sub.use('*', async (c, next) => {
      ensureAvailable(r);
      await counted(r, c, next, deps.metrics);
    });
    try {
      r.plugin.routes(sub, r.ctx);
    } catch (e) {
      deps.fail(r, 'routes', e);
    }
    app.route(`/api/v1/${r.plugin.name}`, sub);
  }
}

const isCatchAll = (path: string) => path === '*' || path === '/*';

/**
 * Mounts each plugin's `rootRoutes` at their own paths, before the API's authentication. A plugin whose
 * middleware would catch every path, or that claims a path another plugin serves, fails instead.
 */
export function mountPluginRootRoutes(
  app: Hono<PluginEnv>,
  records: readonly PluginRecord[],
  deps: MountDeps,
) {
  const taken = new Map<string, string>();
  const authenticate = rootAuthenticate(deps.authenticate);
  for (const r of records) {
    if (!r.mountable || r.plugin.rootRoutes === undefined) continue;
    const sub = new Hono();
    try {
      r.plugin.rootRoutes(sub, { ...r.ctx, authenticate });
    } catch (e) {
      deps.fail(r, 'routes', e);
    }
    // A route with middleware (`post(path, limit, handler)`) is one endpoint registered twice.
    const endpoints = [
      ...new Set(sub.routes.filter((x) => x.method !== 'ALL').map((x) => `${x.method} ${x.path}`)),
    ];
    const clash = endpoints.find((e) => taken.has(e));
    if (sub.routes.some((x) => isCatchAll(x.path))) {
      deps.fail(r, 'routes', new Error('rootRoutes may not register handlers or middleware for every path'));
      continue;
    }
    if (clash !== undefined) {
      deps.fail(r, 'routes', new Error(`${clash} is already served by plugin ${taken.get(clash) ?? ''}`));
      continue;
    }
    for (const e of endpoints) taken.set(e, r.plugin.name);
    r.rootPaths = endpoints;
    // A request can match several of the plugin's paths (a route and its middleware): gate it once.
    const gated = new WeakSet<Context>();
    const gate: MiddlewareHandler = async (c, next) => {
      if (gated.has(c)) return next();
      gated.add(c);
      ensureAvailable(r);
      await counted(r, c, async () => void (await withClientAddress(c, next)), deps.metrics);
    };
    for (const path of new Set(sub.routes.map((x) => x.path))) app.use(path, gate);
    app.route('/', sub);
  }
}
