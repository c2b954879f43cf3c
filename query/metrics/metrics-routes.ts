import { Hono } from 'hono';
import type { WorkspaceEnv } from '../auth-middleware';
import type { ClickHouseExecutor } from '../../core/clickhouse/executor';
import { parseRequest } from '../error-response';
import { MetricsQuery } from './metrics-query';
import { readMetrics } from './metrics-reader';

export interface MetricsRoutesDeps {
  executor: ClickHouseExecutor;
}

const LIST_PARAMS = ['groupBy', 'spanType'] as const;

/** GET /metrics (mounted under /api/v1): request, error, latency, time-to-first-token, token and cost series. */
export const metricsRoutes = (deps: MetricsRoutesDeps) =>
  new Hono<WorkspaceEnv>().get('/metrics', async (c) => {
    const input: Record<string, string> = { ...c.req.query() };
    // Lists may come as repeated parameters or comma-separated; both end up comma-separated.
    for (const name of LIST_PARAMS) {
      const all = c.req.queries(name);
      if (all !== undefined) input[name] = all.join(',');
    }
    const q = parseRequest(MetricsQuery, input);
    if (!q.ok) throw q.error;
    return c.json(await readMetrics(deps.executor, c.get('workspaceId'), q.value));
  });
