import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createInProcessBus } from '../core/bus/in-process-bus';
import { createIngester } from '../core/ingester';
import type { Logger } from '../core/logger';
import { openChdbEngine } from '../core/span-store/chdb-span-store';
import { mapLlmFields } from '../collector/conventions';
import { startGrpcReceiver } from '../collector/grpc-receiver';
import { startHttpReceiver, type RunningServer } from '../collector/http-receiver';
import { createOtlpIngest } from '../collector/otlp-ingest';
import { decodeJsonExportRequest } from '../collector/otlp/decode-json';
import { decodeProtobufExportRequest } from '../collector/otlp/decode-protobuf';
import { createPricing, loadPriceOverrides } from '../collector/pricing';
import { createApiApp } from '../query/app';
import type { Config } from '../schemas/config';

export interface Running {
  ports: { otlpGrpc: number; otlpHttp: number; api: number };
  /** Stops taking requests, writes everything accepted, closes the stores. */
  stop(): Promise<void>;
}

/** The default workspace until workspaces and keys exist. */
export const DEFAULT_WORKSPACE = 'default';

function priceOverrides(file: string | undefined) {
  if (file === undefined) return [];
  const loaded = loadPriceOverrides(JSON.parse(readFileSync(file, 'utf8')) as unknown);
  if (!loaded.ok) throw new Error(`${file}: ${loaded.error.message}`);
  return loaded.value;
}

/** Opens the embedded span store (chdb in the data folder) with its schema up to date. */
export const openEmbeddedSpanStore = (config: Config) =>
  openChdbEngine({ path: join(config.dataDir, 'clickhouse'), readers: 3 });

/** Spanloop in one process: receivers, in-process bus, ingester, chdb span store and the API. */
export async function startEmbedded(config: Config, logger: Logger): Promise<Running> {
  const pricing = createPricing(priceOverrides(config.pricingFile));
  // The query APIs run their own SQL on the store's reader sessions.
  const { executor, store } = await openEmbeddedSpanStore(config);
  const bus = createInProcessBus({
    maxQueuedSpans: config.queue.maxSpans,
    maxBatchSpans: config.queue.maxBatchSpans,
    retryAfterSeconds: config.queue.retryAfterSeconds,
    logger: logger.child('bus'),
  });
  bus.consume(createIngester(store));
  const ingest = createOtlpIngest({
    bus,
    decoders: { protobuf: decodeProtobufExportRequest, json: decodeJsonExportRequest },
    maxAttributeBytes: config.limits.maxAttributeBytes,
    mapLlm: mapLlmFields,
    cost: (model, llm) => pricing.cost(model, llm),
  });
  const receiver = {
    ingest,
    maxRequestBytes: config.limits.maxRequestBytes,
    workspaceId: DEFAULT_WORKSPACE,
    host: config.host,
  };
  const servers: RunningServer[] = [];
  try {
    servers.push(
      await startHttpReceiver({ ...receiver, port: config.otlpHttpPort, logger: logger.child('otlp-http') }),
    );
    servers.push(
      await startGrpcReceiver({ ...receiver, port: config.otlpGrpcPort, logger: logger.child('otlp-grpc') }),
    );
    const app = createApiApp({
      spans: store,
      executor,
      workspaceId: DEFAULT_WORKSPACE,
      logger: logger.child('api'),
      // The embedded engine lives in this process: once open, it answers.
      ready: () => Promise.resolve(true),
    });
    const api = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const server = serve({ fetch: app.fetch, port: config.apiPort, hostname: config.host }, () =>
        resolve(server),
      );
      server.once('error', reject);
    });
    servers.push({
      port: (api.address() as AddressInfo).port,
      close: () => new Promise<void>((resolve) => api.close(() => resolve())),
    });
  } catch (e) {
    await Promise.allSettled(servers.map((s) => s.close()));
    await bus.close();
    await store.close();
    throw e;
  }
  const [http, grpc, api] = servers as [RunningServer, RunningServer, RunningServer];
  return {
    ports: { otlpHttp: http.port, otlpGrpc: grpc.port, api: api.port },
    async stop() {
      // Receivers first, so nothing new arrives; then the bus writes what it accepted.
      await Promise.all([http.close(), grpc.close()]);
      await bus.close();
      await api.close();
      await store.close();
    },
  };
}
