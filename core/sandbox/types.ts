/**
 * What a sandbox child runs: CommonJS source evaluated once per child, whose `module.exports.run(input)` answers
 * one job (a value or a promise of one, JSON in and out). `require` reaches Node's built-ins and the files in
 * `reads`; no fs writes, child processes, workers or addons (Node's permission model).
 */
export interface SandboxRuntime {
  /** Names the runtime in metrics and messages: `jinja2`, `javascript`. */
  readonly name: string;
  readonly source: string;
  /** Absolute paths (files or folders) the runtime may read, e.g. the one library file it requires. */
  readonly reads: readonly string[];
  /**
   * False starts the child with `--disallow-code-generation-from-strings`: no `eval`, `new Function` or dynamic
   * `import()` from code a job reaches (runtimes that host an interpreter of user code).
   */
  readonly codeGeneration?: boolean;
  /** Resident memory (MiB) of a child past which a job is killed as out of memory; the pool's default when absent. */
  readonly maxRssMb?: number;
}

export interface SandboxJob {
  /** Whose job: queues and concurrency are per workspace, served round-robin. */
  readonly workspaceId: string;
  readonly runtime: SandboxRuntime;
  /** JSON-serialisable. */
  readonly input: unknown;
  /** Wall time before the child is killed; the sandbox's own default when absent. */
  readonly timeoutMs?: number;
}

/** Why a job did not answer: its wall time, its heap, the child died otherwise, or the runtime threw. */
export type SandboxFailureKind = 'timeout' | 'out_of_memory' | 'crashed' | 'failed';

/**
 * A job's answer. For timeout, out_of_memory and crashed `message` completes a sentence about the job
 * ("took longer than 500 ms", "needed more than 64 MiB"); for failed it is the runtime's error message.
 */
export type SandboxOutcome =
  { ok: true; output: unknown } | { ok: false; kind: SandboxFailureKind; message: string };

/**
 * Runs jobs in separate child processes with hard limits, so nothing a job does can reach the calling process.
 * `run` resolves with the job's outcome; it rejects only with an AppError when the job is not admitted
 * (`rate_limited` with Retry-After when its workspace's queue or the sandbox is full, `unavailable` once closed).
 */
export interface Sandbox {
  run(job: SandboxJob): Promise<SandboxOutcome>;
  close(): Promise<void>;
}

/** The hard limits of every child and of the pool. */
export interface SandboxLimits {
  /** Child processes running jobs at once. */
  processes: number;
  /** V8 old-space heap of a child (MiB). */
  memoryMb: number;
  /** Default wall time of a job (ms). */
  timeoutMs: number;
  /** Jobs of one workspace running at once. */
  workspaceConcurrency: number;
  /** Jobs of one workspace waiting; past it, 429. */
  workspaceQueue: number;
  /** Jobs waiting across all workspaces; past it, 429. */
  queue: number;
}
