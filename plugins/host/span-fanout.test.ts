import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger';
import { createMetricsRegistry } from '../../core/metrics/registry';
import { makeRow } from '../../core/span-store/make-row';
import type { SpanRow } from '../../schemas/span-row';
import type { PluginContext, SpanConsumer } from '../sdk/plugin';
import { sampleOf } from './metrics-test-kit';
import { createPluginMetrics } from './plugin-metrics';
import { createSpanFanout } from './span-fanout';

const ctx = {} as PluginContext;
const rows = (n: number, overrides: Partial<SpanRow> = {}) =>
  Array.from({ length: n }, () => makeRow(overrides));
const internal = (n: number) =>
  rows(n, { ResourceAttributes: { 'service.name': 'spanloop', 'spanloop.internal': 'true' } });

function setup(maxQueuedSpans = 100, maxBatchSpans = 10) {
  const registry = createMetricsRegistry();
  const fanout = createSpanFanout({
    metrics: createPluginMetrics(registry),
    logger: silentLogger,
    maxQueuedSpans,
    maxBatchSpans,
  });
  return { registry, fanout };
}

/** A consumer whose calls wait until released. */
function gated(name: string, extra: Partial<SpanConsumer> = {}) {
  const batches: number[] = [];
  let release: () => void = () => undefined;
  let gate = new Promise<void>((r) => (release = r));
  const consumer: SpanConsumer = {
    name,
    ...extra,
    async handle(spans) {
      batches.push(spans.length);
      await gate;
    },
  };
  return {
    consumer,
    batches,
    open: () => {
      release();
      gate = Promise.resolve();
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 10));

describe('span fan-out to plugin consumers', () => {
  it('never waits for a slow consumer, drops past its bound, and counts what it dropped', async () => {
    const { registry, fanout } = setup(100, 50);
    const slow = gated('slow');
    const fast: number[] = [];
    fanout.add('p', slow.consumer, ctx);
    fanout.add('q', { name: 'fast', handle: (s) => Promise.resolve(void fast.push(s.length)) }, ctx);
    // As the ingester calls it: one durable batch after another.
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      fanout.deliver(rows(30));
      expect(performance.now() - started).toBeLessThan(20);
      await new Promise((r) => setImmediate(r));
    }
    expect(fast.reduce((a, b) => a + b, 0)).toBe(300);
    // The slow one holds its first 30 in hand, queues 90 (the next 30 would pass 100) and drops 180.
    expect(fanout.depths()).toContainEqual({ plugin: 'p', consumer: 'slow', spans: 90 });
    expect(await sampleOf(registry, 'spanloop_plugin_spans_dropped_total', { plugin: 'p' })).toBe(180);
    slow.open();
    await settle();
    expect(slow.batches).toEqual([30, 50, 40]);
    expect(await sampleOf(registry, 'spanloop_plugin_spans_consumed_total', { consumer: 'slow' })).toBe(120);
  });

  it('isolates a throwing consumer: it is counted, the others and later batches go on', async () => {
    const { registry, fanout } = setup();
    let calls = 0;
    const good: number[] = [];
    fanout.add('bad', { name: 'throws', handle: () => (calls++, Promise.reject(new Error('bug'))) }, ctx);
    fanout.add(
      'sync',
      {
        name: 'throws-sync',
        handle: () => {
          throw new Error('sync bug');
        },
      },
      ctx,
    );
    fanout.add('good', { name: 'ok', handle: (s) => Promise.resolve(void good.push(s.length)) }, ctx);
    fanout.deliver(rows(3));
    fanout.deliver(rows(4));
    await settle();
    expect(calls).toBe(2);
    expect(good).toEqual([3, 4]);
    expect(
      await sampleOf(registry, 'spanloop_plugin_errors_total', { plugin: 'bad', where: 'consumer' }),
    ).toBe(2);
    expect(
      await sampleOf(registry, 'spanloop_plugin_errors_total', { plugin: 'sync', where: 'consumer' }),
    ).toBe(2);
  });

  it('keeps Spanloop’s own spans from consumers unless they ask for them', async () => {
    const { fanout } = setup();
    const seen: Record<string, number> = { plain: 0, all: 0 };
    const count = (name: string) => (s: readonly SpanRow[]) =>
      Promise.resolve(void (seen[name] = (seen[name] ?? 0) + s.length));
    fanout.add('p', { name: 'plain', handle: count('plain') }, ctx);
    fanout.add('p', { name: 'all', includeInternal: true, handle: count('all') }, ctx);
    fanout.deliver([...rows(2), ...internal(3)]);
    fanout.deliver(internal(5));
    await settle();
    expect(seen).toEqual({ plain: 2, all: 10 });
  });

  it('drains a plugin on stop, and gives up on a stuck consumer after the timeout', async () => {
    const { registry, fanout } = setup(100, 5);
    const finishing = gated('finishing');
    const stuck = gated('stuck');
    fanout.add('a', finishing.consumer, ctx);
    fanout.add('b', stuck.consumer, ctx);
    fanout.deliver(rows(12));
    await settle();
    const drained = fanout.drain('a', 1000);
    finishing.open();
    expect(await drained).toBe(true);
    expect(finishing.batches).toEqual([5, 5, 2]);
    // Nothing is queued for a drained plugin any more.
    fanout.deliver(rows(3));
    await settle();
    expect(finishing.batches).toEqual([5, 5, 2]);
    expect(await fanout.drain('b', 30)).toBe(false);
    expect(await sampleOf(registry, 'spanloop_plugin_spans_dropped_total', { plugin: 'b' })).toBe(10);
  });
});
