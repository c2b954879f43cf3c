export { prometheusRoutes } from './prometheus-routes';
export type { PrometheusRoutesDeps } from './prometheus-routes';
export { MAX_BUSINESS_SERIES, readBusinessMetrics } from './business-metrics';
