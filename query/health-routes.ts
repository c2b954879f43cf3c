import { Hono } from 'hono';
import { EXPOSITION_CONTENT_TYPE, formatExposition, type MetricFamily } from '../core/metrics/exposition';

export interface HealthRoutesDeps {
  /** Whether the role's dependencies answer; drives /readyz. */
  ready: () => Promise<boolean>;
  /** The role's operational metrics. */
  roleMetrics: () => Promise<MetricFamily[]>;
}

/** /healthz (the process runs), /readyz (it can serve) — every role has them. */
export const healthRoutes = (deps: Pick<HealthRoutesDeps, 'ready'>) =>
  new Hono()
    .get('/healthz', (c) => c.json({ status: 'ok' }))
    .get('/readyz', async (c) =>
      (await deps.ready()) ? c.json({ status: 'ready' }) : c.json({ status: 'not ready' }, 503),
    );

/** The whole HTTP surface of a role without the query API (collector, ingester): health and /metrics. */
export const roleApp = (deps: HealthRoutesDeps) =>
  new Hono()
    .route('/', healthRoutes(deps))
    .get('/metrics', async (c) =>
      c.body(formatExposition(await deps.roleMetrics()), 200, { 'content-type': EXPOSITION_CONTENT_TYPE }),
    );
