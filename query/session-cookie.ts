import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { SESSION_COOKIE } from '../core/access/credentials';
import { createSession } from '../core/access/sessions';
import type { MetadataStore } from '../core/metadata/types';

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

/** Console sessions last a week unless configured otherwise. */
export const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;

/** Opens a console session for `userId` and sets its cookie (login, and accepting an invitation as a new user). */
export async function startSession(
  c: Context,
  metadata: MetadataStore,
  userId: string,
  expiresAt: Date,
): Promise<{ expiresAt: Date }> {
  const session = await createSession(metadata, userId, expiresAt);
  setCookie(c, SESSION_COOKIE, session.token, {
    httpOnly: true,
    secure: sessionCookieSecure(c),
    sameSite: 'Strict',
    path: '/',
    expires: session.expiresAt,
  });
  return session;
}
