// Test support: sustained OTLP export load over HTTP (JSON) and gRPC (protobuf), recording every answer.
import { randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { ProtoWriter } from '../core/protobuf/proto-writer';

export type Protocol = 'http' | 'grpc';

/** One export request and how it was answered. */
export interface ExportOutcome {
  protocol: Protocol;
  traceId: string;
  spans: number;
  startedAt: number;
  endedAt: number;
  /** HTTP status, or 200 for a gRPC OK; undefined when the connection failed. */
  status?: number;
  /** gRPC status code, when the protocol is gRPC. */
  grpcCode?: number;
  retryAfter?: string | null;
}

export interface LoadOptions {
  /** Where each request goes now: the OTLP/HTTP URL or the gRPC `host:port`; undefined pauses that client. */
  target: (protocol: Protocol) => string | undefined;
  /** Concurrent clients per protocol. */
  clients: Partial<Record<Protocol, number>>;
  /** Spans per request, all of one new trace. */
  spansPerRequest: number;
}

export interface Load {
  readonly outcomes: readonly ExportOutcome[];
  /** Traces whose export was acknowledged (200 / OK), with their span count. */
  acknowledged(): Map<string, number>;
  stop(): Promise<void>;
}

const EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

const spanTimes = (i: number) => {
  const start = BigInt(Date.now()) * 1_000_000n + BigInt(i);
  return { start, end: start + 1_000_000n };
};

const jsonRequest = (traceId: string, spans: number): string =>
  JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'export-load' } }] },
        scopeSpans: [
          {
            spans: Array.from({ length: spans }, (_, i) => {
              const { start, end } = spanTimes(i);
              return {
                traceId,
                spanId: randomBytes(8).toString('hex'),
                name: `op-${i}`,
                kind: 1,
                startTimeUnixNano: String(start),
                endTimeUnixNano: String(end),
              };
            }),
          },
        ],
      },
    ],
  });

/** ExportTraceServiceRequest { resource_spans { resource, scope_spans { spans } } } in protobuf. */
const protobufRequest = (traceId: string, spans: number): Buffer =>
  Buffer.from(
    new ProtoWriter()
      .messageField(1, (rs) =>
        rs
          .messageField(1, (resource) =>
            resource.messageField(1, (kv) =>
              kv.stringField(1, 'service.name').messageField(2, (v) => v.stringField(1, 'export-load')),
            ),
          )
          .messageField(2, (ss) => {
            for (let i = 0; i < spans; i++) {
              const { start, end } = spanTimes(i);
              ss.messageField(2, (span) =>
                span
                  .bytesField(1, Buffer.from(traceId, 'hex'))
                  .bytesField(2, randomBytes(8))
                  .stringField(5, `op-${i}`)
                  .varintField(6, 1)
                  .tag(7, 1)
                  .fixed64(start)
                  .tag(8, 1)
                  .fixed64(end),
              );
            }
          }),
      )
      .finish(),
  );

async function exportHttp(url: string, traceId: string, spans: number): Promise<Partial<ExportOutcome>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: jsonRequest(traceId, spans),
    signal: AbortSignal.timeout(20_000),
  });
  const body = await res.text();
  // A partial success is not an acknowledgement of every span.
  const status = res.status === 200 && body.includes('rejectedSpans') ? -200 : res.status;
  return { status, retryAfter: res.headers.get('retry-after') };
}

const exportGrpc = (client: grpc.Client, traceId: string, spans: number): Promise<Partial<ExportOutcome>> =>
  new Promise((resolve) =>
    client.makeUnaryRequest(
      EXPORT_PATH,
      (b: Buffer) => b,
      (b: Buffer) => b,
      protobufRequest(traceId, spans),
      new grpc.Metadata(),
      { deadline: Date.now() + 20_000 },
      (error) => {
        const code = error ? error.code : grpc.status.OK;
        resolve({ grpcCode: code, ...(code === grpc.status.OK ? { status: 200 } : {}) });
      },
    ),
  );

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the clients; each sends one request at a time, a new trace each, until `stop`. */
export function startLoad(opts: LoadOptions): Load {
  const outcomes: ExportOutcome[] = [];
  const grpcClients = new Map<string, grpc.Client>();
  const grpcClient = (address: string): grpc.Client => {
    let client = grpcClients.get(address);
    if (!client) {
      client = new grpc.Client(address, grpc.credentials.createInsecure());
      grpcClients.set(address, client);
    }
    return client;
  };
  let stopped = false;
  const client = async (protocol: Protocol) => {
    while (!stopped) {
      const target = opts.target(protocol);
      if (target === undefined) {
        await pause(50);
        continue;
      }
      const traceId = randomBytes(16).toString('hex');
      const startedAt = Date.now();
      const answer = await (
        protocol === 'http'
          ? exportHttp(target, traceId, opts.spansPerRequest)
          : exportGrpc(grpcClient(target), traceId, opts.spansPerRequest)
      ).catch((): Partial<ExportOutcome> => ({}));
      outcomes.push({
        protocol,
        traceId,
        spans: opts.spansPerRequest,
        startedAt,
        endedAt: Date.now(),
        ...answer,
      });
      // Refused or unreachable: a real exporter backs off too, and the loop must not spin.
      if (answer.status !== 200) await pause(50);
    }
  };
  const running = (['http', 'grpc'] as const).flatMap((p) =>
    Array.from({ length: opts.clients[p] ?? 0 }, () => client(p)),
  );
  return {
    outcomes,
    acknowledged: () =>
      new Map(outcomes.filter((o) => o.status === 200).map((o) => [o.traceId, o.spans] as const)),
    async stop() {
      stopped = true;
      await Promise.all(running);
      for (const c of grpcClients.values()) c.close();
      grpcClients.clear();
    },
  };
}
