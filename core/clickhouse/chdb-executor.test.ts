import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createChdbConnection } from 'chdb/connection';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseMigrationSet } from '../../schemas/clickhouse/migration';
import { createChdbClient, openChdbExecutor } from './chdb-executor';
import { clientExecutor } from './client-executor';
import type { ClickHouseExecutor } from './executor';
import { insertStatement } from './insert-statement';
import { migrate } from './migrate';

const root = mkdtempSync(join(tmpdir(), 'spanloop-executor-'));
const path = join(root, 'clickhouse');

describe('chdb executor', () => {
  let executor: ClickHouseExecutor;
  beforeAll(async () => {
    executor = await openChdbExecutor({ path, readers: 2 });
    await executor.command('CREATE TABLE IF NOT EXISTS t (n UInt64, s String) ENGINE = MergeTree ORDER BY n');
  });
  afterAll(async () => {
    await executor.close();
  });

  it('binds parameters and returns JSONEachRow objects', async () => {
    const rows = await executor.query('SELECT {s:String} AS s, {n:UInt64} AS n, {a:Array(String)} AS a', {
      s: "it's \\ {x:String}",
      n: 7,
      a: ['a', "b'"],
    });
    expect(rows).toEqual([{ s: "it's \\ {x:String}", n: 7, a: ['a', "b'"] }]);
  });

  it('runs reads on two reader sessions in parallel', async () => {
    const started = Date.now();
    await Promise.all([executor.query('SELECT sleep(0.5)'), executor.query('SELECT sleep(0.5)')]);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('answers reads while the writer is busy', async () => {
    const order: string[] = [];
    const write = executor
      .command("INSERT INTO t SELECT number, '' FROM numbers(4) WHERE sleepEachRow(0.25) = 0")
      .then(() => order.push('write'));
    await new Promise((r) => setTimeout(r, 50));
    await executor.query('SELECT 1').then(() => order.push('read'));
    await write;
    expect(order).toEqual(['read', 'write']);
  });

  it('keeps insert settings in the statement, not in the session', async () => {
    const one = clientExecutor(createChdbClient(createChdbConnection({ path })));
    try {
      await one.insert({
        table: 't',
        body: Buffer.from('{"n":100,"s":"x"}\n'),
        settings: { insert_deduplication_token: 'tok', max_insert_threads: 1 },
      });
      expect(await one.query("SELECT getSetting('insert_deduplication_token') AS v")).toEqual([{ v: '' }]);
    } finally {
      await one.close();
    }
  });

  it('deduplicates an insert by its token', async () => {
    await executor.command(
      'CREATE TABLE d (n UInt64) ENGINE = MergeTree ORDER BY n SETTINGS non_replicated_deduplication_window = 100',
    );
    const insert = {
      table: 'd',
      body: Buffer.from('{"n":1}\n{"n":2}\n'),
      settings: { insert_deduplication_token: "b'1\\" },
    };
    await executor.insert(insert);
    await executor.insert(insert);
    expect(await executor.query('SELECT count() AS c FROM d')).toEqual([{ c: 2 }]);
  });

  it('forgets a token once as many later inserts as the deduplication window have landed', async () => {
    await executor.command(
      'CREATE TABLE w (n UInt64) ENGINE = MergeTree ORDER BY n SETTINGS non_replicated_deduplication_window = 3',
    );
    const insert = (token: string) =>
      executor.insert({
        table: 'w',
        body: Buffer.from('{"n":1}\n'),
        settings: { insert_deduplication_token: token },
      });
    for (const token of ['a', 'b', 'c', 'a', 'b', 'c']) await insert(token);
    expect(await executor.query('SELECT count() AS c FROM w')).toEqual([{ c: 3 }]);
    await insert('d');
    await insert('c');
    expect(await executor.query('SELECT count() AS c FROM w')).toEqual([{ c: 4 }]);
    await insert('a');
    expect(await executor.query('SELECT count() AS c FROM w')).toEqual([{ c: 5 }]);
  });

  it('writes insert statements with escaped settings and refuses bad names', () => {
    expect(insertStatement('spans', { insert_deduplication_token: "a'b\\c", n: 1 })).toBe(
      "INSERT INTO spans SETTINGS insert_deduplication_token = 'a\\'b\\\\c', n = 1 FORMAT JSONEachRow",
    );
    expect(() => insertStatement('spans; DROP', {})).toThrow();
    expect(() => insertStatement('spans', { 'x = 1, y': 2 })).toThrow();
  });

  it('refuses a second data folder in the same process', async () => {
    await expect(openChdbExecutor({ path: join(root, 'other') })).rejects.toThrow();
  });
});

describe('migrate', () => {
  const set = (sql: string, versions = [1, 2]): ClickHouseMigrationSet => ({
    owner: 'plugin-x',
    migrations: versions.map((version, i) => ({
      version,
      name: `m${version}`,
      sql: i === 0 ? sql : 'CREATE TABLE IF NOT EXISTS px_b (n UInt8) ENGINE = MergeTree ORDER BY n',
    })),
  });
  const first = 'CREATE TABLE IF NOT EXISTS px_a (n UInt8) ENGINE = MergeTree ORDER BY n';

  it('applies pending migrations once, per owner, and refuses edited or unordered ones', async () => {
    const executor = await openChdbExecutor({ path, readers: 1 });
    try {
      expect(await migrate(executor, set(first))).toEqual({ owner: 'plugin-x', applied: [1, 2] });
      expect(await migrate(executor, set(first))).toEqual({ owner: 'plugin-x', applied: [] });
      await expect(migrate(executor, set(`${first} -- edited`))).rejects.toThrow(
        /changed after it was applied/,
      );
      await expect(migrate(executor, set(first, [2, 1]))).rejects.toThrow(/strictly increasing/);
      const rows = await executor.query(
        "SELECT Owner, Version, Name FROM schema_migrations WHERE Owner = 'plugin-x' ORDER BY Version",
      );
      expect(rows).toEqual([
        { Owner: 'plugin-x', Version: 1, Name: 'm1' },
        { Owner: 'plugin-x', Version: 2, Name: 'm2' },
      ]);
    } finally {
      await executor.close();
    }
  });
});
