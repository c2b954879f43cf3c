// Test support: a metadata store with the core schema, a secret box, an in-memory span exporter, registration helpers and a stream reader.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tracer } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { EgressAllowList } from '../../schemas/egress';
import { CreateModelBody, CreateProviderBody } from '../../schemas/models';
import { coreMetadataMigrations } from '../../schemas/postgres/core-migrations';
import { createWorkspace } from '../access/workspaces';
import { createEgressPolicy } from '../egress/egress-policy';
import type { EgressPolicy } from '../egress/types';
import { silentLogger } from '../logger';
import { migrateMetadata } from '../metadata/migrate';
import { openPgliteStore } from '../metadata/pglite';
import type { MetadataStore } from '../metadata/types';
import { createModelGateway, type ModelGatewayDeps } from './gateway';
import { createModel, type Model } from './model-store';
import { createProvider, type ModelProvider } from './provider-store';
import { createSecretBox, type SecretBox } from './secret-box';
import type { ChatChunk, ModelGateway } from './types';

export interface GatewayTestbed {
  store: MetadataStore;
  box: SecretBox;
  tracer: Tracer;
  /** Finished spans, oldest first. */
  spans(): ReadableSpan[];
  /** Lets the testbed's egress policies reach this URL's host and port (a fake server on 127.0.0.1), and no more. */
  allow(url: string): void;
  /** An egress policy allowing exactly what was allowed so far, and the base URLs of registered providers. */
  egress(): EgressPolicy;
  /** A gateway over the testbed's store, box, tracer and egress(); fast retries unless overridden. */
  gateway(overrides?: Partial<ModelGatewayDeps>): ModelGateway;
  /** Registers a provider and one model of it (workspace `ws-a` unless given). */
  register(input: {
    workspaceId?: string;
    provider: Partial<CreateProviderBody> & { kind: CreateProviderBody['kind'] };
    model?: Partial<CreateModelBody>;
  }): Promise<{ provider: ModelProvider; model: Model }>;
  close(): Promise<void>;
}

/** Workspaces `ws-a` and `ws-b` on a fresh PGlite store; pass `open` to use another engine. */
export async function openGatewayTestbed(open?: () => Promise<MetadataStore>): Promise<GatewayTestbed> {
  const dir = mkdtempSync(join(tmpdir(), 'spanloop-gateway-'));
  const store = await (open ?? (() => openPgliteStore({ path: join(dir, 'postgres') })))();
  await migrateMetadata(store, coreMetadataMigrations);
  for (const id of ['ws-a', 'ws-b']) await createWorkspace(store, { id, name: id });
  const box = createSecretBox(randomBytes(32));
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const tracer = provider.getTracer('spanloop-model-gateway-test');
  let counter = 0;
  const allowed = new Set<string>();
  const policies: EgressPolicy[] = [];
  const allow = (url: string) => {
    const u = new URL(url);
    allowed.add(`${u.hostname}:${u.port || (u.protocol === 'https:' ? 443 : 80)}`);
  };
  const egress = () => {
    const policy = createEgressPolicy({ allow: EgressAllowList.parse([...allowed]) });
    policies.push(policy);
    return policy;
  };
  return {
    store,
    box,
    tracer,
    spans: () => exporter.getFinishedSpans(),
    allow,
    egress,
    gateway: (overrides = {}) =>
      createModelGateway({
        sql: store,
        secrets: box,
        egress: overrides.egress ?? egress(),
        tracer,
        logger: silentLogger,
        retry: { baseDelayMs: 5, maxDelayMs: 20 },
        ...overrides,
      }),
    async register({ workspaceId = 'ws-a', provider: p, model: m = {} }) {
      counter++;
      if (p.baseUrl !== undefined) allow(p.baseUrl);
      const created = await createProvider(
        store,
        box,
        workspaceId,
        CreateProviderBody.parse({ name: `provider-${counter}`, ...p }),
      );
      if (!created.ok) throw created.error;
      const model = await createModel(
        store,
        workspaceId,
        CreateModelBody.parse({
          name: `model-${counter}`,
          model: 'fake-model',
          ...m,
          providerId: created.value.id,
        }),
      );
      if (!model.ok) throw model.error;
      return { provider: created.value, model: model.value };
    },
    async close() {
      for (const p of policies) await p.close();
      await provider.shutdown();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A stream's chunks and the result its final `done` chunk carries; throws when it ends otherwise. */
export async function collectStream(stream: AsyncIterable<ChatChunk>) {
  const chunks: ChatChunk[] = [];
  for await (const c of stream) chunks.push(c);
  const done = chunks[chunks.length - 1];
  if (done?.type !== 'done') throw new Error('the stream did not end with done');
  return { chunks, result: done.result };
}
