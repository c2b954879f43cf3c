import { AppError } from '../app-error';
import type { Logger } from '../logger';
import { spawnSandboxChild, type SandboxChild, type SandboxChildOptions } from './child-process';
import { createFairQueue } from './fair-queue';
import type { SandboxMetrics } from './sandbox-metrics';
import type { Sandbox, SandboxJob, SandboxLimits, SandboxOutcome } from './types';

export interface ProcessPoolDeps {
  logger: Logger;
  metrics?: SandboxMetrics;
  /** Starts a child; tests pass one that counts. */
  spawnChild?: (runtime: SandboxJob['runtime'], options: SandboxChildOptions) => SandboxChild;
}

interface Waiting {
  job: SandboxJob;
  resolve: (o: SandboxOutcome) => void;
  reject: (e: AppError) => void;
}

const sameRuntime = (a: SandboxJob['runtime'], b: SandboxJob['runtime']) =>
  a === b || (a.name === b.name && a.source === b.source && a.reads.join(',') === b.reads.join(','));

/** The longest wall time a job may ask for. */
const MAX_JOB_MS = 60_000;

/**
 * A bounded pool of child processes: `limits.processes` slots, each holding at most one child; jobs wait in
 * per-workspace queues served round-robin. A child is reused for the next job of the same runtime and killed
 * after a timeout, out-of-memory or crash (the next job starts a new one).
 */
export function createProcessSandbox(limits: SandboxLimits, deps: ProcessPoolDeps): Sandbox {
  const queue = createFairQueue<Waiting>(limits);
  const slots: (SandboxChild | undefined)[] = Array.from({ length: limits.processes }, () => undefined);
  const busy = new Set<number>();
  const spawnChild = deps.spawnChild ?? spawnSandboxChild;
  const childOptions: SandboxChildOptions = {
    memoryMb: limits.memoryMb,
    maxAnswerBytes: 64 * 1024 * 1024,
    maxLogBytes: 16 * 1024,
    startTimeoutMs: 10_000,
  };
  let closed = false;
  deps.metrics?.watch({ queued: () => queue.queued, running: () => queue.running });

  const childFor = (slot: number, runtime: SandboxJob['runtime']): SandboxChild => {
    const held = slots[slot];
    if (held?.alive() === true && sameRuntime(held.runtime, runtime)) return held;
    held?.kill();
    const fresh = spawnChild(runtime, childOptions);
    slots[slot] = fresh;
    return fresh;
  };

  const runOn = async (slot: number, workspace: string, waiting: Waiting) => {
    const { job } = waiting;
    const timeoutMs = Math.min(job.timeoutMs ?? limits.timeoutMs, MAX_JOB_MS);
    let outcome: SandboxOutcome;
    try {
      outcome = await childFor(slot, job.runtime).run(job.input, timeoutMs);
    } catch (e) {
      outcome = {
        ok: false,
        kind: 'crashed',
        message: `stopped: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
    if (!outcome.ok && outcome.kind !== 'failed') {
      slots[slot]?.kill();
      // Replaced at once, so the next job (often another workspace's) does not wait for a process to start.
      slots[slot] = closed ? undefined : spawnChild(job.runtime, childOptions);
      deps.logger.warn('a sandbox job failed', { runtime: job.runtime.name, workspace, kind: outcome.kind });
    }
    deps.metrics?.finished(job.runtime.name, outcome.ok ? 'ok' : outcome.kind);
    busy.delete(slot);
    queue.done(workspace);
    waiting.resolve(outcome);
    pump();
  };

  // A free slot whose child already runs this runtime, else an empty one, else any: one Jinja2 render does not
  // throw away a warm Python interpreter while another slot is free.
  const freeSlotFor = (runtime: SandboxJob['runtime']): number => {
    const free = slots.flatMap((_, i) => (busy.has(i) ? [] : [i]));
    const warm = free.find((i) => {
      const child = slots[i];
      return child?.alive() === true && sameRuntime(child.runtime, runtime);
    });
    return warm ?? free.find((i) => slots[i]?.alive() !== true) ?? (free[0] as number);
  };

  const pump = () => {
    while (!closed && busy.size < limits.processes) {
      const next = queue.take();
      if (next === undefined) return;
      const slot = freeSlotFor(next.item.job.runtime);
      busy.add(slot);
      void runOn(slot, next.workspace, next.item);
    }
  };

  return {
    run: (job) =>
      new Promise<SandboxOutcome>((resolve, reject) => {
        if (closed) return reject(new AppError('unavailable', 'the sandbox is stopping'));
        if (!queue.offer(job.workspaceId, { job, resolve, reject })) {
          deps.metrics?.rejected(job.runtime.name);
          const retryAfter = Math.max(1, Math.ceil((job.timeoutMs ?? limits.timeoutMs) / 1000));
          return reject(
            new AppError(
              'rate_limited',
              `too many ${job.runtime.name} jobs waiting for this workspace; retry later`,
              retryAfter,
            ),
          );
        }
        pump();
      }),
    close: () => {
      closed = true;
      for (const waiting of queue.drain())
        waiting.reject(new AppError('unavailable', 'the sandbox is stopping'));
      for (const child of slots) child?.kill();
      return Promise.resolve();
    },
  };
}
