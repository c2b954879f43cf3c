import type { Logger } from '../../core/logger';
import { isInternalResource } from '../../core/self-telemetry/attributes';
import type { SpanRow } from '../../schemas/span-row';
import type { PluginContext, SpanConsumer } from '../sdk/plugin';
import type { PluginMetrics } from './plugin-metrics';

export interface FanoutOptions {
  metrics: PluginMetrics;
  logger: Logger;
  /** Spans waiting per consumer; past this, new spans are dropped for that consumer and counted. */
  maxQueuedSpans: number;
  /** Most spans handed to one `handle` call. */
  maxBatchSpans: number;
  /** Least time between two logged errors of one consumer (the counter sees every one). */
  errorLogEveryMs?: number;
}

/** Hands durable spans to plugin consumers without ever waiting for them. */
export interface SpanFanout {
  add(plugin: string, consumer: SpanConsumer, ctx: PluginContext): void;
  /** Queues the spans for every consumer; never throws and never waits. */
  deliver(rows: readonly SpanRow[]): void;
  /** Stops queueing for the plugin and waits for its consumers to finish (false when the time ran out). */
  drain(plugin: string, timeoutMs: number): Promise<boolean>;
  /** Spans waiting per plugin and consumer. */
  depths(): { plugin: string; consumer: string; spans: number }[];
}

interface Lane {
  plugin: string;
  consumer: SpanConsumer;
  ctx: PluginContext;
  queue: (readonly SpanRow[])[];
  queued: number;
  running: boolean;
  closed: boolean;
  idle: (() => void)[];
  lastErrorLog: number;
  unlogged: number;
}

export function createSpanFanout(opts: FanoutOptions): SpanFanout {
  const lanes: Lane[] = [];
  const logEvery = opts.errorLogEveryMs ?? 10_000;
  const labels = (lane: Lane) => ({ plugin: lane.plugin, consumer: lane.consumer.name });

  const take = (lane: Lane): SpanRow[] => {
    let chunk: SpanRow[] = [];
    while (lane.queue.length > 0 && chunk.length < opts.maxBatchSpans) {
      const head = lane.queue[0] as readonly SpanRow[];
      const room = opts.maxBatchSpans - chunk.length;
      if (head.length <= room) {
        lane.queue.shift();
        chunk = chunk.concat(head);
      } else {
        chunk = chunk.concat(head.slice(0, room));
        lane.queue[0] = head.slice(room);
      }
    }
    lane.queued -= chunk.length;
    return chunk;
  };

  const failed = (lane: Lane, e: unknown) => {
    opts.metrics.errors.inc({ plugin: lane.plugin, where: 'consumer' });
    const now = Date.now();
    if (now - lane.lastErrorLog < logEvery) {
      lane.unlogged++;
      return;
    }
    opts.logger.error('plugin span consumer failed', {
      plugin: lane.plugin,
      consumer: lane.consumer.name,
      error: e instanceof Error ? e.message : String(e),
      ...(lane.unlogged > 0 ? { alsoFailedSinceLastLog: lane.unlogged } : {}),
    });
    lane.lastErrorLog = now;
    lane.unlogged = 0;
  };

  async function pump(lane: Lane): Promise<void> {
    lane.running = true;
    while (lane.queue.length > 0) {
      const chunk = take(lane);
      try {
        await lane.consumer.handle(chunk, lane.ctx);
        opts.metrics.consumedSpans.inc(labels(lane), chunk.length);
      } catch (e) {
        failed(lane, e);
      }
    }
    lane.running = false;
    for (const resolve of lane.idle.splice(0)) resolve();
  }

  return {
    add(plugin, consumer, ctx) {
      lanes.push({
        plugin,
        consumer,
        ctx,
        queue: [],
        queued: 0,
        running: false,
        closed: false,
        idle: [],
        lastErrorLog: 0,
        unlogged: 0,
      });
    },
    deliver(rows) {
      let external: readonly SpanRow[] | undefined;
      for (const lane of lanes) {
        if (lane.closed) continue;
        const spans = lane.consumer.includeInternal
          ? rows
          : (external ??= rows.filter((r) => !isInternalResource(r.ResourceAttributes)));
        if (spans.length === 0) continue;
        // An empty queue takes any batch, so one large insert is never dropped whole for every consumer.
        if (lane.queued > 0 && lane.queued + spans.length > opts.maxQueuedSpans) {
          opts.metrics.droppedSpans.inc(labels(lane), spans.length);
          continue;
        }
        lane.queue.push(spans);
        lane.queued += spans.length;
        if (!lane.running) void pump(lane);
      }
    },
    async drain(plugin, timeoutMs) {
      const own = lanes.filter((l) => l.plugin === plugin);
      for (const lane of own) lane.closed = true;
      const busy = own.filter((l) => l.running);
      let timer: NodeJS.Timeout | undefined;
      const drained = await Promise.race([
        Promise.all(busy.map((l) => new Promise<void>((r) => l.idle.push(r)))).then(() => true),
        new Promise<boolean>((r) => (timer = setTimeout(() => r(false), timeoutMs))),
      ]);
      clearTimeout(timer);
      for (const lane of own) {
        if (lane.queued > 0) opts.metrics.droppedSpans.inc(labels(lane), lane.queued);
        lane.queue = [];
        lane.queued = 0;
      }
      return drained;
    },
    depths: () => lanes.map((l) => ({ plugin: l.plugin, consumer: l.consumer.name, spans: l.queued })),
  };
}
