export type {
  ClickHouseExecutor,
  InsertRequest,
  QueryParams,
  QueryParamValue,
  StatementSettings,
} from './executor';
export { clientExecutor } from './client-executor';
export { createChdbClient, openChdbExecutor } from './chdb-executor';
export type { ChdbExecutorOptions } from './chdb-executor';
export { insertStatement } from './insert-statement';
export { migrate } from './migrate';
export type { MigrationReport } from './migrate';
