import { AppError } from '../app-error';
import { err, ok, type Result } from '../result';
import type { IncomingHttpHeaders } from 'node:http';
import type { HeaderLookup } from './principal';
import { PUBLIC_KEY_PATTERN, SECRET_KEY_PATTERN } from '../../schemas/access';

export type Credentials =
  | { kind: 'secret'; secret: string }
  | { kind: 'pair'; publicKey: string; secret: string }
  | { kind: 'session'; token: string };

export const SESSION_COOKIE = 'spanloop_session';

/** Headers that name the workspace a request wants; Cozeloop SDKs send the first. */
export const WORKSPACE_HEADERS = ['cozeloop-workspace-id', 'x-spanloop-workspace'] as const;

const MAX_CREDENTIAL_CHARS = 1024;
const SECRET = SECRET_KEY_PATTERN;
const PUBLIC = PUBLIC_KEY_PATTERN;
const SESSION = /^[A-Za-z0-9_-]{43}$/;

const invalid = (message: string) => err(new AppError('unauthenticated', message));

const secretOf = (value: string): Result<Credentials> =>
  SECRET.test(value) ? ok({ kind: 'secret', secret: value }) : invalid('invalid API key');

function fromAuthorization(value: string): Result<Credentials> {
  const space = value.indexOf(' ');
  const scheme = (space < 0 ? value : value.slice(0, space)).toLowerCase();
  const param = space < 0 ? '' : value.slice(space + 1).trim();
  if (scheme === 'bearer') return secretOf(param);
  if (scheme === 'basic') {
    const decoded = /^[A-Za-z0-9+/]+={0,2}$/.test(param) ? Buffer.from(param, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const publicKey = decoded.slice(0, colon);
    const secret = decoded.slice(colon + 1);
    if (colon < 0 || !PUBLIC.test(publicKey) || !SECRET.test(secret))
      return invalid('Basic credentials must be public key:secret key');
    return ok({ kind: 'pair', publicKey, secret });
  }
  return invalid('unsupported authorization scheme: use Bearer or Basic');
}

const sessionCookie = (cookie: string): string | undefined =>
  cookie
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${SESSION_COOKIE}=`))
    ?.slice(SESSION_COOKIE.length + 1);

/**
 * The credentials a request carries: `Authorization: Bearer <secret>`, `x-api-key: <secret>`, `Authorization:
 * Basic base64(public:secret)`, or the console's session cookie. None is ok(undefined); malformed is an error,
 * decided without touching the store.
 */
export function parseCredentials(header: HeaderLookup): Result<Credentials | undefined> {
  const authorization = header('authorization');
  const apiKey = header('x-api-key');
  const cookie = header('cookie');
  for (const v of [authorization, apiKey])
    if (v !== undefined && v.length > MAX_CREDENTIAL_CHARS) return invalid('credentials too long');
  if (authorization !== undefined && apiKey !== undefined)
    return invalid('send either Authorization or x-api-key, not both');
  if (authorization !== undefined) return fromAuthorization(authorization.trim());
  if (apiKey !== undefined) return secretOf(apiKey.trim());
  const token = cookie === undefined ? undefined : sessionCookie(cookie);
  if (token !== undefined)
    return SESSION.test(token) ? ok({ kind: 'session', token }) : invalid('invalid session');
  return ok(undefined);
}

/** The workspace a request names (id or name), if any; too long or empty is malformed. */
export function requestedWorkspace(header: HeaderLookup): Result<string | undefined> {
  for (const name of WORKSPACE_HEADERS) {
    const value = header(name)?.trim();
    if (value === undefined) continue;
    if (value === '' || value.length > 128)
      return err(new AppError('invalid_argument', `malformed ${name} header`));
    return ok(value);
  }
  return ok(undefined);
}

/**
 * The headers of a raw SDK request (OTLP, Cozeloop uploads) without the session cookie: those endpoints take keys
 * only, so a page on another site cannot ride a logged-in console's cookie to them.
 */
export const sdkHeaders =
  (headers: IncomingHttpHeaders): HeaderLookup =>
  (name) => {
    if (name === 'cookie') return undefined;
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
