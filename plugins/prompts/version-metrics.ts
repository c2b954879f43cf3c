import { z } from 'zod';
import type { ClickHouseExecutor } from '../../core/clickhouse/executor';
import { MODEL_CALL_SQL } from '../../schemas/clickhouse/model-call';

/**
 * Per prompt version: a request is a span carrying the prompt key and version whose parent does not carry the same
 * version in the same trace (the outermost span of a use: our `prompt_run`, an SDK's prompt span, a tagged model
 * call). Latency and errors are those spans'; tokens and cost are the model calls that carry the version.
 * Replayed rows are read once (LIMIT 1 BY SpanId).
 */
export const VERSION_METRICS_SQL = `
SELECT PromptVersion AS version,
    sum(length(RootDurations)) AS requests,
    sum(RootErrors) AS errors,
    quantilesArray(0.5, 0.9, 0.99)(RootDurations) AS latency,
    sum(InTokens) AS inputTokens,
    sum(OutTokens) AS outputTokens,
    sum(AllTokens) AS totalTokens,
    sum(Cost) AS cost
FROM
(
    SELECT TraceId, PromptVersion,
        groupArray(SpanId) AS Ids,
        arrayFilter((d, p) -> NOT has(Ids, p), groupArray(Duration), groupArray(ParentSpanId)) AS RootDurations,
        countEqual(arrayFilter((s, p) -> NOT has(Ids, p), groupArray(StatusCode), groupArray(ParentSpanId)), 'Error')
            AS RootErrors,
        sumIf(InputTokens, ${MODEL_CALL_SQL}) AS InTokens,
        sumIf(OutputTokens, ${MODEL_CALL_SQL}) AS OutTokens,
        sumIf(TotalTokens, ${MODEL_CALL_SQL}) AS AllTokens,
        sum(TotalCost) AS Cost
    FROM
    (
        SELECT TraceId, SpanId, ParentSpanId, PromptVersion, Duration, StatusCode, SpanType,
            InputTokens, OutputTokens, TotalTokens, TotalCost
        FROM spans
        WHERE WorkspaceId = {workspaceId:String}
            AND PromptKey = {promptKey:String}
            AND Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64})
            AND Timestamp < fromUnixTimestamp64Milli({toMs:Int64})
        LIMIT 1 BY TraceId, SpanId
    )
    GROUP BY TraceId, PromptVersion
)
GROUP BY PromptVersion
ORDER BY requests DESC, version
LIMIT 1000
SETTINGS output_format_json_quote_64bit_integers = 1`;

const Count = z.coerce.number();
const Row = z.object({
  version: z.string(),
  requests: Count,
  errors: Count,
  latency: z.array(z.union([z.number(), z.string(), z.null()])),
  inputTokens: Count,
  outputTokens: Count,
  totalTokens: Count,
  cost: z.coerce.number(),
});

export interface VersionMetrics {
  /** The version as spans named it; '' when they carried the key only (drafts, inline templates). */
  version: string;
  requests: number;
  errors: number;
  errorRate: number;
  latencyMs: { p50: number | null; p90: number | null; p99: number | null };
  tokens: { input: number; output: number; total: number };
  costUsd: number;
}

/** Nanoseconds as milliseconds with two decimals; NaN (no value) as null. */
const ms = (ns: number | string | null | undefined) => {
  const n = ns === null || ns === undefined ? NaN : Number(ns);
  return Number.isFinite(n) ? Math.round(n / 1e4) / 100 : null;
};

export const emptyMetrics = (version: string): VersionMetrics => ({
  version,
  requests: 0,
  errors: 0,
  errorRate: 0,
  latencyMs: { p50: null, p90: null, p99: null },
  tokens: { input: 0, output: 0, total: 0 },
  costUsd: 0,
});

/** Reads per-version request counts, latency percentiles, tokens, cost and error rate of a prompt key. */
export async function versionMetrics(
  clickhouse: Pick<ClickHouseExecutor, 'query'>,
  q: { workspaceId: string; promptKey: string; from: number; to: number },
): Promise<VersionMetrics[]> {
  const rows = await clickhouse.query(VERSION_METRICS_SQL, {
    workspaceId: q.workspaceId,
    promptKey: q.promptKey,
    fromMs: q.from,
    toMs: q.to,
  });
  return rows.map((raw) => {
    const r = Row.parse(raw);
    const total = r.totalTokens > 0 ? r.totalTokens : r.inputTokens + r.outputTokens;
    return {
      version: r.version,
      requests: r.requests,
      errors: r.errors,
      errorRate: r.requests === 0 ? 0 : r.errors / r.requests,
      latencyMs: { p50: ms(r.latency[0]), p90: ms(r.latency[1]), p99: ms(r.latency[2]) },
      tokens: { input: r.inputTokens, output: r.outputTokens, total },
      costUsd: r.cost,
    };
  });
}
