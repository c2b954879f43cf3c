import type { Role, Scope } from '../../schemas/access';
import { AppError } from '../app-error';
import type { Logger } from '../logger';
import type { SqlClient } from '../metadata/types';
import { err, ok, type Result } from '../result';
import { apiKeyBySecret, touchApiKey, type ApiKey } from './api-keys';
import { parseCredentials, requestedWorkspace, type Credentials } from './credentials';
import type { FailureLimiter } from './failure-limiter';
import { ROLE_SCOPES } from './permissions';
import type { Authenticate, Principal } from './principal';
import { sessionUser } from './sessions';
import { memberRole } from './users';
import { DEFAULT_WORKSPACE_ID, workspaceById, workspaceByName, type Workspace } from './workspaces';

export interface AuthenticatorOptions {
  sql: SqlClient;
  /** Requests without credentials act in the default workspace with these scopes (loopback only); none = 401. */
  anonymousScopes: readonly Scope[];
  limiter: FailureLimiter;
  /** Refusals are logged with their reason and address, never with the credential. */
  logger?: Logger;
  now?: () => Date;
  /** last_used_at is written at most this often per key, so reads do not turn into writes. */
  touchEveryMs?: number;
}

const unauthenticated = (message: string) => new AppError('unauthenticated', message);
const CREDENTIALS_HELP =
  'credentials required: Authorization: Bearer <secret>, x-api-key, or Basic public:secret';

/** Whether the request named no workspace, or this one (by id or name). */
const names = (w: Workspace, wanted: string | undefined): boolean =>
  wanted === undefined || wanted === w.id || wanted === w.name;

/** A workspace by id or by name; undefined when neither exists. */
const findWorkspace = async (sql: SqlClient, wanted: string): Promise<Workspace | undefined> =>
  (await workspaceById(sql, wanted)) ?? (await workspaceByName(sql, wanted));

const retentionOf = (w: Workspace): number => w.retentionDays ?? 0;

/**
 * API keys, sessions and keyless loopback access. Failed attempts are counted per client address; past the limit
 * wrong credentials from it get 429 for the rest of the window, valid ones still pass.
 */
export function createAuthenticator(opts: AuthenticatorOptions): Authenticate {
  const now = opts.now ?? (() => new Date());
  const touchEveryMs = opts.touchEveryMs ?? 60_000;
  const touched = new Map<string, number>();

  const touch = async (key: ApiKey, at: Date) => {
    const last = touched.get(key.id) ?? key.lastUsedAt?.getTime() ?? 0;
    if (at.getTime() - last < touchEveryMs) return;
    touched.set(key.id, at.getTime());
    await touchApiKey(opts.sql, key.id, at);
  };

  const byKey = async (
    creds: Extract<Credentials, { secret: string }>,
    wanted: string | undefined,
    at: Date,
  ) => {
    const key = await apiKeyBySecret(opts.sql, creds.secret);
    if (key === undefined || (creds.kind === 'pair' && key.publicKey !== creds.publicKey))
      return err(unauthenticated('invalid API key'));
    if (key.revokedAt !== null) return err(unauthenticated('API key revoked'));
    if (key.expiresAt !== null && key.expiresAt.getTime() <= at.getTime())
      return err(unauthenticated('API key expired'));
    const workspace = await workspaceById(opts.sql, key.workspaceId);
    if (workspace === undefined || !names(workspace, wanted))
      return err(new AppError('permission_denied', 'this key does not allow that workspace'));
    await touch(key, at);
    return ok<Principal>({
      workspaceId: workspace.id,
      retentionDays: retentionOf(workspace),
      scopes: key.scopes,
      subject: { kind: 'key', keyId: key.id },
    });
  };

  const bySession = async (
    token: string,
    wanted: string | undefined,
    at: Date,
  ): Promise<Result<Principal>> => {
    const userId = await sessionUser(opts.sql, token, at);
    if (userId === undefined) return err(unauthenticated('session expired; log in again'));
    const workspace = await findWorkspace(opts.sql, wanted ?? DEFAULT_WORKSPACE_ID);
    const role: Role | undefined =
      workspace === undefined ? undefined : await memberRole(opts.sql, workspace.id, userId);
    if (workspace === undefined || role === undefined)
      return err(new AppError('permission_denied', 'not a member of that workspace'));
    return ok({
      workspaceId: workspace.id,
      retentionDays: retentionOf(workspace),
      scopes: ROLE_SCOPES[role],
      subject: { kind: 'user', userId, role },
    });
  };

  const anonymous = async (wanted: string | undefined): Promise<Result<Principal>> => {
    if (opts.anonymousScopes.length === 0) return err(unauthenticated(CREDENTIALS_HELP));
    const workspace = await workspaceById(opts.sql, DEFAULT_WORKSPACE_ID);
    if (workspace === undefined || !names(workspace, wanted))
      return err(unauthenticated(`${CREDENTIALS_HELP} (only the default workspace is open without one)`));
    return ok({
      workspaceId: workspace.id,
      retentionDays: retentionOf(workspace),
      scopes: opts.anonymousScopes,
      subject: { kind: 'anonymous' },
    });
  };

  return async (request) => {
    const address = request.address ?? 'unknown';
    const at = now();
    const wanted = requestedWorkspace(request.header);
    if (!wanted.ok) return wanted;
    const creds = parseCredentials(request.header);
    // Valid keys and sessions (256 random bits, not guessable) pass even from an address that is being throttled,
    // so one client with a wrong key behind a shared collector cannot lock out the others.
    const outcome = !creds.ok
      ? creds
      : creds.value === undefined
        ? await anonymous(wanted.value)
        : creds.value.kind === 'session'
          ? await bySession(creds.value.token, wanted.value, at)
          : await byKey(creds.value, wanted.value, at);
    if (outcome.ok) return outcome;
    opts.logger?.debug('request refused', { reason: outcome.error.message, address });
    // Wrong credentials count towards the limit; missing ones and refused workspaces do not.
    if (outcome.error.kind !== 'unauthenticated' || (creds.ok && creds.value === undefined)) return outcome;
    const wait = opts.limiter.retryAfter(address, at.getTime());
    if (wait !== undefined)
      return err(new AppError('rate_limited', 'too many failed authentication attempts', wait));
    opts.limiter.fail(address, at.getTime());
    if (opts.limiter.retryAfter(address, at.getTime()) !== undefined)
      opts.logger?.warn('too many failed authentications: refusing wrong credentials from this address', {
        address,
      });
    return outcome;
  };
}

/** A principal lacking `scope` gets 403. */
export function requireScope(principal: Principal, scope: Scope): Result<Principal> {
  return principal.scopes.includes(scope)
    ? ok(principal)
    : err(new AppError('permission_denied', `this credential lacks the ${scope} scope`));
}
