import type { Logger } from '../logger';

export interface EngineWatchdogOptions {
  /** A trivial query against the engine. */
  probe: () => Promise<unknown>;
  intervalMs: number;
  /** Consecutive failed probes that mean the engine is gone for good; a slow answer is load, not failure. */
  failures: number;
  logger: Logger;
  /** Called once, with why: the process should exit non-zero so its supervisor restarts it. */
  onFatal: (reason: string) => void;
}

/**
 * Watches an in-process span engine: when it stops answering it cannot come back inside this process (the
 * embedded ClickHouse shuts down for good after a fatal error), so after `failures` probes in a row it is fatal.
 */
export function watchEngine(opts: EngineWatchdogOptions): { stop(): void } {
  let failed = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    let error: string | undefined;
    try {
      await opts.probe();
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    if (stopped) return;
    failed = error === undefined ? 0 : failed + 1;
    if (error !== undefined && failed >= opts.failures) {
      stopped = true;
      opts.logger.error('the span engine failed and cannot recover in this process; exiting', { error });
      opts.onFatal(error);
      return;
    }
    schedule();
  };
  const schedule = () => {
    timer = setTimeout(() => void tick(), opts.intervalMs);
    timer.unref();
  };
  schedule();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
