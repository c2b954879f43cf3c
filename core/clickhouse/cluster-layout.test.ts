import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schemaMigrationsTableSql } from '../../schemas/clickhouse/migration';
import type { ClickHouseMigration } from '../../schemas/clickhouse/migration';
import { spanMigrations, spanTables } from '../../schemas/clickhouse/span-migrations';
import { openChdbExecutor } from './chdb-executor';
import { clusterLayout } from './cluster-layout';
import type { ClickHouseExecutor, InsertRequest } from './executor';
import { migrate } from './migrate';
import { singleServerLayout } from './schema-layout';

const layout = clusterLayout({ cluster: 'spanloop', database: 'default' });
const byName = (name: string): ClickHouseMigration => {
  const found = spanMigrations.migrations.find((m) => m.name === name);
  if (!found) throw new Error(`no migration ${name}`);
  return found;
};
const zkPath = (table: string) => `'/clickhouse/tables/{shard}/{database}/${table}', '{replica}'`;

let dir = '';
let engine: ClickHouseExecutor;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'spanloop-cluster-ddl-'));
  engine = await openChdbExecutor({ path: dir, readers: 1 });
});
afterAll(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The engine's own parse and format of a statement; throws on a syntax error. */
const format = async (sql: string): Promise<string> => {
  const rows = (await engine.query('SELECT formatQuery({sql:String}) AS f', { sql })) as { f: string }[];
  const formatted = rows[0]?.f;
  if (formatted === undefined) throw new Error('formatQuery returned no row');
  return formatted;
};

const engineLine = (formatted: string) => /^ENGINE = (.*)$/m.exec(formatted)?.[1];

/** A formatted CREATE TABLE without its first line and its ENGINE line: columns, keys, TTL, settings. */
const tableBody = (formatted: string) =>
  formatted
    .split('\n')
    .slice(1)
    .filter((line) => !line.startsWith('ENGINE = '))
    .join('\n');

/** An executor that records statements and inserts and knows no applied migration. */
const recordingExecutor = () => {
  const commands: string[] = [];
  const inserts: InsertRequest[] = [];
  const executor: ClickHouseExecutor = {
    query: () => Promise.resolve([]),
    command: (sql) => {
      commands.push(sql);
      return Promise.resolve();
    },
    insert: (request) => {
      inserts.push(request);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
  return { executor, commands, inserts };
};

describe('cluster layout of the span schema', () => {
  it('turns every span migration into statements that parse and format, each ON CLUSTER', async () => {
    const statements = [layout.ledgerSql, ...spanMigrations.migrations.flatMap((m) => layout.statements(m))];
    expect(statements.length).toBeGreaterThan(spanMigrations.migrations.length);
    for (const sql of statements) {
      const formatted = await format(sql);
      expect(formatted.split('\n')[0], sql).toMatch(/ ON CLUSTER spanloop( |$)/);
    }
  });

  it('places the spans table as a ReplicatedMergeTree spans_local behind a Distributed spans', async () => {
    const [local, distributed, ...rest] = layout.statements(byName(spanTables.spans));
    expect(rest).toEqual([]);
    const localSql = await format(local ?? '');
    expect(localSql.split('\n')[0]).toBe(
      'CREATE TABLE IF NOT EXISTS default.spans_local ON CLUSTER spanloop',
    );
    expect(engineLine(localSql)).toBe(`ReplicatedMergeTree(${zkPath('spans_local')})`);
    expect(localSql).toContain('replicated_deduplication_window = 10000');
    expect(localSql).not.toContain('non_replicated_deduplication_window');

    const distributedSql = await format(distributed ?? '');
    expect(distributedSql.split('\n')[0]).toBe(
      'CREATE TABLE IF NOT EXISTS default.spans ON CLUSTER spanloop AS default.spans_local',
    );
    expect(engineLine(distributedSql)).toBe(
      "Distributed('spanloop', 'default', 'spans_local', cityHash64(TraceId))",
    );
  });

  it('keeps the columns, keys, TTL and settings of the single-server table', async () => {
    for (const name of [spanTables.spans, spanTables.traceIdTs]) {
      const migration = byName(name);
      const single = tableBody(await format(migration.sql));
      const cluster = tableBody(await format(layout.statements(migration)[0] ?? ''));
      expect(cluster).toBe(
        single.replace('non_replicated_deduplication_window', 'replicated_deduplication_window'),
      );
    }
  });

  it('places the lookup as a ReplicatedAggregatingMergeTree fed by a view on the local spans', async () => {
    const [local, distributed] = layout.statements(byName(spanTables.traceIdTs));
    expect(engineLine(await format(local ?? ''))).toBe(
      `ReplicatedAggregatingMergeTree(${zkPath('spans_trace_id_ts_local')})`,
    );
    expect(engineLine(await format(distributed ?? ''))).toBe(
      "Distributed('spanloop', 'default', 'spans_trace_id_ts_local', cityHash64(TraceId))",
    );

    const single = byName(spanTables.traceIdTsMv);
    const [view, ...more] = layout.statements(single);
    expect(more).toEqual([]);
    const viewSql = await format(view ?? '');
    expect(viewSql.split('\n')[0]).toBe(
      'CREATE MATERIALIZED VIEW IF NOT EXISTS default.spans_trace_id_ts_mv ON CLUSTER spanloop TO default.spans_trace_id_ts_local',
    );
    // The same SELECT as on one server, over the local table the inserts land in.
    const select = (sql: string) => sql.split('\n').slice(1).join('\n');
    expect(select(viewSql)).toBe(
      select(await format(single.sql)).replace('FROM spans', 'FROM default.spans_local'),
    );
  });

  it('adds a column to the replicated local table and to the Distributed table in front of it', async () => {
    const migration = byName('spans_time_to_first_token');
    const statements = layout.statements(migration);
    const formatted = await Promise.all(statements.map((s) => format(s)));
    const single = await format(migration.sql);
    const action = (sql: string) => sql.split('\n').slice(1).join('\n');
    expect(formatted.map((f) => f.split('\n')[0])).toEqual([
      'ALTER TABLE default.spans_local ON CLUSTER spanloop',
      'ALTER TABLE default.spans ON CLUSTER spanloop',
    ]);
    for (const f of formatted) expect(action(f)).toBe(action(single));
    expect(action(single)).toMatch(/ADD COLUMN IF NOT EXISTS `TimeToFirstTokenNs` UInt64 DEFAULT 0/);
  });

  it('keeps the migration ledger replicated per shard, without a Distributed table', async () => {
    const ledger = await format(layout.ledgerSql);
    expect(ledger.split('\n')[0]).toBe(
      'CREATE TABLE IF NOT EXISTS default.schema_migrations ON CLUSTER spanloop',
    );
    expect(engineLine(ledger)).toBe(
      `ReplicatedReplacingMergeTree(${zkPath('schema_migrations')}, AppliedAt)`,
    );
    expect(tableBody(ledger)).toBe(tableBody(await format(schemaMigrationsTableSql)));
  });

  it('quotes cluster and database names that are not plain identifiers', async () => {
    const odd = clusterLayout({ cluster: 'prod-eu', database: 'span loop' });
    const [local, distributed] = odd.statements(byName(spanTables.spans)).map((s) => s);
    expect((await format(local ?? '')).split('\n')[0]).toBe(
      'CREATE TABLE IF NOT EXISTS `span loop`.spans_local ON CLUSTER `prod-eu`',
    );
    expect(engineLine(await format(distributed ?? ''))).toBe(
      "Distributed('prod-eu', 'span loop', 'spans_local', cityHash64(TraceId))",
    );
  });

  it('refuses migration shapes it cannot place instead of guessing', () => {
    const shape = (sql: string): ClickHouseMigration => ({ version: 9, name: 'x', sql });
    expect(() => layout.statements(shape('ALTER TABLE spans ADD COLUMN X String'))).toThrow(/places CREATE/);
    expect(() =>
      layout.statements(shape('ALTER TABLE spans ADD COLUMN IF NOT EXISTS X String, DROP COLUMN Y')),
    ).toThrow(/ADD COLUMN IF NOT EXISTS only/);
    expect(() => layout.statements(shape('ALTER TABLE spans DELETE WHERE 1'))).toThrow(/places CREATE/);
    expect(() =>
      layout.statements(
        shape('CREATE TABLE IF NOT EXISTS t\n(\n    A String\n)\nENGINE = MergeTree\nORDER BY A'),
      ),
    ).toThrow(/TraceId/);
    expect(() =>
      layout.statements(shape('CREATE TABLE IF NOT EXISTS t\n(\n    TraceId String\n)\nENGINE = Log')),
    ).toThrow(/MergeTree/);
    expect(() =>
      layout.statements(
        shape('CREATE MATERIALIZED VIEW IF NOT EXISTS v TO t AS SELECT 1 FROM a JOIN b USING (TraceId)'),
      ),
    ).toThrow(/JOIN/);
  });

  it('sends inserts in the foreground and runs trace subqueries per shard', () => {
    expect(layout.sessionSettings).toEqual({
      distributed_foreground_insert: 1,
      distributed_product_mode: 'local',
    });
    expect(singleServerLayout.sessionSettings).toEqual({});
  });

  it('is applied by migrate, which records the same checksums as on one server', async () => {
    const cluster = recordingExecutor();
    const single = recordingExecutor();
    await migrate(cluster.executor, spanMigrations, layout);
    await migrate(single.executor, spanMigrations);
    expect(cluster.commands).toEqual([
      layout.ledgerSql,
      ...spanMigrations.migrations.flatMap((m) => layout.statements(m)),
    ]);
    expect(single.commands).toEqual([
      schemaMigrationsTableSql,
      ...spanMigrations.migrations.map((m) => m.sql),
    ]);
    const ledger = (r: InsertRequest[]) =>
      r.map((i) => ({ table: i.table, body: Buffer.concat([i.body].flat()).toString() }));
    expect(ledger(cluster.inserts)).toEqual(ledger(single.inserts));
  });
});
