import { schemaMigrationsTableSql } from '../../schemas/clickhouse/migration';
import type { ClickHouseMigration } from '../../schemas/clickhouse/migration';
import type { SchemaLayout } from './schema-layout';

export interface ClusterLayoutOptions {
  /** A cluster of the servers' `remote_servers` configuration. */
  cluster: string;
  /** The database the tables live in (the client's database). */
  database: string;
}

/** Suffix of the replicated table behind each Distributed table; the Distributed one keeps the source name. */
export const LOCAL_SUFFIX = '_local';

/** Rows are sharded by trace so a trace's spans, and its lookup row, live on one shard. */
export const SHARDING_KEY = 'cityHash64(TraceId)';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NAME = '([A-Za-z_][A-Za-z0-9_]*)';
const CREATE_TABLE = new RegExp(`^CREATE TABLE IF NOT EXISTS ${NAME}\\s*\\(`);
const CREATE_VIEW = new RegExp(`^CREATE MATERIALIZED VIEW IF NOT EXISTS ${NAME} TO ${NAME}\\s+AS SELECT\\b`);
// Only additive column changes: they apply to a table and its Distributed front alike, and re-run harmlessly.
const ALTER_ADD_COLUMN = new RegExp(`^ALTER TABLE ${NAME}\\s+(ADD COLUMN IF NOT EXISTS\\s[\\s\\S]*)$`);
const OTHER_ALTER_ACTION =
  /\b(DROP|MODIFY|RENAME|UPDATE|DELETE|MATERIALIZE|CLEAR|FREEZE|ATTACH|DETACH|REPLACE|MOVE)\b/i;
const ENGINE = /^ENGINE = ([A-Za-z]*MergeTree)(?:\((.*)\))?[ \t]*$/gm;
const FROM_TABLE = new RegExp(`\\bFROM\\s+${NAME}\\b(?!\\s*[.(])`, 'g');

const identifier = (name: string): string =>
  IDENTIFIER.test(name) ? name : `\`${name.replace(/\\/g, '\\\\').replace(/`/g, '\\`')}\``;

const literal = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * Replicated and sharded: each table of a migration becomes a `Replicated*MergeTree` table `<name>_local` on
 * every host plus a `Distributed` table under the original name, so the stores' SQL runs unchanged; views feed
 * the local tables; an added column goes to both tables. Statements run `ON CLUSTER` with database-qualified
 * names, because a host executing distributed DDL resolves unqualified names and `currentDatabase()` in its own
 * default database (ClickHouse#6104, #8170). A migration shape it cannot place throws, so a new one fails its test loudly.
 */
export function clusterLayout(options: ClusterLayoutOptions): SchemaLayout {
  const onCluster = `ON CLUSTER ${identifier(options.cluster)}`;
  const qualified = (table: string) => `${identifier(options.database)}.${identifier(table)}`;

  /** The migration's `CREATE TABLE` as a replicated table `target` on every host. */
  const replicated = (migration: ClickHouseMigration, target: string): string => {
    const engines = [...migration.sql.matchAll(ENGINE)];
    const engine = engines[0];
    if (engines.length !== 1 || engine === undefined)
      throw new Error(
        `${migration.name}: expected one MergeTree-family ENGINE line, found ${engines.length}`,
      );
    const [line, family, args] = engine;
    const replication = [
      literal(`/clickhouse/tables/{shard}/{database}/${target}`),
      literal('{replica}'),
      ...(args === undefined || args.trim() === '' ? [] : [args]),
    ];
    return (
      migration.sql
        .replace(CREATE_TABLE, `CREATE TABLE IF NOT EXISTS ${qualified(target)} ${onCluster}\n(`)
        .replace(line, `ENGINE = Replicated${family}(${replication.join(', ')})`)
        // The replicated engine keeps its dedup window in Keeper; the standalone setting would not apply.
        .replace(/\bnon_replicated_deduplication_window\b/g, 'replicated_deduplication_window')
    );
  };

  const table = (migration: ClickHouseMigration, name: string): string[] => {
    if (!/^\s+TraceId\s/m.test(migration.sql))
      throw new Error(`${migration.name}: a sharded table needs a TraceId column for ${SHARDING_KEY}`);
    const local = `${name}${LOCAL_SUFFIX}`;
    const distributed = `CREATE TABLE IF NOT EXISTS ${qualified(name)} ${onCluster} AS ${qualified(local)}
ENGINE = Distributed(${literal(options.cluster)}, ${literal(options.database)}, ${literal(local)}, ${SHARDING_KEY})`;
    return [replicated(migration, local), distributed];
  };

  const view = (migration: ClickHouseMigration, name: string, to: string): string[] => {
    if (/\bJOIN\b/i.test(migration.sql))
      throw new Error(`${migration.name}: a view with a JOIN cannot be placed on the cluster`);
    return [
      migration.sql
        .replace(
          CREATE_VIEW,
          `CREATE MATERIALIZED VIEW IF NOT EXISTS ${qualified(name)} ${onCluster} TO ${qualified(`${to}${LOCAL_SUFFIX}`)}\nAS SELECT`,
        )
        // A view fires on inserts into its source, which on a cluster are the local tables.
        .replace(FROM_TABLE, (_, source: string) => `FROM ${qualified(`${source}${LOCAL_SUFFIX}`)}`),
    ];
  };

  /** A column added to the replicated table on every host and to the Distributed table that fronts it. */
  const alter = (migration: ClickHouseMigration, name: string, actions: string): string[] => {
    if (OTHER_ALTER_ACTION.test(actions))
      throw new Error(
        `${migration.name}: the cluster layout places ALTER TABLE … ADD COLUMN IF NOT EXISTS only`,
      );
    return [`${name}${LOCAL_SUFFIX}`, name].map(
      (table) => `ALTER TABLE ${qualified(table)} ${onCluster}\n${actions}`,
    );
  };

  return {
    // One ledger per shard, replicated within it; another shard re-running the idempotent DDL is harmless.
    ledgerSql: replicated(
      { version: 0, name: 'schema_migrations', sql: schemaMigrationsTableSql },
      'schema_migrations',
    ),
    statements(migration) {
      const sql = migration.sql.trim();
      const created = CREATE_TABLE.exec(sql);
      if (created?.[1] !== undefined) return table({ ...migration, sql }, created[1]);
      const viewed = CREATE_VIEW.exec(sql);
      if (viewed?.[1] !== undefined && viewed[2] !== undefined)
        return view({ ...migration, sql }, viewed[1], viewed[2]);
      const altered = ALTER_ADD_COLUMN.exec(sql);
      if (altered?.[1] !== undefined && altered[2] !== undefined)
        return alter({ ...migration, sql }, altered[1], altered[2]);
      throw new Error(
        `${migration.name}: the cluster layout places CREATE TABLE / CREATE MATERIALIZED VIEW … IF NOT EXISTS ` +
          'and ALTER TABLE … ADD COLUMN IF NOT EXISTS only',
      );
    },
    sessionSettings: {
      // An insert is acknowledged once every shard stored its rows, so Kafka offsets never run ahead of them.
      distributed_foreground_insert: 1,
      // `TraceId IN (SELECT … FROM spans)` runs on each shard against its local table: a trace lives on one shard.
      distributed_product_mode: 'local',
    },
  };
}
