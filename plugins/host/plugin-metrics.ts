import type { Counter, MetricsRegistry } from '../../core/metrics/registry';

/** Where a plugin failed, the `where` label of `spanloop_plugin_errors_total`. */
export type FailurePoint =
  'load' | 'migrate' | 'start' | 'stop' | 'routes' | 'route' | 'consumer' | 'evaluator' | 'telemetry';

/** What the host counts, per plugin. */
export interface PluginMetrics {
  errors: Counter;
  droppedSpans: Counter;
  consumedSpans: Counter;
}

export const createPluginMetrics = (registry: Pick<MetricsRegistry, 'counter'>): PluginMetrics => ({
  errors: registry.counter(
    'spanloop_plugin_errors_total',
    'Errors of plugins by plugin and where: load, migrate, start, stop, routes, route, consumer, evaluator, telemetry',
  ),
  droppedSpans: registry.counter(
    'spanloop_plugin_spans_dropped_total',
    'Spans a plugin consumer did not get because its queue was full (consumers are best effort)',
  ),
  consumedSpans: registry.counter(
    'spanloop_plugin_spans_consumed_total',
    'Spans handed to plugin consumers, by plugin and consumer',
  ),
});
