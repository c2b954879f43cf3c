import { openChdbExecutor } from '../clickhouse/chdb-executor';
import type { ChdbExecutorOptions } from '../clickhouse/chdb-executor';
import { openClickHouseSpanStore } from './clickhouse-span-store';
import type { ClickHouseExecutor } from '../clickhouse/executor';
import type { SpanStore } from './types';

/**
 * The embedded engine: opens the chdb folder and applies the span migrations. The executor is shared with the
 * query APIs; closing the store closes it.
 */
export const openChdbEngine = async (
  options: ChdbExecutorOptions,
): Promise<{ executor: ClickHouseExecutor; store: SpanStore }> =>
  openClickHouseSpanStore(await openChdbExecutor(options));

/** The embedded span store: opens the chdb folder, applies the span migrations, serves the shared SQL. */
export const openChdbSpanStore = async (options: ChdbExecutorOptions): Promise<SpanStore> =>
  (await openChdbEngine(options)).store;
