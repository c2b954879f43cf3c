export { metricsRoutes } from './metrics-routes';
export type { MetricsRoutesDeps } from './metrics-routes';
export { readMetrics } from './metrics-reader';
export { GroupField, MAX_POINTS, MAX_SERIES, MetricsQuery } from './metrics-query';
export type { MetricsPoint, MetricsResult, MetricsSeries } from '../../schemas/metrics-view';
