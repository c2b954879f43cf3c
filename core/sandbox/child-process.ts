import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { CHILD_SOURCE } from './child-source';
import type { SandboxOutcome, SandboxRuntime } from './types';

/** One child process serving one runtime, one job at a time; it dies with its job on any failure but `failed`. */
export interface SandboxChild {
  readonly runtime: SandboxRuntime;
  /** Resolves once the runtime is loaded; rejects if the child died first. */
  readonly ready: Promise<void>;
  /** False once the child exited or is being killed. */
  alive(): boolean;
  run(input: unknown, timeoutMs: number): Promise<SandboxOutcome>;
  kill(): void;
}

export interface SandboxChildOptions {
  memoryMb: number;
  /** Bytes one answer line may hold; a longer one kills the child and fails the job. */
  maxAnswerBytes: number;
  /** Bytes of stdout and stderr kept per job (the start of them). */
  maxLogBytes: number;
  /** Wall time for the child to start and load its runtime. */
  startTimeoutMs: number;
  /**
   * Resident memory (MiB) past which a running job is killed as out of memory: the backstop for memory outside
   * the V8 heap (buffers), checked every `rssCheckMs`. Default: twice the heap plus 128 MiB.
   */
  maxRssMb?: number;
  rssCheckMs?: number;
}

const Answer = z.union([
  z.object({ ready: z.literal(true) }),
  z.object({ id: z.number(), output: z.unknown() }),
  z.object({ id: z.number(), error: z.string() }),
]);

/** V8 prints this (and aborts) when a heap limit is reached. */
const OUT_OF_MEMORY =
  /heap out of memory|Reached heap limit|Allocation failed|Invalid (?:array|string|typed array) length/;

/** Node flags of a child: hard heap and stack limits, the permission model with reads only, no warnings. */
export function childArgs(runtime: SandboxRuntime, memoryMb: number): string[] {
  for (const path of runtime.reads)
    if (path.includes(',') || !path.startsWith('/'))
      throw new Error(`sandbox read path must be absolute and comma-free: ${path}`);
  return [
    '--experimental-permission',
    // One flag per path: Node 20.20 no longer reads a comma-separated list.
    ...runtime.reads.map((path) => `--allow-fs-read=${path}`),
    `--max-old-space-size=${memoryMb}`,
    `--max-semi-space-size=${Math.max(1, Math.min(16, Math.floor(memoryMb / 16)))}`,
    '--stack-size=984',
    '--disable-proto=delete',
    ...(runtime.codeGeneration === false ? ['--disallow-code-generation-from-strings'] : []),
    '--disable-warning=ExperimentalWarning',
    '-e',
    CHILD_SOURCE,
  ];
}

/** Starts a child for `runtime`: empty environment, reads only, heap-limited, killable at any moment. */
export function spawnSandboxChild(runtime: SandboxRuntime, options: SandboxChildOptions): SandboxChild {
  const child = spawn(process.execPath, childArgs(runtime, options.memoryMb), {
    env: {},
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
  });
  // The kernel's OOM killer takes a child before the process that hosts the span engine.
  if (child.pid !== undefined) writeFile(`/proc/${child.pid}/oom_score_adj`, '1000').catch(() => undefined);
  let alive = true;
  let exited = false;
  let deadlineHit = false;
  let rssHit = false;
  let deadlineMs = 0;
  let answerTooLarge = false;
  let logs = '';
  let nextId = 1;
  let current: { id: number; resolve: (o: SandboxOutcome) => void; timer: NodeJS.Timeout } | undefined;
  let markReady: () => void = () => undefined;
  let failReady: (e: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  ready.catch(() => undefined);
  const startTimer = setTimeout(() => kill(), options.startTimeoutMs);

  const kill = () => {
    alive = false;
    if (!exited) child.kill('SIGKILL');
  };
  const maxRssMb = runtime.maxRssMb ?? options.maxRssMb ?? options.memoryMb * 2 + 128;
  const rssTimer = setInterval(() => {
    if (current === undefined || child.pid === undefined) return;
    void residentMb(child.pid).then((mb) => {
      if (mb !== undefined && mb > maxRssMb && current !== undefined) {
        rssHit = true;
        kill();
      }
    });
  }, options.rssCheckMs ?? 100);
  rssTimer.unref();

  const finish = (outcome: SandboxOutcome) => {
    const job = current;
    if (job === undefined) return;
    current = undefined;
    clearTimeout(job.timer);
    job.resolve(outcome);
  };
  const keepLog = (chunk: Buffer) => {
    if (logs.length < options.maxLogBytes)
      logs += chunk.toString('utf8').slice(0, options.maxLogBytes - logs.length);
  };
  child.stdout?.on('data', keepLog);
  child.stderr?.on('data', keepLog);
  child.stdin?.on('error', () => undefined);

  let pending = '';
  const answers = child.stdio[3];
  answers?.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    let end: number;
    while ((end = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      const parsed = Answer.safeParse(safeJson(line));
      if (!parsed.success) continue;
      const answer = parsed.data;
      if ('ready' in answer) {
        clearTimeout(startTimer);
        markReady();
      } else if (current?.id === answer.id) {
        if ('error' in answer) finish({ ok: false, kind: 'failed', message: answer.error });
        else finish({ ok: true, output: answer.output });
      }
    }
    if (pending.length > options.maxAnswerBytes) {
      answerTooLarge = true;
      kill();
    }
  });

  child.on('error', () => kill());
  child.on('exit', (code, signal) => {
    exited = true;
    alive = false;
    clearTimeout(startTimer);
    clearInterval(rssTimer);
    const how = signal === null ? `exited with code ${code ?? '?'}` : `was killed by ${signal}`;
    failReady(new Error(`the ${runtime.name} sandbox ${how}: ${firstLines(logs)}`));
    if (deadlineHit) finish({ ok: false, kind: 'timeout', message: `took longer than ${deadlineMs} ms` });
    else if (answerTooLarge)
      finish({ ok: false, kind: 'failed', message: `answered more than ${options.maxAnswerBytes} bytes` });
    else if (rssHit)
      finish({ ok: false, kind: 'out_of_memory', message: `held more than ${maxRssMb} MiB of memory` });
    else if (OUT_OF_MEMORY.test(logs))
      finish({ ok: false, kind: 'out_of_memory', message: `needed more than ${options.memoryMb} MiB` });
    else finish({ ok: false, kind: 'crashed', message: `stopped: its process ${how}` });
  });
  child.stdin?.write(`${JSON.stringify({ source: runtime.source })}\n`);

  return {
    runtime,
    ready,
    alive: () => alive,
    kill,
    run: async (input, timeoutMs) => {
      try {
        await ready;
      } catch (e) {
        return {
          ok: false,
          kind: 'crashed',
          message: `did not start: ${e instanceof Error ? e.message : String(e)}`,
        };
      }
      if (!alive) return { ok: false, kind: 'crashed', message: 'did not start: its process is gone' };
      if (current !== undefined) throw new Error('a sandbox child runs one job at a time');
      logs = '';
      const id = nextId++;
      return new Promise<SandboxOutcome>((resolve) => {
        deadlineMs = timeoutMs;
        const timer = setTimeout(() => {
          deadlineHit = true;
          kill();
        }, timeoutMs);
        current = { id, resolve, timer };
        child.stdin?.write(`${JSON.stringify({ id, input })}\n`);
      });
    },
  };
}

/** Resident set of a process in MiB, from /proc (Linux); undefined where it cannot be read. */
async function residentMb(pid: number): Promise<number | undefined> {
  try {
    const rssPages = Number((await readFile(`/proc/${pid}/statm`, 'utf8')).split(' ')[1]);
    return Number.isFinite(rssPages) ? (rssPages * 4096) / (1024 * 1024) : undefined;
  } catch {
    return undefined;
  }
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

const firstLines = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, 3)
    .join(' | ');
