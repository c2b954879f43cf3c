import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../core/access/credentials';
import {
  acceptInvitation,
  createInvitation,
  declineInvitation,
  findInvitation,
  invitationsOfEmail,
  listInvitations,
  revokeInvitation,
  type Invitation,
  type InvitationRef,
} from '../core/access/invitations';
import { hashPassword } from '../core/access/password';
import type { Authenticate, Principal } from '../core/access/principal';
import { sessionUser } from '../core/access/sessions';
import { userById, type User } from '../core/access/users';
import { AppError } from '../core/app-error';
import type { MetadataStore } from '../core/metadata/types';
import type { Result } from '../core/result';
import {
  AcceptInvitationBody,
  InviteBody,
  type CreatedInvitationView,
  type InvitationLinkView,
  type InvitationView,
  type Role,
} from '../schemas/access';
import { authenticated, type WorkspaceEnv } from './auth-middleware';
import { parseRequest } from './error-response';
import { readJsonBody } from '../core/json-request';
import { SESSION_TTL_MS, startSession } from './session-cookie';
import type { z } from 'zod';

export interface InvitationRoutesDeps {
  metadata: MetadataStore;
  authenticate: Authenticate;
  /** Console session lifetime (7 days) for an account created by accepting. */
  sessionTtlMs?: number;
  /** Epoch milliseconds; defaults to the system clock. */
  now?: () => number;
}

/** The console page an invitation link opens; the token sits in the fragment, which browsers never send on. */
export const INVITATION_PAGE = '/#/invitation';

const smallBody = bodyLimit({
  maxSize: 64 * 1024,
  onError: () => {
    throw new AppError('too_large', 'the body is larger than 64 KiB');
  },
});

/** An optional JSON body: blank reads as `{}`; anything else follows the shared JSON rules (415, nesting, 400). */
async function optionalBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const parsed = parseRequest(schema, await readJsonBody(c, {}));
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

const unwrap = <T>(r: Result<T>): T => {
  if (!r.ok) throw r.error;
  return r.value;
};

// An admin-scope key has no role of its own; it acts with an admin's powers, never an owner's.
const actorRole = (p: Principal): Role => (p.subject.kind === 'user' ? p.subject.role : 'admin');

export const toInvitationView = (i: Invitation): InvitationView => ({
  id: i.id,
  workspaceId: i.workspaceId,
  workspaceName: i.workspaceName,
  email: i.email,
  role: i.role,
  createdAt: i.createdAt.toISOString(),
  expiresAt: i.expiresAt.toISOString(),
});

/**
 * Invitations: admins invite an email with a role (the link is answered once) and revoke; the invitee, by the
 * link or from its own list, accepts (joining, or creating its account with a password) or declines.
 */
export const invitationRoutes = (deps: InvitationRoutesDeps) => {
  const now = () => new Date((deps.now ?? Date.now)());
  const admin = authenticated(deps.authenticate, 'admin');

  /** The logged-in user, read from the session itself: an invitee need not be a member of any workspace yet. */
  const sessionOf = async (c: Context): Promise<User | undefined> => {
    const token = getCookie(c, SESSION_COOKIE);
    const userId = token === undefined ? undefined : await sessionUser(deps.metadata, token, now());
    return userId === undefined ? undefined : userById(deps.metadata, userId);
  };
  const loggedIn = async (c: Context): Promise<User> => {
    const user = await sessionOf(c);
    if (user === undefined) throw new AppError('unauthenticated', 'log in to see your invitations');
    return user;
  };

  const accept = async (c: Context, ref: InvitationRef) => {
    const input = await optionalBody(c, AcceptInvitationBody);
    const user = await sessionOf(c);
    if (user === undefined && input.password === undefined)
      throw new AppError(
        'unauthenticated',
        'log in as the invitee, or give a password to create the account',
      );
    const by =
      user !== undefined ? { userId: user.id } : { passwordHash: await hashPassword(input.password ?? '') };
    const done = unwrap(await acceptInvitation(deps.metadata, ref, by, now()));
    if (user === undefined) {
      // The new account is logged in at once, as a login would.
      await startSession(
        c,
        deps.metadata,
        done.user.id,
        new Date(now().getTime() + (deps.sessionTtlMs ?? SESSION_TTL_MS)),
      );
    }
    return c.json({
      workspaceId: done.invitation.workspaceId,
      workspaceName: done.invitation.workspaceName,
      role: done.invitation.role,
      user: { id: done.user.id, email: done.user.email },
    });
  };

  return new Hono<WorkspaceEnv>()
    .get('/workspace/invitations', admin, async (c) =>
      c.json({
        invitations: (await listInvitations(deps.metadata, c.get('workspaceId'), now())).map(
          toInvitationView,
        ),
      }),
    )
    .post('/workspace/invitations', admin, smallBody, async (c) => {
      const input = await optionalBody(c, InviteBody);
      const p = c.get('principal');
      const { invitation, token } = unwrap(
        await createInvitation(deps.metadata, {
          workspaceId: c.get('workspaceId'),
          actor: actorRole(p),
          email: input.email,
          role: input.role,
          ...(p.subject.kind === 'user' ? { invitedBy: p.subject.userId } : {}),
          now: now(),
        }),
      );
      c.header('cache-control', 'no-store');
      const path = `${INVITATION_PAGE}?token=${token}`;
      return c.json({ ...toInvitationView(invitation), token, path } satisfies CreatedInvitationView, 201);
    })
    .delete('/workspace/invitations/:invitationId', admin, async (c) => {
      if (!(await revokeInvitation(deps.metadata, c.get('workspaceId'), c.req.param('invitationId'))))
        throw new AppError('not_found', 'invitation not found');
      return c.body(null, 204);
    })
    .get('/invitations/:token', async (c) => {
      const found = unwrap(await findInvitation(deps.metadata, { token: c.req.param('token') }, now()));
      return c.json({
        ...toInvitationView(found.invitation),
        accountExists: found.accountExists,
      } satisfies InvitationLinkView);
    })
    .post('/invitations/:token/accept', smallBody, (c) => accept(c, { token: c.req.param('token') }))
    .post('/invitations/:token/decline', async (c) => {
      if (!(await declineInvitation(deps.metadata, { token: c.req.param('token') })))
        throw new AppError('not_found', 'invitation not found, used or expired');
      return c.body(null, 204);
    })
    .get('/me/invitations', async (c) => {
      const user = await loggedIn(c);
      return c.json({
        invitations: (await invitationsOfEmail(deps.metadata, user.email, now())).map(toInvitationView),
      });
    })
    .post('/me/invitations/:invitationId/accept', smallBody, async (c) => {
      const user = await loggedIn(c);
      return accept(c, { id: c.req.param('invitationId'), email: user.email });
    })
    .post('/me/invitations/:invitationId/decline', async (c) => {
      const user = await loggedIn(c);
      if (!(await declineInvitation(deps.metadata, { id: c.req.param('invitationId'), email: user.email })))
        throw new AppError('not_found', 'invitation not found, used or expired');
      return c.body(null, 204);
    });
};
