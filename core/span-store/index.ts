export type { SpanBatch, SpanStore } from './types';
export { createClickHouseSpanStore, jsonEachRowBody, openClickHouseSpanStore } from './clickhouse-span-store';
export { openChdbEngine, openChdbSpanStore } from './chdb-span-store';
