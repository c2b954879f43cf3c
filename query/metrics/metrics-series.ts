import { z } from 'zod';
import { Count, Money } from '../../schemas/stored-span';
import type { GroupField, MetricsPoint, MetricsSeries } from '../../schemas/metrics-view';

const NS_PER_MS = 1e6;
// ClickHouse writes the NaN of a quantile over no rows as null in JSON.
const Quantiles = z.tuple([z.number().nullable(), z.number().nullable(), z.number().nullable()]);

const PointTuple = z
  .tuple([
    Count,
    Count,
    Count,
    z.tuple([z.number(), z.number(), z.number()]),
    Count,
    Count,
    Count,
    Count,
    Count,
    Count,
    Money,
    Count,
    Quantiles,
  ])
  .transform(
    ([
      timestamp,
      requests,
      errors,
      [p50, p90, p99],
      input,
      output,
      cacheRead,
      cacheWrite,
      reasoning,
      total,
      cost,
      streamed,
      [t50, t90, t99],
    ]) =>
      ({
        timestamp,
        requests,
        errors,
        errorRate: requests === 0 ? 0 : errors / requests,
        latencyMs: { p50: p50 / NS_PER_MS, p90: p90 / NS_PER_MS, p99: p99 / NS_PER_MS },
        inputTokens: input,
        outputTokens: output,
        cacheReadTokens: cacheRead,
        cacheWriteTokens: cacheWrite,
        reasoningTokens: reasoning,
        totalTokens: total,
        cost,
        timeToFirstTokenSpans: streamed,
        timeToFirstTokenMs:
          streamed === 0 || t50 === null || t90 === null || t99 === null
            ? null
            : { p50: t50 / NS_PER_MS, p90: t90 / NS_PER_MS, p99: t99 / NS_PER_MS },
      }) satisfies MetricsPoint,
  );

/** One row of metricsSql: group keys G0…Gn, the points, and the series' request total. */
export const seriesRow = (groupBy: readonly GroupField[]) =>
  z
    .object({ Points: z.array(PointTuple) })
    .catchall(z.unknown())
    .transform((row, ctx): MetricsSeries => {
      const labels: Partial<Record<GroupField, string>> = {};
      groupBy.forEach((field, i) => {
        const value = row[`G${i}`];
        if (typeof value === 'string') labels[field] = value;
        else ctx.addIssue({ code: 'custom', message: `group key G${i} is not a string` });
      });
      return { labels, points: row.Points.sort((a, b) => a.timestamp - b.timestamp) };
    });
