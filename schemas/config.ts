import { z } from 'zod';
import { EgressAllowList } from './egress';
import { decodeServerKey } from './server-key';
import { commaSeparated } from './comma-list';

const Port = z.coerce.number().int().min(0).max(65535);

/** A comma-separated list from the environment, or a list from a config file. */
const List = z.preprocess(commaSeparated, z.array(z.string().min(1)).min(1));

/** How spans travel from receivers to the ingester; giving brokers alone selects Kafka. */
export const BusConfig = z.preprocess(
  (v) =>
    typeof v === 'object' && v !== null && 'brokers' in v && !('kind' in v) ? { ...v, kind: 'kafka' } : v,
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('embedded') }),
    z.object({
      kind: z.literal('kafka'),
      brokers: List,
      topic: z.string().min(1).default('spanloop-spans'),
      groupId: z.string().min(1).default('spanloop-ingester'),
      /** Partitions of a topic Spanloop creates: the most ingesters that can share the work. */
      partitions: z.coerce.number().int().positive().default(6),
    }),
  ]),
);
export type BusConfig = z.infer<typeof BusConfig>;

/** Where spans are stored: the in-process engine in the data folder, or a ClickHouse server over HTTP(S). */
export const ClickHouseConfig = z.preprocess(
  // Setting a URL alone (SPANLOOP_CLICKHOUSE_URL) selects the server; a cluster without a URL then fails on it.
  (v) =>
    typeof v === 'object' && v !== null && ('url' in v || 'cluster' in v) && !('kind' in v)
      ? { ...v, kind: 'server' }
      : v,
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('embedded') }),
    z.object({
      kind: z.literal('server'),
      url: z.url(),
      username: z.string().default('default'),
      password: z.string().default(''),
      database: z.string().min(1).default('default'),
      /** A cluster of the servers' `remote_servers`: the schema becomes replicated tables behind Distributed ones. */
      cluster: z.string().min(1).optional(),
    }),
  ]),
);
export type ClickHouseConfig = z.infer<typeof ClickHouseConfig>;

/** Where workspaces, keys and plugin data live: PGlite in the data folder, or a PostgreSQL server. */
export const PostgresConfig = z.preprocess(
  // Setting a URL alone (SPANLOOP_POSTGRES_URL) selects the server.
  (v) => (typeof v === 'object' && v !== null && 'url' in v && !('kind' in v) ? { ...v, kind: 'server' } : v),
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('embedded') }),
    z.object({
      kind: z.literal('server'),
      url: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
      maxConnections: z.coerce.number().int().positive().default(10),
    }),
  ]),
);
export type PostgresConfig = z.infer<typeof PostgresConfig>;

/** Who may call Spanloop, and the first administrator. */
export const AuthConfig = z
  .object({
    /** auto: without a key, ingest and reads go to the default workspace only when bound to loopback; required: keys always. */
    mode: z.enum(['auto', 'required']).default('auto'),
    adminEmail: z.string().min(3).default('admin@localhost'),
    /** The first administrator's password; generated and printed once when unset. */
    adminPassword: z.string().min(12).optional(),
    /** A key pair registered at first start in the default workspace (ingest, read), e.g. for Grafana's data sources. */
    initPublicKey: z
      .string()
      .regex(/^sl-pk-[0-9a-f]{24}$/, 'must look like sl-pk- and 24 hex digits')
      .optional(),
    initSecretKey: z
      .string()
      .regex(/^sl-sk-[A-Za-z0-9_-]{43}$/, 'must look like sl-sk- and 43 base64url characters')
      .optional(),
    /** Failed authentications one client address may make per window before it gets 429. */
    maxFailures: z.coerce.number().int().positive().default(20),
    failureWindowSeconds: z.coerce.number().int().positive().default(60),
    /** Who may create workspaces: instance administrators only, or every logged-in user. */
    workspaceCreation: z.enum(['admins', 'everyone']).default('admins'),
  })
  .refine((a) => (a.initPublicKey === undefined) === (a.initSecretKey === undefined), {
    message: 'set the initial public and secret key together',
  });
export type AuthConfig = z.infer<typeof AuthConfig>;

/** A third-party plugin: an npm package name or a module path (.js/.mjs; .ts under `spanloop`), and its options. */
export const PluginConfig = z.preprocess(
  (v) => (typeof v === 'string' ? { module: v } : v),
  z.object({ module: z.string().trim().min(1), options: z.unknown().optional() }),
);
export type PluginConfig = z.infer<typeof PluginConfig>;

/** From the environment: a comma-separated list of modules, or a JSON array of `{ module, options }`. */
const PluginList = z.preprocess((v, ctx) => {
  if (typeof v !== 'string') return v;
  const text = v.trim();
  if (!text.startsWith('['))
    return text === ''
      ? []
      : text
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    ctx.addIssue({
      code: 'custom',
      message: `not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
    });
    return [];
  }
}, z.array(PluginConfig));

/** Spanloop's whole configuration, parsed once in cli/ from the environment and flags. */
export const Config = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  otlpGrpcPort: Port.default(4317),
  otlpHttpPort: Port.default(4318),
  apiPort: Port.default(8080),
  dataDir: z.string().min(1).default('.data'),
  bus: BusConfig.default({ kind: 'embedded' }),
  clickhouse: ClickHouseConfig.default({ kind: 'embedded' }),
  postgres: PostgresConfig.default({ kind: 'embedded' }),
  auth: AuthConfig.default({
    mode: 'auto',
    adminEmail: 'admin@localhost',
    maxFailures: 20,
    failureWindowSeconds: 60,
    workspaceCreation: 'admins',
  }),
  limits: z
    .object({
      /** Largest OTLP request after decompression (the spec recommends 64 MiB). */
      maxRequestBytes: z.coerce
        .number()
        .int()
        .positive()
        .default(64 * 1024 * 1024),
      /** Attribute values longer than this are truncated (and the client told so in partial_success). */
      maxAttributeBytes: z.coerce
        .number()
        .int()
        .positive()
        .default(1024 * 1024),
      /** Most spans in one export request (never more than the queue holds): larger ones get 413. */
      maxRequestSpans: z.coerce.number().int().positive().default(50_000),
    })
    .default({ maxRequestBytes: 64 * 1024 * 1024, maxAttributeBytes: 1024 * 1024, maxRequestSpans: 50_000 }),
  /** Files the Cozeloop SDKs upload (POST /v1/loop/files/upload), kept in the metadata database. */
  files: z
    .object({
      /** Largest file; Cozeloop's own server takes 20 MB bodies. */
      maxFileBytes: z.coerce
        .number()
        .int()
        .positive()
        .default(20 * 1024 * 1024),
      /** Total one workspace may keep; an uploaded-again key counts once. */
      maxWorkspaceBytes: z.coerce
        .number()
        .int()
        .positive()
        .default(1024 * 1024 * 1024),
      /** Upload bodies one process holds in memory at once; past it, uploads get 503 with Retry-After. */
      maxInFlightBytes: z.coerce
        .number()
        .int()
        .positive()
        .default(256 * 1024 * 1024),
    })
    .default({
      maxFileBytes: 20 * 1024 * 1024,
      maxWorkspaceBytes: 1024 * 1024 * 1024,
      maxInFlightBytes: 256 * 1024 * 1024,
    }),
  queue: z
    .object({
      /** Spans accepted but not yet written; past this, exports get 503 / UNAVAILABLE. */
      maxSpans: z.coerce.number().int().positive().default(200_000),
      /** Most spans written in one insert. */
      maxBatchSpans: z.coerce.number().int().positive().default(20_000),
      /** Seconds a refused client is told to wait. */
      retryAfterSeconds: z.coerce.number().int().positive().default(1),
    })
    .default({ maxSpans: 200_000, maxBatchSpans: 20_000, retryAfterSeconds: 1 }),
  /** Third-party plugins, loaded after the built-in ones, in this order. */
  plugins: PluginList.default([]),
  /** JSON file of model price overrides (see schemas/pricing.ts). */
  pricingFile: z.string().optional(),
  /** Seals provider API keys (32 bytes, hex or base64); unset = `<dataDir>/secret.key`, generated once. */
  secretKey: z
    .string()
    .refine((k) => decodeServerKey(k) !== undefined, '32 bytes as 64 hex digits or base64')
    .optional(),
  /** YAML of model providers and models (Cozeloop's model_config.yaml works) upserted into the default workspace. */
  modelConfigFile: z.string().min(1).optional(),
  /** Outbound requests (model providers): loopback, private, link-local… destinations refused unless listed here. */
  egress: z.object({ allow: EgressAllowList.default([]) }).default({ allow: [] }),
  /** The built web console the query role serves at /; unset = console/dist of this installation. */
  consoleDir: z.string().min(1).optional(),
  logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Untrusted work (Jinja2 renders, evaluator code) runs in child processes with these hard limits. */
  sandbox: z
    .object({
      processes: z.coerce.number().int().min(1).max(64).default(2),
      /** V8 heap of one child (MiB). */
      memoryMb: z.coerce.number().int().min(16).max(4096).default(64),
      /** Default wall time of one job (ms). */
      timeoutMs: z.coerce.number().int().min(50).max(60_000).default(1000),
      workspaceConcurrency: z.coerce.number().int().min(1).max(64).default(1),
      workspaceQueue: z.coerce.number().int().min(1).max(10_000).default(16),
      queue: z.coerce.number().int().min(1).max(100_000).default(128),
    })
    .default({
      processes: 2,
      memoryMb: 64,
      timeoutMs: 1000,
      workspaceConcurrency: 1,
      workspaceQueue: 16,
      queue: 128,
    }),
  /** After SIGTERM/SIGINT: how long to write what was accepted before the process exits anyway (ms). */
  drainTimeoutMs: z.coerce.number().int().min(100).default(15_000),
});
export type Config = z.infer<typeof Config>;
