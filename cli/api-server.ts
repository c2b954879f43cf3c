import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import { createCozeloopIngestHandler } from '../collector/cozeloop/ingest-handler';
import { createCozeloopUploadHandler } from '../collector/cozeloop/upload-handler';
import { createOtlpHttpHandler } from '../collector/http-receiver';
import type { Authenticate } from '../core/access/principal';
import { AppError } from '../core/app-error';
import { statusOf } from '../core/app-error-status';
import { diskFull, isDiskFull } from '../core/storage-failure';
import type { FileStore } from '../core/files/types';
import { listen, type RunningServer } from '../core/http-listen';
import type { Logger } from '../core/logger';
import type { Config } from '../schemas/config';
import type { SpanIngest } from './span-ingest';

type RawHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Paths other tools' SDKs post OTLP/HTTP traces to, also served on the API port. */
const OTLP_PATHS_ON_API = ['/v1/traces', '/api/public/otel/v1/traces', '/v1/loop/opentelemetry/v1/traces'];

/** Streaming endpoints served on the raw request (bodies read with limits), keyed by path; the rest is the API. */
function rawHandlers(
  config: Config,
  ingest: SpanIngest | undefined,
  authenticate: Authenticate,
  logger: Logger,
  files: FileStore,
): Map<string, { what: string; handle: RawHandler }> {
  const handlers = new Map<string, { what: string; handle: RawHandler }>();
  // Every role serves uploads: they need only the metadata store.
  handlers.set('/v1/loop/files/upload', {
    what: 'Cozeloop file upload',
    handle: createCozeloopUploadHandler({
      files,
      authenticate,
      maxFileBytes: config.files.maxFileBytes,
      maxInFlightBytes: config.files.maxInFlightBytes,
    }),
  });
  if (ingest === undefined) return handlers;
  const limits = { authenticate, maxRequestBytes: config.limits.maxRequestBytes, logger };
  handlers.set('/v1/loop/traces/ingest', {
    what: 'Cozeloop ingest',
    handle: createCozeloopIngestHandler({ ...limits, ingest: ingest.decoded }),
  });
  const otlp = createOtlpHttpHandler({ ...limits, ingest: ingest.otlp });
  for (const path of OTLP_PATHS_ON_API) handlers.set(path, { what: 'OTLP/HTTP export', handle: otlp });
  return handlers;
}

/** Serves a Hono app on the API port, with the SDK ingest and upload endpoints beside it. */
export async function serveApi(
  config: Config,
  app: Pick<Hono, 'fetch'>,
  ingest: SpanIngest | undefined,
  authenticate: Authenticate,
  logger: Logger,
  files: FileStore,
): Promise<RunningServer> {
  const api = getRequestListener(app.fetch);
  const raw = rawHandlers(config, ingest, authenticate, logger, files);
  const server = createServer((req, res) => {
    const handler = raw.get((req.url ?? '').split('?')[0] ?? '');
    if (handler === undefined) {
      void api(req, res);
      return;
    }
    handler.handle(req, res).catch((e: unknown) => {
      logger.error(`${handler.what} failed`, { error: String(e) });
      if (res.headersSent) return res.destroy();
      // A bug still gets an answer (and the connection closes, its body possibly unread): never a bare drop.
      const failure = isDiskFull(e) ? diskFull() : new AppError('internal', 'internal error');
      const text = JSON.stringify({ code: statusOf[failure.kind].http, msg: failure.message });
      res
        .writeHead(statusOf[failure.kind].http, { 'content-type': 'application/json', connection: 'close' })
        .end(text);
    });
  });
  return listen(server, config.apiPort, config.host);
}
