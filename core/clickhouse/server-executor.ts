import { createClient } from '@clickhouse/client';
import { clientExecutor } from './client-executor';
import type { ClickHouseExecutor } from './executor';

export interface ServerExecutorOptions {
  /** http(s)://host:port of the ClickHouse HTTP interface; https enables TLS. */
  url: string;
  username: string;
  password: string;
  database: string;
  /** Parallel sockets (default 10). */
  maxOpenConnections?: number;
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
  });
  const ping = await client.ping();
  if (!ping.success) {
    await client.close();
    throw new Error(`ClickHouse at ${options.url} does not answer: ${String(ping.error)}`);
  }
  return clientExecutor(client);
};
