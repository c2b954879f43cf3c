import { describe, expect, it } from 'vitest';
import { createFairQueue } from './fair-queue';

describe('fair queue', () => {
  it('serves workspaces round-robin whatever order their work arrived in', () => {
    const q = createFairQueue<string>({ workspaceConcurrency: 10, workspaceQueue: 10, queue: 100 });
    for (const item of ['a1', 'a2', 'a3', 'a4']) q.offer('a', item);
    q.offer('b', 'b1');
    q.offer('c', 'c1');
    q.offer('b', 'b2');
    const order = Array.from({ length: 7 }, () => q.take()?.item);
    expect(order).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3', 'a4']);
    expect(q.take()).toBeUndefined();
    expect(q.running).toBe(7);
  });

  it('holds a workspace at its concurrency while others run, and frees it when its work is done', () => {
    const q = createFairQueue<string>({ workspaceConcurrency: 1, workspaceQueue: 10, queue: 100 });
    q.offer('a', 'a1');
    q.offer('a', 'a2');
    q.offer('b', 'b1');
    expect(q.take()?.item).toBe('a1');
    expect(q.take()?.item).toBe('b1');
    expect(q.take()).toBeUndefined();
    q.done('a');
    expect(q.take()?.item).toBe('a2');
  });

  it('refuses past the workspace queue and past the whole queue', () => {
    const q = createFairQueue<number>({ workspaceConcurrency: 1, workspaceQueue: 2, queue: 3 });
    expect([q.offer('a', 1), q.offer('a', 2), q.offer('a', 3)]).toEqual([true, true, false]);
    expect([q.offer('b', 1), q.offer('c', 1)]).toEqual([true, false]);
    expect(q.queued).toBe(3);
    expect(q.drain().sort()).toEqual([1, 1, 2]);
    expect(q.queued).toBe(0);
  });
});
