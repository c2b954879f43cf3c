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
export { openServerExecutor } from './server-executor';
export type { ServerExecutorOptions } from './server-executor';
export { insertStatement } from './insert-statement';
export { migrate } from './migrate';
export { clusterLayout, LOCAL_SUFFIX, SHARDING_KEY } from './cluster-layout';
export type { ClusterLayoutOptions } from './cluster-layout';
export { singleServerLayout } from './schema-layout';
export type { SchemaLayout } from './schema-layout';
export type { MigrationReport } from './migrate';
