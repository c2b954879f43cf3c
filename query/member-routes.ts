import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../core/access/credentials';
import type { FailureLimiter } from '../core/access/failure-limiter';
import { changeMemberRole, removeMember, setPassword } from '../core/access/members';
import { hashPassword, verifyPassword } from '../core/access/password';
import type { Authenticate, Principal } from '../core/access/principal';
import { sessionUser } from '../core/access/sessions';
import { listMembers, userById } from '../core/access/users';
import { AppError } from '../core/app-error';
import type { MetadataStore } from '../core/metadata/types';
import type { Result } from '../core/result';
import { ChangePasswordBody, UpdateMemberBody, type MemberView, type Role } from '../schemas/access';
import { authenticated, clientAddress, type WorkspaceEnv } from './auth-middleware';
import { jsonBody } from './json-body';

export interface MemberRoutesDeps {
  metadata: MetadataStore;
  authenticate: Authenticate;
  /** Wrong current passwords count like failed logins. */
  loginLimiter: FailureLimiter;
  /** Epoch milliseconds; defaults to the system clock. */
  now?: () => number;
}

const body = jsonBody;

// Member and password bodies are a few fields; anything larger is refused before it is read.
const smallBody = bodyLimit({
  maxSize: 64 * 1024,
  onError: () => {
    throw new AppError('too_large', 'the body is larger than 64 KiB');
  },
});

// An admin-scope key has no role of its own; it acts with an admin's powers, never an owner's.
const actorRole = (p: Principal): Role => (p.subject.kind === 'user' ? p.subject.role : 'admin');

const unwrap = <T>(r: Result<T>): T => {
  if (!r.ok) throw r.error;
  return r.value;
};

/** Workspace members (admin scope, role rules in core/access/members) and the logged-in user's password. */
export const memberRoutes = (deps: MemberRoutesDeps) => {
  const now = () => new Date((deps.now ?? Date.now)());
  const admin = authenticated(deps.authenticate, 'admin');

  return new Hono<WorkspaceEnv>()
    .post('/me/password', smallBody, async (c) => {
      const address = clientAddress(c) ?? 'unknown';
      const wait = deps.loginLimiter.retryAfter(address, now().getTime());
      if (wait !== undefined) throw new AppError('rate_limited', 'too many failed password checks', wait);
      // Read the session directly: a password belongs to the user, whatever workspace it is a member of.
      const token = getCookie(c, SESSION_COOKIE);
      const userId = token === undefined ? undefined : await sessionUser(deps.metadata, token, now());
      if (token === undefined || userId === undefined)
        throw new AppError('unauthenticated', 'log in to change your password');
      const input = await body(c, ChangePasswordBody);
      const user = await userById(deps.metadata, userId);
      const valid =
        user?.passwordHash != null && (await verifyPassword(input.currentPassword, user.passwordHash));
      if (!valid) {
        deps.loginLimiter.fail(address, now().getTime());
        throw new AppError('permission_denied', 'the current password is wrong');
      }
      await setPassword(deps.metadata, userId, await hashPassword(input.newPassword), token);
      return c.body(null, 204);
    })
    .get('/workspace/members', admin, async (c) => {
      const members: MemberView[] = await listMembers(deps.metadata, c.get('workspaceId'));
      return c.json({ members });
    })
    .patch('/workspace/members/:userId', admin, smallBody, async (c) => {
      const input = await body(c, UpdateMemberBody);
      const member = unwrap(
        await changeMemberRole(
          deps.metadata,
          c.get('workspaceId'),
          actorRole(c.get('principal')),
          c.req.param('userId'),
          input.role,
        ),
      );
      return c.json(member satisfies MemberView);
    })
    .delete('/workspace/members/:userId', admin, async (c) => {
      unwrap(
        await removeMember(
          deps.metadata,
          c.get('workspaceId'),
          actorRole(c.get('principal')),
          c.req.param('userId'),
        ),
      );
      return c.body(null, 204);
    });
};
