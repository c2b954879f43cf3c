import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/logger';
import { createMetricsRegistry } from '../../core/metrics/registry';
import { makeRow } from '../../core/span-store/make-row';
import type { PluginContext, SpanConsumer } from '../sdk/plugin';
import { createConsumerLane } from './consumer-lane';
import { sampleOf } from './metrics-test-kit';
import { createPluginMetrics } from './plugin-metrics';

const ctx = {} as PluginContext;
const internalRow = () =>
  makeRow({ ResourceAttributes: { 'service.name': 'spanloop', 'spanloop.internal': 'true' } });

function setup(consumer: SpanConsumer, running = () => true) {
  const registry = createMetricsRegistry();
  const lane = createConsumerLane('p', consumer, ctx, {
    metrics: createPluginMetrics(registry),
    logger: silentLogger,
    retries: 3,
    retryBackoffMs: 5,
    running,
  });
  return { registry, lane };
}

describe('consumer lane', () => {
  it('retries a throwing consumer with back-off and delivers the same batch', async () => {
    const calls: number[] = [];
    let failures = 2;
    const { registry, lane } = setup({
      name: 'c',
      handle(spans) {
        calls.push(spans.length);
        return failures-- > 0 ? Promise.reject(new Error('not yet')) : Promise.resolve();
      },
    });
    const started = Date.now();
    await lane.handle([makeRow(), makeRow()]);
    expect(calls).toEqual([2, 2, 2]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(5 + 10 - 2);
    expect(await sampleOf(registry, 'spanloop_plugin_spans_consumed_total', { consumer: 'c' })).toBe(2);
    expect(await sampleOf(registry, 'spanloop_plugin_errors_total', { where: 'consumer' })).toBe(0);
  });

  it('gives a batch up after the retries, counts it and resolves so the reader commits', async () => {
    let calls = 0;
    const { registry, lane } = setup({
      name: 'c',
      handle: () => {
        calls++;
        return Promise.reject(new Error('always'));
      },
    });
    await expect(lane.handle([makeRow()])).resolves.toBeUndefined();
    expect(calls).toBe(4);
    expect(await sampleOf(registry, 'spanloop_plugin_errors_total', { plugin: 'p', where: 'consumer' })).toBe(
      1,
    );
    expect(await sampleOf(registry, 'spanloop_plugin_spans_consumed_total')).toBe(0);
  });

  it("leaves Spanloop's own spans out unless the consumer includes them", async () => {
    const seen: Record<string, number[]> = { ext: [], all: [] };
    const make = (name: string, includeInternal: boolean) =>
      setup({
        name,
        includeInternal,
        handle: (spans) => Promise.resolve(void seen[name]?.push(spans.length)),
      }).lane;
    const batch = [makeRow(), internalRow(), internalRow()];
    await make('ext', false).handle(batch);
    await make('all', true).handle(batch);
    await make('ext', false).handle([internalRow()]);
    expect(seen).toEqual({ ext: [1], all: [3] });
  });

  it('passes batches over once the plugin no longer runs', async () => {
    let calls = 0;
    let running = true;
    const { lane } = setup(
      {
        name: 'c',
        handle: () => {
          calls++;
          running = false;
          return Promise.reject(new Error('failing while the plugin stops'));
        },
      },
      () => running,
    );
    await lane.handle([makeRow()]);
    expect(calls).toBe(1);
    await lane.handle([makeRow()]);
    expect(calls).toBe(1);
  });
});
