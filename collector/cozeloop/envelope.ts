import type { IncomingMessage, ServerResponse } from 'node:http';
import { requireScope } from '../../core/access/authenticator';
import type { Authenticate, Principal } from '../../core/access/principal';
import type { AppError } from '../../core/app-error';
import { statusOf } from '../../core/app-error-status';
import type { Result } from '../../core/result';
import type { Scope } from '../../schemas/access';
import { discardBody } from '../discard-body';
import type { CozeloopEnvelope } from '../../schemas/cozeloop-ingest';
import { sdkHeaders } from '../../core/access/credentials';

/** Writes a Cozeloop answer envelope as JSON. */
export function sendEnvelope(
  res: ServerResponse,
  status: number,
  body: CozeloopEnvelope & { data?: unknown },
  retryAfter?: number,
) {
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  };
  if (retryAfter !== undefined) headers['retry-after'] = retryAfter;
  res.writeHead(status, headers).end(text);
}

/**
 * Business errors (a body that does not parse) are HTTP 200 with a non-zero `code`, as Cozeloop answers them;
 * authentication, permission, size and overload keep their HTTP status so the SDKs' retry logic sees them.
 */
export function failEnvelope(res: ServerResponse, e: AppError) {
  const { http } = statusOf[e.kind];
  sendEnvelope(
    res,
    e.kind === 'invalid_argument' ? 200 : http,
    { code: http, msg: e.message },
    e.retryAfterSeconds,
  );
}

/** The caller of a `/v1/loop/*` request with `scope`: the SDKs send `Authorization: Bearer <token>`. */
export async function authenticateLoop(
  req: IncomingMessage,
  authenticate: Authenticate,
  scope: Scope,
): Promise<Result<Principal>> {
  const principal = await authenticate({
    header: sdkHeaders(req.headers),
    address: req.socket.remoteAddress,
  });
  return principal.ok ? requireScope(principal.value, scope) : principal;
}

/**
 * The common start of a `/v1/loop/*` upload: POST only (405 otherwise), then the caller with `scope`. Answers
 * the refusal itself (draining the body) and gives undefined, or gives the principal.
 */
export async function admitLoopPost(
  req: IncomingMessage,
  res: ServerResponse,
  authenticate: Authenticate,
  scope: Scope,
): Promise<Principal | undefined> {
  if (req.method !== 'POST') {
    discardBody(req, res);
    res.writeHead(405, { allow: 'POST' }).end();
    return undefined;
  }
  const allowed = await authenticateLoop(req, authenticate, scope);
  if (allowed.ok) return allowed.value;
  discardBody(req, res);
  failEnvelope(res, allowed.error);
  return undefined;
}
