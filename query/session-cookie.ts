import type { Context } from 'hono';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether the session cookie may carry `Secure`: browsers drop a Secure cookie set over plain HTTP (loopback
 * excepted), so a console opened at `http://<lan address>` could never log in. Secure over HTTPS (directly or
 * behind a proxy saying `X-Forwarded-Proto: https`) and on loopback; not on plain HTTP elsewhere.
 */
export function sessionCookieSecure(c: Context): boolean {
  const url = new URL(c.req.url);
  const forwarded = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
  if (url.protocol === 'https:' || forwarded === 'https') return true;
  const host = (c.req.header('host') ?? url.host).toLowerCase().replace(/:\d+$/, '');
  return LOOPBACK_HOSTS.has(host);
}
