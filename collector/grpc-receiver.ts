import * as grpc from '@grpc/grpc-js';
import { requireScope } from '../core/access/authenticator';
import type { Authenticate, Principal } from '../core/access/principal';
import { AppError } from '../core/app-error';
import type { Result } from '../core/result';
import { statusOf } from '../core/app-error-status';
import type { Logger } from '../core/logger';
import type { RunningServer } from '../core/http-listen';
import type { OtlpIngest } from './otlp-ingest';
import { encodeExportResponse, encodeStatusProtobuf } from './otlp/encode-response';
import { retryInfoDetail } from './otlp/retry-info';

export interface GrpcReceiverOptions {
  ingest: OtlpIngest;
  maxRequestBytes: number;
  logger: Logger;
  /** Resolves the call's metadata (authorization, x-api-key, …) to the workspace its spans are stored in. */
  authenticate: Authenticate;
  host: string;
  port: number;
}

const passThrough = (b: Buffer): Buffer => b;

/** The trace service with raw bytes in and out: Spanloop decodes OTLP itself. */
const traceService: grpc.ServiceDefinition = {
  Export: {
    path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
    requestStream: false,
    responseStream: false,
    requestSerialize: passThrough,
    requestDeserialize: passThrough,
    responseSerialize: passThrough,
    responseDeserialize: passThrough,
  },
};

/** A gRPC error; back-pressure carries RetryInfo in grpc-status-details-bin, as OTLP asks. */
function toServiceError(e: AppError): Partial<grpc.StatusObject> {
  const code = statusOf[e.kind].grpc;
  const metadata = new grpc.Metadata();
  if (e.retryAfterSeconds !== undefined) {
    const status = { code, message: e.message, details: [retryInfoDetail(e.retryAfterSeconds)] };
    metadata.set('grpc-status-details-bin', Buffer.from(encodeStatusProtobuf(status)));
  }
  return { code, details: e.message, metadata };
}

/** OTLP/gRPC receiver: opentelemetry.proto.collector.trace.v1.TraceService/Export, gzip or identity. */
export async function startGrpcReceiver(opts: GrpcReceiverOptions): Promise<RunningServer> {
  // grpc-js checks the size limit while it inflates a compressed message.
  const server = new grpc.Server({
    'grpc.max_receive_message_length': opts.maxRequestBytes,
    'grpc.max_send_message_length': 4 * 1024 * 1024,
  });
  const authorize = async (call: grpc.ServerUnaryCall<Buffer, Buffer>): Promise<Result<Principal>> => {
    const principal = await opts.authenticate({
      header: (name) => {
        const value = call.metadata.get(name)[0];
        return typeof value === 'string' ? value : undefined;
      },
      // The peer is "ipv4:127.0.0.1:port" or "ipv6:[::1]:port"; the port changes per connection.
      address: call.getPeer().replace(/:\d+$/, ''),
    });
    return principal.ok ? requireScope(principal.value, 'ingest') : principal;
  };
  const exportHandler: grpc.handleUnaryCall<Buffer, Buffer> = (call, callback) => {
    authorize(call)
      .then((principal) =>
        principal.ok ? opts.ingest(principal.value, call.request, 'protobuf') : principal,
      )
      .then((outcome) => {
        if (!outcome.ok) return callback(toServiceError(outcome.error));
        callback(null, Buffer.from(encodeExportResponse('protobuf', outcome.value)));
      })
      .catch((e: unknown) => {
        opts.logger.error('OTLP/gRPC export failed', { error: String(e) });
        callback(toServiceError(new AppError('internal', 'internal error')));
      });
  };
  server.addService(traceService, { Export: exportHandler });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(
      `${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${opts.port}`,
      grpc.ServerCredentials.createInsecure(),
      (error, bound) => (error ? reject(error) : resolve(bound)),
    ),
  );
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
      }),
  };
}
