import { Config } from '../schemas/config';

/** Every configuration name: the environment variable, the flag that mirrors it, and where it lands. */
export const settings = [
  { env: 'SPANLOOP_HOST', flag: '--host', path: ['host'], help: 'bind address (default 127.0.0.1)' },
  {
    env: 'SPANLOOP_OTLP_GRPC_PORT',
    flag: '--otlp-grpc-port',
    path: ['otlpGrpcPort'],
    help: 'OTLP/gRPC port (4317; 0 = any free port)',
  },
  {
    env: 'SPANLOOP_OTLP_HTTP_PORT',
    flag: '--otlp-http-port',
    path: ['otlpHttpPort'],
    help: 'OTLP/HTTP port (4318; 0 = any free port)',
  },
  {
    env: 'SPANLOOP_API_PORT',
    flag: '--api-port',
    path: ['apiPort'],
    help: 'REST API port (8080; 0 = any free port)',
  },
  {
    env: 'SPANLOOP_DATA_DIR',
    flag: '--data-dir',
    path: ['dataDir'],
    help: 'data folder of the embedded stores (.data)',
  },
  { env: 'SPANLOOP_BUS', flag: '--bus', path: ['bus', 'kind'], help: 'embedded | kafka (embedded)' },
  {
    env: 'SPANLOOP_KAFKA_BROKERS',
    flag: '--kafka-brokers',
    path: ['bus', 'brokers'],
    help: 'comma-separated host:port list (selects the Kafka bus)',
  },
  {
    env: 'SPANLOOP_KAFKA_TOPIC',
    flag: '--kafka-topic',
    path: ['bus', 'topic'],
    help: 'spans topic (spanloop-spans)',
  },
  {
    env: 'SPANLOOP_KAFKA_GROUP',
    flag: '--kafka-group',
    path: ['bus', 'groupId'],
    help: 'consumer group of the ingesters (spanloop-ingester)',
  },
  {
    env: 'SPANLOOP_KAFKA_PARTITIONS',
    flag: '--kafka-partitions',
    path: ['bus', 'partitions'],
    help: 'partitions of a topic Spanloop creates (6)',
  },
  {
    env: 'SPANLOOP_CLICKHOUSE_URL',
    flag: '--clickhouse-url',
    path: ['clickhouse', 'url'],
    help: 'ClickHouse server URL; unset = embedded engine in the data folder',
  },
  {
    env: 'SPANLOOP_CLICKHOUSE_USER',
    flag: '--clickhouse-user',
    path: ['clickhouse', 'username'],
    help: 'ClickHouse user (default)',
  },
  {
    env: 'SPANLOOP_CLICKHOUSE_PASSWORD',
    flag: '--clickhouse-password',
    path: ['clickhouse', 'password'],
    help: 'ClickHouse password',
  },
  {
    env: 'SPANLOOP_CLICKHOUSE_DATABASE',
    flag: '--clickhouse-database',
    path: ['clickhouse', 'database'],
    help: 'ClickHouse database (default)',
  },
  {
    env: 'SPANLOOP_CLICKHOUSE_CLUSTER',
    flag: '--clickhouse-cluster',
    path: ['clickhouse', 'cluster'],
    help: 'ClickHouse cluster: replicated tables behind Distributed ones, DDL ON CLUSTER',
  },
  {
    env: 'SPANLOOP_POSTGRES_URL',
    flag: '--postgres-url',
    path: ['postgres', 'url'],
    help: 'PostgreSQL URL for metadata; unset = embedded PGlite in the data folder',
  },
  {
    env: 'SPANLOOP_AUTH',
    flag: '--auth',
    path: ['auth', 'mode'],
    help: 'auto | required (auto: keyless ingest/read into the default workspace on loopback only)',
  },
  {
    env: 'SPANLOOP_ADMIN_EMAIL',
    flag: '--admin-email',
    path: ['auth', 'adminEmail'],
    help: 'login of the administrator created at first start (admin@localhost)',
  },
  {
    env: 'SPANLOOP_ADMIN_PASSWORD',
    flag: '--admin-password',
    path: ['auth', 'adminPassword'],
    help: 'its password (12+ characters); generated and printed once when unset',
  },
  {
    env: 'SPANLOOP_WORKSPACE_CREATION',
    flag: '--workspace-creation',
    path: ['auth', 'workspaceCreation'],
    help: 'admins | everyone: who may create workspaces (admins = instance administrators only)',
  },
  {
    env: 'SPANLOOP_INIT_PUBLIC_KEY',
    flag: '--init-public-key',
    path: ['auth', 'initPublicKey'],
    help: 'with SPANLOOP_INIT_SECRET_KEY: a key pair (ingest, read) registered at first start',
  },
  {
    env: 'SPANLOOP_INIT_SECRET_KEY',
    flag: '--init-secret-key',
    path: ['auth', 'initSecretKey'],
    help: 'its secret (sl-sk- and 43 base64url characters)',
  },
  {
    env: 'SPANLOOP_MAX_REQUEST_BYTES',
    flag: '--max-request-bytes',
    path: ['limits', 'maxRequestBytes'],
    help: 'largest OTLP request after decompression (64 MiB)',
  },
  {
    env: 'SPANLOOP_MAX_ATTRIBUTE_BYTES',
    flag: '--max-attribute-bytes',
    path: ['limits', 'maxAttributeBytes'],
    help: 'attribute values beyond this are truncated (1 MiB)',
  },
  {
    env: 'SPANLOOP_MAX_REQUEST_SPANS',
    flag: '--max-request-spans',
    path: ['limits', 'maxRequestSpans'],
    help: 'most spans in one export request, capped by --queue-max-spans (50000)',
  },
  {
    env: 'SPANLOOP_MAX_FILE_BYTES',
    flag: '--max-file-bytes',
    path: ['files', 'maxFileBytes'],
    help: 'largest file the Cozeloop SDKs may upload (20 MiB)',
  },
  {
    env: 'SPANLOOP_MAX_WORKSPACE_FILE_BYTES',
    flag: '--max-workspace-file-bytes',
    path: ['files', 'maxWorkspaceBytes'],
    help: 'uploaded files one workspace may keep in total (1 GiB)',
  },
  {
    env: 'SPANLOOP_MAX_UPLOAD_IN_FLIGHT_BYTES',
    flag: '--max-upload-in-flight-bytes',
    path: ['files', 'maxInFlightBytes'],
    help: 'upload bodies held in memory at once before uploads get 503 (256 MiB)',
  },
  {
    env: 'SPANLOOP_QUEUE_MAX_SPANS',
    flag: '--queue-max-spans',
    path: ['queue', 'maxSpans'],
    help: 'spans waiting to be written before exports get 503 (200000)',
  },
  {
    env: 'SPANLOOP_BATCH_MAX_SPANS',
    flag: '--batch-max-spans',
    path: ['queue', 'maxBatchSpans'],
    help: 'most spans per insert (20000)',
  },
  {
    env: 'SPANLOOP_PRICING_FILE',
    flag: '--pricing-file',
    path: ['pricingFile'],
    help: 'JSON file of model price overrides',
  },
  {
    env: 'SPANLOOP_SECRET_KEY',
    flag: '--secret-key',
    path: ['secretKey'],
    help: 'server key sealing provider API keys: 32 bytes, hex or base64 (default: <data dir>/secret.key)',
  },
  {
    env: 'SPANLOOP_MODEL_CONFIG',
    flag: '--model-config',
    path: ['modelConfigFile'],
    help: 'YAML of model providers and models for the default workspace (like Cozeloop model_config.yaml)',
  },
  {
    env: 'SPANLOOP_EGRESS_ALLOW',
    flag: '--egress-allow',
    path: ['egress', 'allow'],
    help: 'destinations outbound calls may reach although loopback/private/link-local: hosts, IPs or CIDRs with optional :port, comma-separated (e.g. 127.0.0.1:11434 for a local Ollama)',
  },
  {
    env: 'SPANLOOP_PLUGINS',
    flag: '--plugins',
    path: ['plugins'],
    help: 'third-party plugins: package names or module paths, comma-separated, or a JSON array of {module, options}',
  },
  {
    env: 'SPANLOOP_CONSOLE_DIR',
    flag: '--console-dir',
    path: ['consoleDir'],
    help: 'built web console to serve at / (console/dist; `npm run console:build` makes it)',
  },
  {
    env: 'SPANLOOP_SANDBOX_PROCESSES',
    flag: '--sandbox-processes',
    path: ['sandbox', 'processes'],
    help: 'child processes running Jinja2 renders and evaluator code (2)',
  },
  {
    env: 'SPANLOOP_SANDBOX_MEMORY_MB',
    flag: '--sandbox-memory-mb',
    path: ['sandbox', 'memoryMb'],
    help: 'V8 heap of one sandbox process in MiB (64)',
  },
  {
    env: 'SPANLOOP_SANDBOX_TIMEOUT_MS',
    flag: '--sandbox-timeout-ms',
    path: ['sandbox', 'timeoutMs'],
    help: 'wall time of one sandbox job before its process is killed (1000)',
  },
  {
    env: 'SPANLOOP_SANDBOX_WORKSPACE_CONCURRENCY',
    flag: '--sandbox-workspace-concurrency',
    path: ['sandbox', 'workspaceConcurrency'],
    help: 'sandbox jobs one workspace runs at once (1)',
  },
  {
    env: 'SPANLOOP_SANDBOX_WORKSPACE_QUEUE',
    flag: '--sandbox-workspace-queue',
    path: ['sandbox', 'workspaceQueue'],
    help: 'sandbox jobs one workspace may have waiting before 429 (16)',
  },
  {
    env: 'SPANLOOP_SANDBOX_QUEUE',
    flag: '--sandbox-queue',
    path: ['sandbox', 'queue'],
    help: 'sandbox jobs waiting across all workspaces before 429 (128)',
  },
  {
    env: 'SPANLOOP_DRAIN_TIMEOUT_MS',
    flag: '--drain-timeout-ms',
    path: ['drainTimeoutMs'],
    help: 'after SIGTERM, time to write accepted data before exiting anyway (15000)',
  },
  {
    env: 'SPANLOOP_LOG_LEVEL',
    flag: '--log-level',
    path: ['logLevel'],
    help: 'debug | info | warn | error (info)',
  },
] as const;

export type ParsedArgs = { command: string | undefined; rest: string[]; config: Config } | { error: string };

/** Parses the command line and the environment into one Config; flags win over the environment. */
export function parseArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ParsedArgs {
  const raw: Record<string, unknown> = {};
  const put = (path: readonly string[], value: string) => {
    let node = raw;
    for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
    node[path[path.length - 1] as string] = value;
  };
  for (const s of settings) {
    const v = env[s.env];
    if (v !== undefined && v !== '') put(s.path, v);
  }
  const rest: string[] = [];
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    const s = settings.find((x) => x.flag === flag);
    if (s) {
      const value = inline ?? argv[++i];
      if (value === undefined) return { error: `${flag} needs a value` };
      put(s.path, value);
    } else if (command === undefined && !arg.startsWith('-')) command = arg;
    else rest.push(arg);
  }
  const parsed = Config.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    return { error: `invalid configuration: ${issues}` };
  }
  return { command, rest, config: parsed.data };
}
