import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { AppError } from '../../core/app-error';
import { JINJA_WORKER_SOURCE } from './jinja-worker-source';

export interface JinjaSource {
  /** Where the text sits, for error messages: `message 2`, `message 3 part 1`. */
  label: string;
  source: string;
}

/** Renders Jinja2 (nunjucks) templates off the main thread, with a time, memory and output bound per render. */
export interface JinjaRenderer {
  render(sources: readonly JinjaSource[], context: Readonly<Record<string, unknown>>): Promise<string[]>;
  close(): Promise<void>;
}

export interface JinjaRendererOptions {
  /** Wall time one render may take before its worker is killed (default 1000 ms). */
  timeoutMs?: number;
  /** Heap of the render worker (default 64 MiB). */
  memoryMb?: number;
  /** Characters the rendered texts may hold together. */
  maxOutputChars: number;
}

const Answer = z.object({
  id: z.number(),
  outputs: z.array(z.string()).optional(),
  error: z
    .object({
      message: z.string(),
      index: z.number(),
      size: z.boolean(),
      undefinedValue: z
        .object({ variable: z.string().optional(), line: z.number(), column: z.number() })
        .optional(),
    })
    .optional(),
});
type Answer = z.infer<typeof Answer>;

interface Job {
  id: number;
  sources: readonly JinjaSource[];
  context: Readonly<Record<string, unknown>>;
  resolve: (outputs: string[]) => void;
  reject: (e: AppError) => void;
}

const bad = (message: string) => new AppError('invalid_argument', message);

/** The user-facing reason a render failed, naming the variable when one was undefined. */
function failure(error: NonNullable<Answer['error']>, sources: readonly JinjaSource[]): AppError {
  const where = sources[error.index]?.label ?? 'template';
  const undef = error.undefinedValue;
  if (undef !== undefined) {
    const name = undef.variable === undefined ? 'a value' : `variable "${undef.variable}"`;
    return bad(`jinja2 ${where}: ${name} is undefined (line ${undef.line}, column ${undef.column})`);
  }
  if (error.size) return bad(`jinja2 ${where}: ${error.message}`);
  return bad(`jinja2 ${where} failed to render: ${error.message}`);
}

/** One worker, one render at a time; a render past its time or memory bound costs the worker, not the process. */
export function createJinjaRenderer(options: JinjaRendererOptions): JinjaRenderer {
  const timeoutMs = options.timeoutMs ?? 1000;
  const memoryMb = options.memoryMb ?? 64;
  const nunjucksPath = createRequire(import.meta.url).resolve('nunjucks');
  const queue: Job[] = [];
  let worker: Worker | undefined;
  let running: { job: Job; timer: NodeJS.Timeout; worker: Worker } | undefined;
  let nextId = 1;
  let closed = false;

  /** Ends the running job, if `from` (the worker that answered or failed) is the one running it. */
  const settle = (from: Worker, outcome: { outputs: string[] } | { error: AppError }) => {
    const current = running;
    if (current === undefined || current.worker !== from) return;
    clearTimeout(current.timer);
    running = undefined;
    if ('outputs' in outcome) current.job.resolve(outcome.outputs);
    else current.job.reject(outcome.error);
    pump();
  };

  const discardWorker = () => {
    const w = worker;
    worker = undefined;
    if (w !== undefined) void w.terminate();
  };

  const spawn = (): Worker => {
    const w = new Worker(JINJA_WORKER_SOURCE, {
      eval: true,
      workerData: { nunjucksPath },
      env: {},
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: 16, stackSizeMb: 4 },
    });
    w.unref();
    w.on('message', (raw: unknown) => {
      const answer = Answer.safeParse(raw);
      if (!answer.success || running?.job.id !== answer.data.id) return;
      const { outputs, error } = answer.data;
      if (error !== undefined) settle(w, { error: failure(error, running.job.sources) });
      else settle(w, { outputs: outputs ?? [] });
    });
    w.on('error', (e: Error & { code?: string }) => {
      if (worker === w) worker = undefined;
      const outOfMemory = e.code === 'ERR_WORKER_OUT_OF_MEMORY';
      settle(w, {
        error: outOfMemory
          ? bad(`the jinja2 template needed more than ${memoryMb} MiB to render`)
          : new AppError('internal', 'the jinja2 render worker failed'),
      });
    });
    w.on('exit', () => {
      if (worker === w) worker = undefined;
      settle(w, { error: new AppError('internal', 'the jinja2 render worker stopped') });
    });
    return w;
  };

  const pump = () => {
    if (running !== undefined || closed) return;
    const job = queue.shift();
    if (job === undefined) return;
    const w = (worker ??= spawn());
    const timer = setTimeout(() => {
      discardWorker();
      settle(w, { error: bad(`the jinja2 template took longer than ${timeoutMs} ms to render`) });
    }, timeoutMs);
    running = { job, timer, worker: w };
    w.postMessage({
      id: job.id,
      strings: job.sources.map((s) => s.source),
      context: job.context,
      limit: options.maxOutputChars,
    });
  };

  return {
    render: (sources, context) =>
      new Promise<string[]>((resolve, reject) => {
        if (closed) return reject(new AppError('unavailable', 'the prompts plugin is stopping'));
        if (sources.length === 0) return resolve([]);
        queue.push({ id: nextId++, sources, context, resolve, reject });
        pump();
      }),
    close: async () => {
      closed = true;
      const stopping = () => new AppError('unavailable', 'the prompts plugin is stopping');
      if (running !== undefined) {
        clearTimeout(running.timer);
        running.job.reject(stopping());
        running = undefined;
      }
      for (const job of queue.splice(0)) job.reject(stopping());
      const w = worker;
      worker = undefined;
      if (w !== undefined) await w.terminate();
    },
  };
}
