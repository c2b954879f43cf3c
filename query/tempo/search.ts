import { z } from 'zod';
import { AppError } from '../../core/app-error';
import type { ClickHouseExecutor, QueryParams } from '../../core/clickhouse/executor';
import { Count, typedAttributes, UInt64Text } from '../../schemas/stored-span';
import type { CompiledFilter } from '../traceql/compile';
import { otlpJsonAttributes, type OtlpKeyValue } from './otlp-json';
import type { NanoRange } from './search-params';
import { matchingTracesSql, traceServicesSql } from './search-sql';

/** Tempo's placeholder when a trace's root span has not arrived (or fell outside what was stored). */
export const NO_ROOT = '<root span not yet received>';

export interface TempoSearch {
  filter: CompiledFilter;
  range: NanoRange;
  /** Traces to return. */
  limit: number;
  /** Matching spans shown per trace. */
  spss: number;
}

export interface TempoSpan {
  spanID: string;
  name: string;
  startTimeUnixNano: string;
  durationNanos: string;
  attributes: OtlpKeyValue[];
}
export interface TempoSpanSet {
  spans: TempoSpan[];
  matched: number;
}
export interface TempoTrace {
  traceID: string;
  rootServiceName: string;
  rootTraceName: string;
  startTimeUnixNano: string;
  durationMs: number;
  /** Deprecated by Tempo but still read by older Grafana versions. */
  spanSet: TempoSpanSet;
  spanSets: TempoSpanSet[];
  serviceStats: Record<string, { spanCount: number; errorCount: number }>;
}
/** Tempo's `SearchResponse` in proto3 JSON. */
export interface TempoSearchResponse {
  traces: TempoTrace[];
  metrics: { inspectedTraces: number; inspectedBytes: string; completedJobs: number; totalJobs: number };
}

const StringMap = z.record(z.string(), z.string());
const MatchRow = z.object({
  TraceId: z.string(),
  Matched: Count,
  Spans: z.array(
    z.tuple([z.string(), z.string(), UInt64Text, UInt64Text, StringMap, StringMap, StringMap, StringMap]),
  ),
});
const ServiceRow = z.object({
  TraceId: z.string(),
  ServiceName: z.string(),
  SpanCount: Count,
  ErrorCount: Count,
  StartNs: UInt64Text,
  EndNs: UInt64Text,
  Roots: Count,
  RootName: z.string(),
  RootStartNs: UInt64Text,
});
type ServiceRow = z.output<typeof ServiceRow>;

/** Runs a query whose text holds a user regex; an RE2 compile error is the user's, not ours. */
export async function queryWithUserRegex(
  executor: ClickHouseExecutor,
  sql: string,
  params: QueryParams,
): Promise<unknown[]> {
  try {
    return await executor.query(sql, params);
  } catch (e) {
    if (/cannot compile re2/i.test(String(e)))
      throw new AppError('invalid_argument', 'invalid regular expression');
    throw e;
  }
}

interface Summary {
  rootServiceName: string;
  rootTraceName: string;
  start: bigint;
  end: bigint;
  rootStart: bigint | undefined;
  serviceStats: TempoTrace['serviceStats'];
}

function summarize(rows: readonly ServiceRow[]): Map<string, Summary> {
  const byTrace = new Map<string, Summary>();
  for (const row of rows) {
    const start = BigInt(row.StartNs);
    const end = BigInt(row.EndNs);
    let s = byTrace.get(row.TraceId);
    if (s === undefined) {
      s = {
        rootServiceName: NO_ROOT,
        rootTraceName: NO_ROOT,
        start,
        end,
        rootStart: undefined,
        serviceStats: {},
      };
      byTrace.set(row.TraceId, s);
    }
    if (start < s.start) s.start = start;
    if (end > s.end) s.end = end;
    s.serviceStats[row.ServiceName] = { spanCount: row.SpanCount, errorCount: row.ErrorCount };
    const rootStart = BigInt(row.RootStartNs);
    // Several roots (a broken trace): the earliest one names the trace.
    if (row.Roots > 0 && (s.rootStart === undefined || rootStart < s.rootStart)) {
      s.rootStart = rootStart;
      s.rootServiceName = row.ServiceName;
      s.rootTraceName = row.RootName;
    }
  }
  return byTrace;
}

const spanKeysOf = (filter: CompiledFilter, scopes: readonly string[]): string[] => [
  ...new Set(filter.attributes.filter((a) => scopes.includes(a.scope)).map((a) => a.key)),
];

/** TraceQL search as Tempo answers it: traces with their matching spans, newest first. */
export async function searchTempoTraces(
  executor: ClickHouseExecutor,
  workspaceId: string,
  search: TempoSearch,
): Promise<TempoSearchResponse> {
  const matches = (
    await queryWithUserRegex(executor, matchingTracesSql(search.filter.sql), {
      ...search.filter.params,
      workspaceId,
      startNs: search.range.startNs,
      endNs: search.range.endNs,
      spss: search.spss,
      limit: search.limit,
      spanKeys: spanKeysOf(search.filter, ['span', 'unscoped']),
      resourceKeys: ['service.name', ...spanKeysOf(search.filter, ['resource', 'unscoped'])],
    })
  ).map((row) => MatchRow.parse(row));
  if (matches.length === 0) return { traces: [], metrics: metrics(0) };

  const summaries = summarize(
    (await executor.query(traceServicesSql, { workspaceId, traceIds: matches.map((m) => m.TraceId) })).map(
      (row) => ServiceRow.parse(row),
    ),
  );
  const traces = matches.map((m): TempoTrace => {
    const s = summaries.get(m.TraceId);
    const spanSet: TempoSpanSet = {
      matched: m.Matched,
      spans: m.Spans.map(([spanId, name, start, duration, spanAttrs, spanTypes, resAttrs, resTypes]) => ({
        spanID: spanId,
        name,
        startTimeUnixNano: start,
        durationNanos: duration,
        attributes: otlpJsonAttributes({
          ...typedAttributes(resAttrs, resTypes),
          ...typedAttributes(spanAttrs, spanTypes),
        }),
      })),
    };
    return {
      traceID: m.TraceId,
      rootServiceName: s?.rootServiceName ?? NO_ROOT,
      rootTraceName: s?.rootTraceName ?? NO_ROOT,
      startTimeUnixNano: (s?.start ?? 0n).toString(),
      durationMs: s === undefined ? 0 : Number((s.end - s.start) / 1_000_000n),
      spanSet,
      spanSets: [spanSet],
      serviceStats: s?.serviceStats ?? {},
    };
  });
  // Tempo lists the newest traces first.
  traces.sort((a, b) => {
    const [x, y] = [BigInt(a.startTimeUnixNano), BigInt(b.startTimeUnixNano)];
    return x < y ? 1 : x > y ? -1 : 0;
  });
  return { traces, metrics: metrics(traces.length) };
}

const metrics = (inspectedTraces: number): TempoSearchResponse['metrics'] => ({
  inspectedTraces,
  inspectedBytes: '0',
  completedJobs: 1,
  totalJobs: 1,
});
