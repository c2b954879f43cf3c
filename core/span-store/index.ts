export type { SpanBatch, SpanStore } from './types';
export { createClickHouseSpanStore, jsonEachRowBody } from './clickhouse-span-store';
export { openChdbSpanStore } from './chdb-span-store';
