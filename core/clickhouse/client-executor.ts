import { Readable } from 'node:stream';
import type { ClickHouseClient } from '@clickhouse/client';
import type { ClickHouseExecutor, InsertRequest, QueryParams } from './executor';
import { insertStatement } from './insert-statement';

/**
 * An executor over one `@clickhouse/client` client: a ClickHouse server (the client pools its own sockets), or
 * a single chdb connection. Settings are never passed as `clickhouse_settings`: chdb turns those into `SET`s that
 * outlive the statement.
 */
export const clientExecutor = (client: ClickHouseClient): ClickHouseExecutor => ({
  async query(sql: string, params?: QueryParams): Promise<unknown[]> {
    const result = await client.query({
      query: sql,
      format: 'JSONEachRow',
      ...(params === undefined ? {} : { query_params: params }),
    });
    return result.json<unknown>();
  },

  async command(sql: string, params?: QueryParams): Promise<void> {
    await client.command({ query: sql, ...(params === undefined ? {} : { query_params: params }) });
  },

  async insert(request: InsertRequest): Promise<void> {
    const result = await client.exec({
      query: insertStatement(request.table, request.settings),
      values: Readable.from(Buffer.isBuffer(request.body) ? [request.body] : request.body),
    });
    // The response carries no rows; draining it releases the socket on a server.
    await new Promise<void>((resolve, reject) => {
      result.stream.on('end', resolve).on('error', reject).resume();
    });
  },

  close: () => client.close(),
});
