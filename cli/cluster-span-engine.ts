import { clusterLayout } from '../core/clickhouse/cluster-layout';
import type { ClickHouseExecutor } from '../core/clickhouse/executor';
import { migrate } from '../core/clickhouse/migrate';
import { openServerExecutor } from '../core/clickhouse/server-executor';
import type { ServerExecutorOptions } from '../core/clickhouse/server-executor';
import { createClickHouseSpanStore } from '../core/span-store/clickhouse-span-store';
import type { SpanStore } from '../core/span-store/types';
import { spanMigrations } from '../schemas/clickhouse/span-migrations';

/**
 * The span store on a ClickHouse cluster: the span migrations placed as replicated tables behind Distributed
 * ones (ON CLUSTER), and every request sent with the settings that layout needs.
 */
export async function openClusterSpanEngine(
  server: Omit<ServerExecutorOptions, 'settings'>,
  cluster: string,
): Promise<{ executor: ClickHouseExecutor; store: SpanStore }> {
  const layout = clusterLayout({ cluster, database: server.database });
  const executor = await openServerExecutor({ ...server, settings: layout.sessionSettings });
  try {
    await migrate(executor, spanMigrations, layout);
  } catch (error) {
    await executor.close();
    throw error;
  }
  return { executor, store: createClickHouseSpanStore(executor) };
}
