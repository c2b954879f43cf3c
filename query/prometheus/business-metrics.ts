import { z } from 'zod';
import type { ClickHouseExecutor } from '../../core/clickhouse/executor';
import { Count, Money } from '../../schemas/stored-span';
import { MODEL_CALL_SQL } from '../../schemas/clickhouse/model-call';
import type { MetricFamily } from '../../core/metrics/exposition';

/** More (workspace, model, provider) series than this are dropped, largest request counts kept. */
export const MAX_BUSINESS_SERIES = 1000;

const businessSql = `SELECT
    WorkspaceId,
    if(LlmRequestModel != '', LlmRequestModel, LlmResponseModel) AS Model,
    LlmProvider AS Provider,
    count() AS Requests,
    countIf(StatusCode = 'Error') AS Errors,
    sum(InputTokens) AS InputTokens,
    sum(OutputTokens) AS OutputTokens,
    sum(CacheReadTokens) AS CacheReadTokens,
    sum(CacheWriteTokens) AS CacheWriteTokens,
    sum(ReasoningTokens) AS ReasoningTokens,
    sum(TotalCost) AS Cost,
    countIf(TimeToFirstTokenNs > 0) AS Streamed,
    quantilesIf(0.5, 0.9, 0.99)(TimeToFirstTokenNs, TimeToFirstTokenNs > 0) AS FirstTokenNs
FROM spans
WHERE WorkspaceId = {workspaceId:String}
    AND Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64})
    AND Timestamp < fromUnixTimestamp64Milli({toMs:Int64})
    AND ${MODEL_CALL_SQL}
GROUP BY WorkspaceId, Model, Provider
ORDER BY Requests DESC, WorkspaceId, Model, Provider
LIMIT {maxRows:UInt32}
SETTINGS output_format_json_quote_64bit_integers = 1`;

const BusinessRow = z.object({
  WorkspaceId: z.string(),
  Model: z.string(),
  Provider: z.string(),
  Requests: Count,
  Errors: Count,
  InputTokens: Count,
  OutputTokens: Count,
  CacheReadTokens: Count,
  CacheWriteTokens: Count,
  ReasoningTokens: Count,
  Cost: Money,
  Streamed: Count,
  // NaN (written as null) when no call of the series reported a time to first token.
  FirstTokenNs: z.tuple([z.number().nullable(), z.number().nullable(), z.number().nullable()]),
});
type BusinessRow = z.output<typeof BusinessRow>;

const gauges: readonly [name: string, help: string, value: (r: BusinessRow) => number][] = [
  [
    'spanloop_llm_requests',
    'Model calls (llm and embedding spans) that started in the window.',
    (r) => r.Requests,
  ],
  ['spanloop_llm_errors', 'Model calls in the window whose status is Error.', (r) => r.Errors],
  ['spanloop_llm_input_tokens', 'Input tokens of the model calls in the window.', (r) => r.InputTokens],
  ['spanloop_llm_output_tokens', 'Output tokens of the model calls in the window.', (r) => r.OutputTokens],
  ['spanloop_llm_cache_read_tokens', 'Cache-read input tokens in the window.', (r) => r.CacheReadTokens],
  ['spanloop_llm_cache_write_tokens', 'Cache-write input tokens in the window.', (r) => r.CacheWriteTokens],
  ['spanloop_llm_reasoning_tokens', 'Reasoning output tokens in the window.', (r) => r.ReasoningTokens],
  ['spanloop_llm_cost_usd', 'Cost in USD of the model calls in the window.', (r) => r.Cost],
  [
    'spanloop_llm_streamed_requests',
    'Model calls in the window that reported a time to first token.',
    (r) => r.Streamed,
  ],
];

const QUANTILES = ['0.5', '0.9', '0.99'] as const;

/**
 * Business metrics as gauges over the trailing window [now - window, now), computed from the span table at scrape
 * time: each value is a total over that window, not a counter, so graph it as is (no rate()).
 */
export const readBusinessMetrics = async (
  executor: Pick<ClickHouseExecutor, 'query'>,
  workspaceId: string,
  nowMs: number,
  windowSeconds: number,
): Promise<MetricFamily[]> => {
  const rows = (
    await executor.query(businessSql, {
      workspaceId,
      fromMs: nowMs - windowSeconds * 1000,
      toMs: nowMs,
      maxRows: MAX_BUSINESS_SERIES + 1,
    })
  ).map((r) => BusinessRow.parse(r));
  const kept = rows.slice(0, MAX_BUSINESS_SERIES);
  const labels = (r: BusinessRow) =>
    [
      ['workspace', r.WorkspaceId],
      ['model', r.Model],
      ['provider', r.Provider],
    ] as const;
  return [
    {
      name: 'spanloop_llm_window_seconds',
      help: 'Length of the trailing window the spanloop_llm_* gauges cover.',
      type: 'gauge',
      samples: [{ labels: [], value: windowSeconds }],
    },
    ...gauges.map(([name, help, value]): MetricFamily => ({
      name,
      help,
      type: 'gauge',
      samples: kept.map((r) => ({ labels: labels(r), value: value(r) })),
    })),
    {
      // Quantiles over the window as gauges (not a summary: nothing here is cumulative); series without streamed
      // calls have no samples rather than a misleading 0.
      name: 'spanloop_llm_time_to_first_token_seconds',
      help: 'Time to first token of the streamed model calls in the window, by quantile.',
      type: 'gauge',
      samples: kept.flatMap((r) =>
        r.Streamed === 0
          ? []
          : QUANTILES.flatMap((quantile, i) => {
              const ns = r.FirstTokenNs[i];
              return ns === null || ns === undefined
                ? []
                : [{ labels: [...labels(r), ['quantile', quantile] as const], value: ns / 1e9 }];
            }),
      ),
    },
    {
      name: 'spanloop_llm_series_truncated',
      help: `1 when more than ${MAX_BUSINESS_SERIES} workspace/model/provider series existed and the smallest were left out.`,
      type: 'gauge',
      samples: [{ labels: [], value: rows.length > MAX_BUSINESS_SERIES ? 1 : 0 }],
    },
  ];
};
