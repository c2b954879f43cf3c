import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { requireScope } from '../core/access/authenticator';
import type { Authenticate } from '../core/access/principal';
import { AppError } from '../core/app-error';
import { statusOf } from '../core/app-error-status';
import { listen, type RunningServer } from '../core/http-listen';
import type { Logger } from '../core/logger';
import { discardBody } from './discard-body';
import type { OtlpFormat, OtlpIngest } from './otlp-ingest';
import { encodeExportResponse, encodeStatus } from './otlp/encode-response';
import { readBodyWithLimit } from './otlp/gzip-limit';
import { sdkHeaders } from '../core/access/credentials';

export interface HttpReceiverOptions {
  ingest: OtlpIngest;
  maxRequestBytes: number;
  logger: Logger;
  /** Resolves the request's credentials to the workspace its spans are stored in. */
  authenticate: Authenticate;
}

const MEDIA_TYPE: Record<OtlpFormat, string> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

/** The OTLP/HTTP request formats by media type (parameters such as charset are ignored). */
export function formatOf(contentType: string | undefined): OtlpFormat | undefined {
  const media = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (media === 'application/x-protobuf' || media === 'application/protobuf') return 'protobuf';
  if (media === 'application/json') return 'json';
  return undefined;
}

function reply(
  res: ServerResponse,
  status: number,
  format: OtlpFormat,
  body: Uint8Array,
  retryAfter?: number,
) {
  const headers: Record<string, string | number> = {
    'content-type': MEDIA_TYPE[format],
    'content-length': body.byteLength,
  };
  if (retryAfter !== undefined) headers['retry-after'] = retryAfter;
  res.writeHead(status, headers).end(body);
}

function fail(res: ServerResponse, format: OtlpFormat, e: AppError) {
  const { http, grpc } = statusOf[e.kind];
  reply(res, http, format, encodeStatus(format, grpc, e.message), e.retryAfterSeconds);
}

/** Handles one OTLP/HTTP trace export; exported so the API port can serve the same endpoint under other paths. */
export function createOtlpHttpHandler(opts: HttpReceiverOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') {
      discardBody(req, res);
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const format = formatOf(req.headers['content-type']);
    if (format === undefined) {
      discardBody(req, res);
      return fail(
        res,
        'json',
        new AppError('unsupported_media_type', 'use application/x-protobuf or application/json'),
      );
    }
    const principal = await opts.authenticate({
      header: sdkHeaders(req.headers),
      address: req.socket.remoteAddress,
    });
    const allowed = principal.ok ? requireScope(principal.value, 'ingest') : principal;
    if (!allowed.ok) {
      discardBody(req, res);
      return fail(res, format, allowed.error);
    }
    const body = await readBodyWithLimit(
      req,
      opts.maxRequestBytes,
      req.headers['content-encoding'] ?? 'identity',
    );
    if (!body.ok) {
      discardBody(req, res);
      return fail(res, format, body.error);
    }
    const outcome = await opts.ingest(allowed.value, body.value, format);
    if (!outcome.ok) return fail(res, format, outcome.error);
    reply(res, 200, format, encodeExportResponse(format, outcome.value));
  };
}

/** OTLP/HTTP receiver: POST /v1/traces. */
export async function startHttpReceiver(
  opts: HttpReceiverOptions & { host: string; port: number },
): Promise<RunningServer> {
  const handle = createOtlpHttpHandler(opts);
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/v1/traces') {
      discardBody(req, res);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    handle(req, res).catch((e: unknown) => {
      opts.logger.error('OTLP/HTTP export failed', { error: String(e) });
      if (!res.headersSent) fail(res, 'json', new AppError('internal', 'internal error'));
      else res.destroy();
    });
  });
  return listen(server, opts.port, opts.host);
}
