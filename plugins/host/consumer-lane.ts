import type { Logger } from '../../core/logger';
import { isInternalResource } from '../../core/self-telemetry/attributes';
import type { SpanRow } from '../../schemas/span-row';
import type { PluginContext, SpanConsumer } from '../sdk/plugin';
import { messageOf } from './deadline';
import type { PluginMetrics } from './plugin-metrics';

/** One plugin consumer as a reader of the span stream (a Kafka consumer group of its own) sees it. */
export interface ConsumerLane {
  plugin: string;
  consumer: string;
  /**
   * Hands the rows to the consumer, retrying a throw with back-off; resolves (never rejects) once the consumer
   * took them or gave up on them, counted and logged: the caller then commits.
   */
  handle(rows: readonly SpanRow[]): Promise<void>;
}

export interface LaneOptions {
  metrics: PluginMetrics;
  logger: Logger;
  /** Calls after the first failed one before the batch is given up. */
  retries: number;
  /** Wait before the first retry, doubled for each further one. */
  retryBackoffMs: number;
  /** False once the plugin failed or stops: its batches are passed over. */
  running(): boolean;
}

export function createConsumerLane(
  plugin: string,
  consumer: SpanConsumer,
  ctx: PluginContext,
  opts: LaneOptions,
): ConsumerLane {
  const labels = { plugin, consumer: consumer.name };
  return {
    plugin,
    consumer: consumer.name,
    async handle(rows) {
      const spans = consumer.includeInternal
        ? rows
        : rows.filter((r) => !isInternalResource(r.ResourceAttributes));
      for (let attempt = 0; spans.length > 0 && opts.running(); attempt++) {
        try {
          await consumer.handle(spans, ctx);
          opts.metrics.consumedSpans.inc(labels, spans.length);
          return;
        } catch (e) {
          if (attempt >= opts.retries) {
            opts.metrics.errors.inc({ plugin, where: 'consumer' });
            opts.logger.error('plugin span consumer failed; its batch is skipped', {
              ...labels,
              spans: spans.length,
              attempts: attempt + 1,
              error: messageOf(e),
            });
            return;
          }
          opts.logger.warn('plugin span consumer failed; retrying', {
            ...labels,
            attempt: attempt + 1,
            error: messageOf(e),
          });
          await new Promise((r) => setTimeout(r, opts.retryBackoffMs * 2 ** attempt));
        }
      }
    },
  };
}
