import type { ClickHouseExecutor } from '../../core/clickhouse/executor';
import { AppError } from '../../core/app-error';
import { MAX_SERIES } from './metrics-query';
import type { MetricsQuery } from './metrics-query';
import { seriesRow } from './metrics-series';
import type { MetricsResult } from '../../schemas/metrics-view';
import { metricsSql } from './metrics-sql';

/** Runs a metrics query for one workspace; more than MAX_SERIES series is an invalid argument. */
export const readMetrics = async (
  executor: Pick<ClickHouseExecutor, 'query'>,
  workspaceId: string,
  q: MetricsQuery,
): Promise<MetricsResult> => {
  const query = metricsSql(workspaceId, q);
  const Row = seriesRow(q.groupBy);
  const series = (await executor.query(query.sql, query.params))
    .map((r) => Row.parse(r))
    .filter((s) => s.points.length > 0);
  if (series.length > MAX_SERIES)
    throw new AppError(
      'invalid_argument',
      `the query has more than ${MAX_SERIES} series; add filters or group by fewer fields`,
    );
  return { from: q.from, to: q.to, stepSeconds: q.stepSeconds, groupBy: q.groupBy, series };
};
