import { Hono } from 'hono';
import type { WorkspaceEnv } from '../auth-middleware';
import type { ClickHouseExecutor } from '../../core/clickhouse/executor';
import { readBusinessMetrics } from './business-metrics';
import { EXPOSITION_CONTENT_TYPE, formatExposition, type MetricFamily } from '../../core/metrics/exposition';

export interface PrometheusRoutesDeps {
  executor: ClickHouseExecutor;
  /** Epoch milliseconds; defaults to the system clock. */
  now?: () => number;
  /** Trailing window the business gauges cover (default 300 s). */
  businessMetricsWindowSeconds?: number;
  /** The serving process's operational metrics, exposed beside the business metrics. */
  roleMetrics?: () => Promise<MetricFamily[]>;
}

const DEFAULT_WINDOW_SECONDS = 300;

/** GET /metrics: Prometheus text exposition of the LLM business metrics. */
export const prometheusRoutes = (deps: PrometheusRoutesDeps) =>
  new Hono<WorkspaceEnv>().get('/metrics', async (c) => {
    const families = await readBusinessMetrics(
      deps.executor,
      c.get('workspaceId'),
      (deps.now ?? Date.now)(),
      deps.businessMetricsWindowSeconds ?? DEFAULT_WINDOW_SECONDS,
    );
    const role = (await deps.roleMetrics?.()) ?? [];
    return c.body(formatExposition([...role, ...families]), 200, { 'content-type': EXPOSITION_CONTENT_TYPE });
  });
