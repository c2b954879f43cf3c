import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { requireScope } from '../core/access/authenticator';
import type { Authenticate, Principal } from '../core/access/principal';
import type { Scope } from '../schemas/access';

/** What the auth middleware hands every route: the caller and the workspace it acts in. */
export interface WorkspaceEnv {
  Variables: { workspaceId: string; principal: Principal };
}

/** The client's address, for rate limiting; app.request() in tests has no socket, a served request has one. */
export const clientAddress = (c: Context): string | undefined => {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
};

/**
 * Authenticates each request and sets `workspaceId` and `principal`; with `scope` (a scope, or the one the request
 * needs), a caller without it gets 403. Failures throw the AppError, so the API's error handler answers 401/403/429.
 */
export const authenticated =
  (authenticate: Authenticate, scope?: Scope | ((c: Context) => Scope)): MiddlewareHandler<WorkspaceEnv> =>
  async (c, next) => {
    const principal = await authenticate({ header: (name) => c.req.header(name), address: clientAddress(c) });
    const needed = typeof scope === 'function' ? scope(c) : scope;
    const allowed = principal.ok && needed !== undefined ? requireScope(principal.value, needed) : principal;
    if (!allowed.ok) throw allowed.error;
    c.set('principal', allowed.value);
    c.set('workspaceId', allowed.value.workspaceId);
    await next();
  };

/** Acts as one fixed principal: route tests that are not about authentication. */
export const fixedWorkspace =
  (workspaceId: string): MiddlewareHandler<WorkspaceEnv> =>
  async (c, next) => {
    c.set('principal', {
      workspaceId,
      retentionDays: 0,
      scopes: ['ingest', 'read', 'write', 'run', 'admin'],
      subject: { kind: 'anonymous' },
    });
    c.set('workspaceId', workspaceId);
    await next();
  };
