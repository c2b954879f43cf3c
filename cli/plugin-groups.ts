import type { KafkaBus } from '../core/bus/kafka-bus';
import type { MetricsRegistry } from '../core/metrics/registry';
import type { PluginHost } from '../plugins/host';

/** The consumer group of one plugin consumer: the ingesters' group, the plugin and the consumer. */
export const pluginGroupId = (ingesterGroup: string, plugin: string, consumer: string): string =>
  `${ingesterGroup}.plugin.${plugin}.${consumer}`;

/**
 * Gives every consumer of the running plugins its own consumer group on the spans topic (at least once; the
 * members in all ingesting processes share its partitions) and a lag gauge. The readers close first on shutdown,
 * before the plugins stop.
 */
export function readPluginGroups(
  host: Pick<PluginHost, 'consumerLanes' | 'consumerBatchSpans'>,
  readGroup: KafkaBus['readGroup'],
  ingesterGroup: string,
  metrics: Pick<MetricsRegistry, 'gauge'>,
  cleanups: (() => Promise<void>)[],
): void {
  const readers = host.consumerLanes().map((lane) => ({
    lane,
    reader: readGroup(
      pluginGroupId(ingesterGroup, lane.plugin, lane.consumer),
      (rows) => lane.handle(rows),
      host.consumerBatchSpans,
    ),
  }));
  if (readers.length === 0) return;
  cleanups.push(async () => {
    await Promise.all(readers.map(({ reader }) => reader.close()));
  });
  metrics.gauge(
    'spanloop_plugin_consumer_lag',
    'Records of the spans topic each plugin consumer group has not committed yet',
    async () =>
      Promise.all(
        readers.map(async ({ lane, reader }) => ({
          labels: [['plugin', lane.plugin] as const, ['consumer', lane.consumer] as const],
          value: await reader.lag(),
        })),
      ),
  );
}
