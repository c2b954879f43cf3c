import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticate, Principal } from '../../core/access/principal';
import { AppError } from '../../core/app-error';
import { isJsonMediaType, parseJsonText } from '../../core/json-request';
import type { Logger } from '../../core/logger';
import { err, ok, type Result } from '../../core/result';
import { withoutNulls } from '../../schemas/cozeloop-json';
import { CozeloopIngestRequest } from '../../schemas/cozeloop-ingest';
import type { DecodedIngest } from '../otlp-ingest';
import { discardBody } from '../discard-body';
import { readBodyWithLimit } from '../otlp/gzip-limit';
import { admitLoopPost, failEnvelope as fail, sendEnvelope as send } from './envelope';
import { cozeloopToExportRequest } from './input-span';

export interface CozeloopIngestOptions {
  ingest: DecodedIngest;
  authenticate: Authenticate;
  /** Cozeloop's server takes 20 MB bodies; the SDKs send 100 spans or 4 MB. */
  maxRequestBytes: number;
  logger: Logger;
}

function parseBody(body: Buffer, principal: Principal): Result<CozeloopIngestRequest> {
  const json = parseJsonText(body.toString('utf8'));
  if (!json.ok) return json;
  const parsed = CozeloopIngestRequest.safeParse(withoutNulls(json.value));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return err(
      new AppError('invalid_argument', `${issue?.path.join('.') ?? 'body'}: ${issue?.message ?? ''}`),
    );
  }
  const foreign = parsed.data.spans.find((s) => s.workspace_id && s.workspace_id !== principal.workspaceId);
  if (foreign !== undefined)
    return err(
      new AppError(
        'permission_denied',
        `workspace_id ${JSON.stringify(foreign.workspace_id)} is not the workspace of this key (${principal.workspaceId})`,
      ),
    );
  return ok(parsed.data);
}

/** `POST /v1/loop/traces/ingest`: the Cozeloop SDKs' span upload, stored like any OTLP span. */
export function createCozeloopIngestHandler(opts: CozeloopIngestOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const principal = await admitLoopPost(req, res, opts.authenticate, 'ingest');
    if (principal === undefined) return;
    if (!isJsonMediaType(req.headers['content-type'])) {
      discardBody(req, res);
      return fail(res, new AppError('unsupported_media_type', 'the body must be application/json'));
    }
    const body = await readBodyWithLimit(req, opts.maxRequestBytes, req.headers['content-encoding']);
    if (!body.ok) {
      discardBody(req, res);
      return fail(res, body.error);
    }
    const request = parseBody(body.value, principal);
    if (!request.ok) return fail(res, request.error);
    const outcome = await opts.ingest(principal, cozeloopToExportRequest(request.value), 'cozeloop');
    if (!outcome.ok) return fail(res, outcome.error);
    // Cozeloop drops invalid spans silently; Spanloop says how many it refused and why, still with code 0.
    send(res, 200, { code: 0, msg: outcome.value?.errorMessage ?? '' });
  };
}
