import type { Role, Scope } from '../../schemas/access';
import type { Result } from '../result';

/** Who a request acts for, resolved once per request; every store call is scoped by its workspace. */
export interface Principal {
  workspaceId: string;
  /** The workspace's span retention in days (0 = forever), stamped on what this principal ingests. */
  retentionDays: number;
  scopes: readonly Scope[];
  subject:
    { kind: 'key'; keyId: string } | { kind: 'user'; userId: string; role: Role } | { kind: 'anonymous' };
}

/** Reads one request header (case-insensitive name); the receivers and the API each adapt theirs. */
export type HeaderLookup = (name: string) => string | undefined;

export interface AuthRequest {
  header: HeaderLookup;
  /** The client's address, for rate limiting failed attempts. */
  address?: string | undefined;
}

/** Resolves a request's credentials to a principal: 401 (unauthenticated), 403 or 429 as a value. */
export type Authenticate = (request: AuthRequest) => Promise<Result<Principal>>;
