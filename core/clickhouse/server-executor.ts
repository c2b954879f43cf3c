import { createClient } from '@clickhouse/client';
import { clientExecutor } from './client-executor';
import type { ClickHouseExecutor, StatementSettings } from './executor';

export interface ServerExecutorOptions {
  /** http(s)://host:port of the ClickHouse HTTP interface; https enables TLS. */
  url: string;
  username: string;
  password: string;
  database: string;
  /** Parallel sockets (default 10). */
  maxOpenConnections?: number;
  /** Sent with every request (a cluster layout's session settings). */
  settings?: StatementSettings;
}

/** A ClickHouse server or cluster over HTTP: the same SQL as the embedded engine, compressed both ways. */
export const openServerExecutor = async (options: ServerExecutorOptions): Promise<ClickHouseExecutor> => {
  const client = createClient({
    url: options.url,
    username: options.username,
    password: options.password,
    database: options.database,
    compression: { request: true, response: true },
    max_open_connections: options.maxOpenConnections ?? 10,
    application: 'spanloop',
    // Server settings travel as URL parameters of each request, unlike chdb's lasting SETs.
    clickhouse_settings: { ...options.settings },
  });
  const ping = await client.ping();
  if (!ping.success) {
    await client.close();
    throw new Error(`ClickHouse at ${options.url} does not answer: ${String(ping.error)}`);
  }
  return clientExecutor(client);
};
