import type { ClickHouseMigration, ClickHouseMigrationSet } from './migration';

/** Table names; the lookup follows the exporter's `<table>_trace_id_ts` convention Grafana's plugin looks for. */
export const spanTables = {
  spans: 'spans',
  traceIdTs: 'spans_trace_id_ts',
  traceIdTsMv: 'spans_trace_id_ts_mv',
} as const;

/** Inserts per table whose deduplication tokens ClickHouse remembers; a replay older than that is stored again. */
export const SPANS_DEDUPLICATION_WINDOW = 10_000;

/*
 * Column names and types follow the OpenTelemetry Collector ClickHouse exporter so Grafana and HyperDX read the
 * table unchanged. RetentionDays (0 = keep forever) is set per row from the workspace's retention; it is part of
 * the partition key so every part holds one retention class and `ttl_only_drop_parts` can drop whole parts.
 * Sort key and granules were chosen by bench/store.ts at 10M spans: ServiceName first keeps service searches to
 * that service's rows, (hour, TraceId) makes a trace read one short range per service, and 256-row granules with
 * 16 KiB compressed blocks keep each range's decompression small (trace by id p50 ~23 ms instead of ~49 ms).
 */
const spansTable: ClickHouseMigration = {
  version: 1,
  name: 'spans',
  sql: `CREATE TABLE IF NOT EXISTS spans
(
    WorkspaceId LowCardinality(String) CODEC(ZSTD(1)),
    Timestamp DateTime64(9) CODEC(Delta(8), ZSTD(1)),
    TraceId String CODEC(ZSTD(1)),
    SpanId String CODEC(ZSTD(1)),
    ParentSpanId String CODEC(ZSTD(1)),
    TraceState String CODEC(ZSTD(1)),
    SpanName LowCardinality(String) CODEC(ZSTD(1)),
    SpanKind LowCardinality(String) CODEC(ZSTD(1)),
    ServiceName LowCardinality(String) CODEC(ZSTD(1)),
    ResourceAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    ResourceAttributeTypes Map(LowCardinality(String), LowCardinality(String)) CODEC(ZSTD(1)),
    ScopeName String CODEC(ZSTD(1)),
    ScopeVersion String CODEC(ZSTD(1)),
    SpanAttributes Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    SpanAttributeTypes Map(LowCardinality(String), LowCardinality(String)) CODEC(ZSTD(1)),
    Duration UInt64 CODEC(ZSTD(1)),
    StatusCode LowCardinality(String) CODEC(ZSTD(1)),
    StatusMessage String CODEC(ZSTD(1)),
    Events Nested
    (
        Timestamp DateTime64(9),
        Name LowCardinality(String),
        Attributes Map(LowCardinality(String), String),
        AttributeTypes Map(LowCardinality(String), LowCardinality(String))
    ) CODEC(ZSTD(1)),
    Links Nested
    (
        TraceId String,
        SpanId String,
        TraceState String,
        Attributes Map(LowCardinality(String), String),
        AttributeTypes Map(LowCardinality(String), LowCardinality(String))
    ) CODEC(ZSTD(1)),
    SpanType LowCardinality(String) CODEC(ZSTD(1)),
    LlmProvider LowCardinality(String) CODEC(ZSTD(1)),
    LlmRequestModel LowCardinality(String) CODEC(ZSTD(1)),
    LlmResponseModel LowCardinality(String) CODEC(ZSTD(1)),
    LlmInput String CODEC(ZSTD(3)),
    LlmOutput String CODEC(ZSTD(3)),
    InputTokens UInt64 CODEC(T64, ZSTD(1)),
    OutputTokens UInt64 CODEC(T64, ZSTD(1)),
    TotalTokens UInt64 CODEC(T64, ZSTD(1)),
    CacheReadTokens UInt64 CODEC(T64, ZSTD(1)),
    CacheWriteTokens UInt64 CODEC(T64, ZSTD(1)),
    ReasoningTokens UInt64 CODEC(T64, ZSTD(1)),
    InputCost Float64 CODEC(ZSTD(1)),
    OutputCost Float64 CODEC(ZSTD(1)),
    TotalCost Float64 CODEC(ZSTD(1)),
    SessionId String CODEC(ZSTD(1)),
    UserId String CODEC(ZSTD(1)),
    PromptKey LowCardinality(String) CODEC(ZSTD(1)),
    PromptVersion LowCardinality(String) CODEC(ZSTD(1)),
    RetentionDays UInt16 DEFAULT 0 CODEC(ZSTD(1)),
    INDEX idx_trace_id TraceId TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX idx_session_id SessionId TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_user_id UserId TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_res_attr_key mapKeys(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_res_attr_value mapValues(ResourceAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_span_attr_key mapKeys(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_span_attr_value mapValues(SpanAttributes) TYPE bloom_filter(0.01) GRANULARITY 1,
    INDEX idx_duration Duration TYPE minmax GRANULARITY 1
)
ENGINE = MergeTree
PARTITION BY (toDate(Timestamp), RetentionDays)
ORDER BY (WorkspaceId, ServiceName, toStartOfHour(Timestamp), TraceId)
TTL if(RetentionDays = 0, toDateTime('2106-01-01 00:00:00', 'UTC'), toDateTime(Timestamp) + toIntervalDay(RetentionDays))
SETTINGS index_granularity = 256, min_compress_block_size = 16384, ttl_only_drop_parts = 1,
    non_replicated_deduplication_window = ${SPANS_DEDUPLICATION_WINDOW}`,
};

/*
 * Several rows per trace until merges collapse them (one per insert block), so readers aggregate again. Monthly
 * partitions keep a point read to a few parts; a row outliving its spans by weeks only yields an empty read.
 */
const traceIdTsTable: ClickHouseMigration = {
  version: 2,
  name: 'spans_trace_id_ts',
  sql: `CREATE TABLE IF NOT EXISTS spans_trace_id_ts
(
    WorkspaceId LowCardinality(String) CODEC(ZSTD(1)),
    TraceId String CODEC(ZSTD(1)),
    Start SimpleAggregateFunction(min, DateTime64(9)) CODEC(Delta(8), ZSTD(1)),
    End SimpleAggregateFunction(max, DateTime64(9)) CODEC(Delta(8), ZSTD(1)),
    NumSpans SimpleAggregateFunction(sum, UInt64) CODEC(T64, ZSTD(1)),
    RetentionDays UInt16 DEFAULT 0 CODEC(ZSTD(1))
)
ENGINE = AggregatingMergeTree
PARTITION BY (toYYYYMM(Start), RetentionDays)
ORDER BY (WorkspaceId, TraceId)
TTL if(RetentionDays = 0, toDateTime('2106-01-01 00:00:00', 'UTC'), toDateTime(Start) + toIntervalDay(RetentionDays))
SETTINGS index_granularity = 256, ttl_only_drop_parts = 1, non_replicated_deduplication_window = ${SPANS_DEDUPLICATION_WINDOW}`,
};

const traceIdTsView: ClickHouseMigration = {
  version: 3,
  name: 'spans_trace_id_ts_mv',
  sql: `CREATE MATERIALIZED VIEW IF NOT EXISTS spans_trace_id_ts_mv TO spans_trace_id_ts
AS SELECT
    WorkspaceId,
    TraceId,
    min(Timestamp) AS Start,
    max(Timestamp) AS End,
    count() AS NumSpans,
    RetentionDays
FROM spans
WHERE TraceId != ''
GROUP BY WorkspaceId, TraceId, RetentionDays`,
};

/*
 * Time to first token of streamed model calls, in nanoseconds like Duration; 0 when the span did not report one.
 * Rows written before this migration read back as 0 (the default), so no rewrite of old parts is needed.
 */
const timeToFirstToken: ClickHouseMigration = {
  version: 4,
  name: 'spans_time_to_first_token',
  sql: `ALTER TABLE spans ADD COLUMN IF NOT EXISTS TimeToFirstTokenNs UInt64 DEFAULT 0 CODEC(T64, ZSTD(1))`,
};

/** The span backbone's migrations, owned by "core". Shipped migrations never change: append new ones. */
export const spanMigrations: ClickHouseMigrationSet = {
  owner: 'core',
  migrations: [spansTable, traceIdTsTable, traceIdTsView, timeToFirstToken],
};
