import { describe, expect, it } from 'vitest';
import { AppError } from '../app-error';
import { silentLogger } from '../logger';
import type { SpanRow } from '../../schemas/span-row';
import { createInProcessBus } from './in-process-bus';
import type { SpanBatch } from './types';

const batch = (id: string, spans: number): SpanBatch => ({
  id,
  rows: Array.from({ length: spans }, () => ({}) as SpanRow),
});

const options = { maxQueuedSpans: 10, maxBatchSpans: 6, retryAfterSeconds: 2, logger: silentLogger };

describe('in-process bus', () => {
  it('answers a publisher only after the handler made its batch durable', async () => {
    const bus = createInProcessBus(options);
    const written: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    bus.consume(async (batches) => {
      await gate;
      written.push(...batches.map((b) => b.id));
    });
    let done = false;
    const p = bus.publish(batch('a', 2)).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    release();
    await p;
    expect(written).toEqual(['a']);
    expect(bus.depth()).toBe(0);
  });

  it('refuses with unavailable and a retry delay when the queue is full, and recovers', async () => {
    const bus = createInProcessBus(options);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    bus.consume(() => gate);
    const first = bus.publish(batch('a', 8));
    const refused = await bus.publish(batch('b', 3)).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).kind).toBe('unavailable');
    expect((refused as AppError).retryAfterSeconds).toBe(2);
    release();
    await first;
    await expect(bus.publish(batch('c', 3))).resolves.toBeUndefined();
  });

  it('groups queued batches up to the batch size', async () => {
    const bus = createInProcessBus({ ...options, maxQueuedSpans: 100 });
    const deliveries: string[][] = [];
    bus.consume(async (batches) => {
      deliveries.push(batches.map((b) => b.id));
      await new Promise((r) => setTimeout(r, 5));
    });
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => bus.publish(batch(id, 3))));
    expect(deliveries).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
  });

  it('retries a failed write, then fails the publishers with unavailable', async () => {
    const bus = createInProcessBus({ ...options, attempts: 2 });
    let calls = 0;
    bus.consume(() => {
      calls++;
      return Promise.reject(new Error('store down'));
    });
    const e = await bus.publish(batch('a', 1)).catch((x: unknown) => x);
    expect((e as AppError).kind).toBe('unavailable');
    expect(calls).toBe(2);
    expect(bus.depth()).toBe(0);
  });

  it('drains what it accepted on close and refuses afterwards', async () => {
    const bus = createInProcessBus({ ...options, maxQueuedSpans: 100 });
    const written: string[] = [];
    bus.consume(async (batches) => {
      await new Promise((r) => setTimeout(r, 10));
      written.push(...batches.map((b) => b.id));
    });
    const pending = [bus.publish(batch('a', 4)), bus.publish(batch('b', 4))];
    await bus.close();
    expect(written).toEqual(['a', 'b']);
    await Promise.all(pending);
    await expect(bus.publish(batch('c', 1))).rejects.toBeInstanceOf(AppError);
  });
});
