import type { MetricsRegistry } from '../metrics/registry';

/** What a sandbox reports: queue depth, jobs running, rejections, and how each job ended. */
export interface SandboxMetrics {
  watch(read: { queued: () => number; running: () => number }): void;
  rejected(runtime: string): void;
  /** `outcome`: ok, failed, timeout, out_of_memory or crashed. */
  finished(runtime: string, outcome: string): void;
}

export function sandboxMetrics(registry: MetricsRegistry): SandboxMetrics {
  const rejected = registry.counter(
    'spanloop_sandbox_rejected_total',
    'Sandbox jobs refused with 429 because their workspace queue or the sandbox queue was full',
  );
  const jobs = registry.counter(
    'spanloop_sandbox_jobs_total',
    'Sandbox jobs by runtime and outcome (ok, failed, timeout, out_of_memory, crashed)',
  );
  return {
    watch(read) {
      registry.gauge('spanloop_sandbox_queued', 'Sandbox jobs waiting for a process', read.queued);
      registry.gauge('spanloop_sandbox_running', 'Sandbox jobs running in a child process', read.running);
    },
    rejected: (runtime) => rejected.inc({ runtime }),
    finished: (runtime, outcome) => jobs.inc({ runtime, outcome }),
  };
}
