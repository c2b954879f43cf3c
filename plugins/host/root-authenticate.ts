import { AsyncLocalStorage } from 'node:async_hooks';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { requireScope } from '../../core/access/authenticator';
import type { Authenticate } from '../../core/access/principal';
import type { RootAuthenticate } from '../sdk/plugin';

/** The client address of the root-route request being handled, for the authenticator's failure limit. */
const requestAddress = new AsyncLocalStorage<string | undefined>();

const addressOf = (c: Context): string | undefined => {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
};

/** Runs the rest of a root route with its client address known to `rootAuthenticate`. */
export const withClientAddress: MiddlewareHandler = (c, next) => requestAddress.run(addressOf(c), next);

/**
 * The authentication root routes get: the API's own authenticator (keys, sessions, keyless loopback, failure
 * limits per client address) plus the scope check; failures throw the AppError the API maps to 401/403/429.
 */
export const rootAuthenticate =
  (authenticate: Authenticate): RootAuthenticate =>
  async (header, scope) => {
    const principal = await authenticate({ header, address: requestAddress.getStore() });
    const allowed = principal.ok ? requireScope(principal.value, scope) : principal;
    if (!allowed.ok) throw allowed.error;
    return allowed.value;
  };
