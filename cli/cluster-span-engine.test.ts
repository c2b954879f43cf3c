import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { clusterLayout } from '../core/clickhouse/cluster-layout';
import { spanMigrations } from '../schemas/clickhouse/span-migrations';
import { openClusterSpanEngine } from './cluster-span-engine';
import { parseArgs } from './settings';

/** A request as a ClickHouse HTTP endpoint sees it: the statement and the URL's settings. */
interface Seen {
  sql: string;
  params: URLSearchParams;
}

const bodyOf = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  return (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
};

/**
 * Answers like an empty ClickHouse server over HTTP (ping, statements, an empty ledger), recording what it is
 * sent: the wire contract of the cluster wiring, since there is no ClickHouse cluster here.
 */
async function recordingServer() {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/ping') return void res.end('Ok.\n');
    void bodyOf(req).then((body) => {
      const sql = url.searchParams.get('query') ?? body;
      seen.push({ sql, params: url.searchParams });
      res.writeHead(200, { 'content-type': 'text/plain', 'x-clickhouse-summary': '{}' }).end('');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, seen, close: () => new Promise((r) => server.close(r)) };
}

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe('ClickHouse cluster configuration', () => {
  it('reads SPANLOOP_CLICKHOUSE_CLUSTER beside the server URL', () => {
    const parsed = parseArgs(['ingester'], {
      SPANLOOP_CLICKHOUSE_URL: 'http://ch:8123',
      SPANLOOP_CLICKHOUSE_CLUSTER: 'spanloop',
    });
    expect('config' in parsed && parsed.config.clickhouse).toMatchObject({
      kind: 'server',
      cluster: 'spanloop',
    });
  });

  it('refuses a cluster without a server URL rather than ignoring it', () => {
    const parsed = parseArgs(['ingester'], { SPANLOOP_CLICKHOUSE_CLUSTER: 'spanloop' });
    expect('error' in parsed && parsed.error).toMatch(/clickhouse\.url/);
  });

  it('migrates with the cluster DDL and sends the cluster settings with every request', async () => {
    const server = await recordingServer();
    closers.push(server.close);
    const engine = await openClusterSpanEngine(
      { url: server.url, username: 'default', password: '', database: 'spans_db' },
      'spanloop',
    );
    closers.push(() => engine.store.close());
    const layout = clusterLayout({ cluster: 'spanloop', database: 'spans_db' });
    const ddl = server.seen.map((s) => s.sql.trim()).filter((sql) => /^(CREATE|ALTER)\b/.test(sql));
    expect(ddl).toEqual([
      layout.ledgerSql,
      ...spanMigrations.migrations.flatMap((m) => layout.statements(m)),
    ]);
    for (const { params } of server.seen) {
      expect(params.get('distributed_foreground_insert')).toBe('1');
      expect(params.get('distributed_product_mode')).toBe('local');
      expect(params.get('database')).toBe('spans_db');
    }
  });
});
