import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie } from 'hono/cookie';
import { apiKeyById, createApiKey, listApiKeys, revokeApiKey } from '../core/access/api-keys';
import { SESSION_COOKIE } from '../core/access/credentials';
import type { FailureLimiter } from '../core/access/failure-limiter';
import { verifyPassword } from '../core/access/password';
import type { Authenticate } from '../core/access/principal';
import { endSession, sessionUser } from '../core/access/sessions';
import { setMember, userByEmail, userById } from '../core/access/users';
import { createWorkspace, setRetention, workspaceById, workspacesOfUser } from '../core/access/workspaces';
import { AppError } from '../core/app-error';
import type { MetadataStore } from '../core/metadata/types';
import {
  CreateApiKeyBody,
  CreateWorkspaceBody,
  LoginBody,
  UpdateWorkspaceBody,
  type CreatedApiKeyView,
} from '../schemas/access';
import { SESSION_TTL_MS, sessionCookieSecure, startSession } from './session-cookie';
import { authenticated, clientAddress, type WorkspaceEnv } from './auth-middleware';
import { toApiKeyView, toWorkspaceView } from './access-views';
import { jsonBody } from './json-body';
import { invitationRoutes } from './invitation-routes';
import { memberRoutes } from './member-routes';

export interface AccessRoutesDeps {
  metadata: MetadataStore;
  authenticate: Authenticate;
  /** Counts failed logins per client address, like failed key checks. */
  loginLimiter: FailureLimiter;
  /** Console session lifetime (7 days). */
  sessionTtlMs?: number;
  /** Who may create workspaces through the API: instance administrators (default) or every logged-in user. */
  workspaceCreation?: 'admins' | 'everyone';
  /** Epoch milliseconds; defaults to the system clock. */
  now?: () => number;
}

const body = jsonBody;

// Access bodies are a few fields; anything larger is refused before it is read.
const smallBody = bodyLimit({
  maxSize: 64 * 1024,
  onError: () => {
    throw new AppError('too_large', 'the body is larger than 64 KiB');
  },
});

/** Login, workspaces and API keys under /api/v1; each route authenticates itself with the scope it needs. */
export const accessRoutes = (deps: AccessRoutesDeps) => {
  const now = () => new Date((deps.now ?? Date.now)());
  const caller = authenticated(deps.authenticate);
  const admin = authenticated(deps.authenticate, 'admin');
  const reader = authenticated(deps.authenticate, 'read');
  const currentWorkspace = async (c: Context<WorkspaceEnv>) => {
    const w = await workspaceById(deps.metadata, c.get('workspaceId'));
    if (w === undefined) throw new AppError('not_found', 'workspace not found');
    return w;
  };

  return new Hono<WorkspaceEnv>()
    .post('/auth/login', smallBody, async (c) => {
      const address = clientAddress(c) ?? 'unknown';
      const wait = deps.loginLimiter.retryAfter(address, now().getTime());
      if (wait !== undefined) throw new AppError('rate_limited', 'too many failed logins', wait);
      const login = await body(c, LoginBody);
      const user = await userByEmail(deps.metadata, login.email);
      const valid = user?.passwordHash != null && (await verifyPassword(login.password, user.passwordHash));
      if (!valid || user === undefined) {
        deps.loginLimiter.fail(address, now().getTime());
        throw new AppError('unauthenticated', 'wrong email or password');
      }
      const session = await startSession(
        c,
        deps.metadata,
        user.id,
        new Date(now().getTime() + (deps.sessionTtlMs ?? SESSION_TTL_MS)),
      );
      return c.json({ user: { id: user.id, email: user.email }, expiresAt: session.expiresAt.toISOString() });
    })
    .post('/auth/logout', async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      if (token !== undefined) await endSession(deps.metadata, token);
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: sessionCookieSecure(c) });
      return c.body(null, 204);
    })
    .get('/me', caller, (c) => {
      const p = c.get('principal');
      return c.json({
        workspaceId: p.workspaceId,
        scopes: p.scopes,
        kind: p.subject.kind,
        ...(p.subject.kind === 'user' ? { userId: p.subject.userId, role: p.subject.role } : {}),
      });
    })
    .get(
      '/workspaces',
      // A logged-in user lists its workspaces even when the default one (or the one named) is not among them.
      async (c, next) => {
        const keyed = c.req.header('authorization') !== undefined || c.req.header('x-api-key') !== undefined;
        const token = keyed ? undefined : getCookie(c, SESSION_COOKIE);
        const userId = token === undefined ? undefined : await sessionUser(deps.metadata, token, now());
        if (userId === undefined) return next();
        return c.json({ workspaces: (await workspacesOfUser(deps.metadata, userId)).map(toWorkspaceView) });
      },
      caller,
      async (c) => {
        const p = c.get('principal');
        const list =
          p.subject.kind === 'user'
            ? await workspacesOfUser(deps.metadata, p.subject.userId)
            : [await currentWorkspace(c)];
        return c.json({ workspaces: list.map(toWorkspaceView) });
      },
    )
    .post('/workspaces', caller, smallBody, async (c) => {
      const p = c.get('principal');
      if (p.subject.kind !== 'user')
        throw new AppError('permission_denied', 'workspaces are created by a logged-in user or the CLI');
      const { userId } = p.subject;
      if (
        (deps.workspaceCreation ?? 'admins') === 'admins' &&
        !(await userById(deps.metadata, userId))?.instanceAdmin
      )
        throw new AppError('permission_denied', 'only instance administrators create workspaces here');
      const input = await body(c, CreateWorkspaceBody);
      const created = await deps.metadata.transaction(async (tx) => {
        const w = await createWorkspace(tx, {
          name: input.name,
          ...(input.retentionDays === undefined ? {} : { retentionDays: input.retentionDays }),
        });
        if (w !== undefined) await setMember(tx, w.id, userId, 'owner');
        return w;
      });
      if (created === undefined) throw new AppError('conflict', `workspace "${input.name}" exists`);
      return c.json(toWorkspaceView(created), 201);
    })
    .get('/workspace', reader, async (c) => c.json(toWorkspaceView(await currentWorkspace(c))))
    .patch('/workspace', admin, smallBody, async (c) => {
      const input = await body(c, UpdateWorkspaceBody);
      if (!(await setRetention(deps.metadata, c.get('workspaceId'), input.retentionDays)))
        throw new AppError('not_found', 'workspace not found');
      return c.json(toWorkspaceView(await currentWorkspace(c)));
    })
    .get('/keys', admin, async (c) =>
      c.json({ keys: (await listApiKeys(deps.metadata, c.get('workspaceId'))).map(toApiKeyView) }),
    )
    .post('/keys', admin, smallBody, async (c) => {
      const input = await body(c, CreateApiKeyBody);
      const expiresAt = input.expiresAt === undefined ? undefined : new Date(input.expiresAt);
      if (expiresAt !== undefined && expiresAt.getTime() <= now().getTime())
        throw new AppError('invalid_argument', 'expiresAt must be in the future');
      const p = c.get('principal');
      const { key, secret } = await createApiKey(deps.metadata, {
        workspaceId: c.get('workspaceId'),
        name: input.name,
        scopes: input.scopes,
        ...(expiresAt === undefined ? {} : { expiresAt }),
        ...(p.subject.kind === 'user' ? { createdBy: p.subject.userId } : {}),
      });
      c.header('cache-control', 'no-store');
      return c.json({ ...toApiKeyView(key), secret } satisfies CreatedApiKeyView, 201);
    })
    .delete('/keys/:keyId', admin, async (c) => {
      const workspaceId = c.get('workspaceId');
      const id = c.req.param('keyId');
      // Scoped by the caller's workspace: another workspace's key id is simply not found.
      if (!(await revokeApiKey(deps.metadata, workspaceId, id)))
        throw new AppError('not_found', 'key not found');
      const key = await apiKeyById(deps.metadata, workspaceId, id);
      if (key === undefined) throw new AppError('not_found', 'key not found');
      return c.json(toApiKeyView(key));
    })
    .route('/', memberRoutes(deps))
    .route('/', invitationRoutes(deps));
};
