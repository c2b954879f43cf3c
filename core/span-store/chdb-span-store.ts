import { openChdbExecutor } from '../clickhouse/chdb-executor';
import type { ChdbExecutorOptions } from '../clickhouse/chdb-executor';
import { migrate } from '../clickhouse/migrate';
import { spanMigrations } from '../../schemas/clickhouse/span-migrations';
import { createClickHouseSpanStore } from './clickhouse-span-store';
import type { SpanStore } from './types';

/** The embedded span store: opens the chdb folder, applies the span migrations, serves the shared SQL. */
export const openChdbSpanStore = async (options: ChdbExecutorOptions): Promise<SpanStore> => {
  const executor = await openChdbExecutor(options);
  try {
    await migrate(executor, spanMigrations);
  } catch (error) {
    await executor.close();
    throw error;
  }
  return createClickHouseSpanStore(executor);
};
