import type { Context, MiddlewareHandler } from 'hono';
import { SESSION_COOKIE } from '../core/access/credentials';
import { AppError } from '../core/app-error';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Login, logout and accepting an invitation set or clear the session cookie: guarded even without one. */
const setsSession = (path: string): boolean =>
  path === '/api/v1/auth/login' || path === '/api/v1/auth/logout' || path.startsWith('/api/v1/invitations/');

const first = (value: string | undefined): string | undefined => value?.split(',')[0]?.trim().toLowerCase();

const carriesSession = (c: Context): boolean =>
  (c.req.header('cookie') ?? '').split(';').some((part) => part.trim().startsWith(`${SESSION_COOKIE}=`));

/** Whether a browser says the request came from another site; undefined when it says nothing (not a browser). */
export function crossSite(c: Context): boolean | undefined {
  // Every current browser sends Sec-Fetch-Site; it compares origins as the browser saw them, proxies or not.
  const site = first(c.req.header('sec-fetch-site'));
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  const origin = c.req.header('origin');
  if (origin === undefined) return undefined;
  if (origin === 'null') return true;
  let from: URL;
  try {
    from = new URL(origin);
  } catch {
    return true;
  }
  const url = new URL(c.req.url);
  const host = first(c.req.header('x-forwarded-host')) ?? c.req.header('host')?.toLowerCase() ?? url.host;
  const proto = first(c.req.header('x-forwarded-proto'));
  const defaultPort = (scheme: string) => (scheme === 'https:' ? ':443' : ':80');
  const withPort = (h: string, scheme: string) => (/:\d+$/.test(h) ? h : `${h}${defaultPort(scheme)}`);
  // A TLS-terminating proxy that forwards no X-Forwarded-Proto hides the scheme: then only the host is compared.
  if (proto !== undefined && `${proto}:` !== from.protocol) return true;
  return (
    withPort(from.host, from.protocol) !== withPort(host, proto === undefined ? from.protocol : `${proto}:`)
  );
}

/**
 * Refuses (403) state changes a browser sends from another site with the console's session cookie, and cross-site
 * logins and logouts. Requests with an API key are not cookie-authenticated (a cross-site page cannot set those
 * headers), so they pass whatever their origin.
 */
export const crossSiteGuard: MiddlewareHandler = async (c, next) => {
  if (SAFE_METHODS.has(c.req.method)) return next();
  if (c.req.header('authorization') !== undefined || c.req.header('x-api-key') !== undefined) return next();
  if (!carriesSession(c) && !setsSession(c.req.path)) return next();
  if (crossSite(c) === true)
    throw new AppError('permission_denied', 'cross-site request refused: use the console or an API key');
  return next();
};
