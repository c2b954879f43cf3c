import type { Logger } from '../../core/logger';
import { runImport, type ImportRunDeps } from './jobs-import';

export interface JobRunner {
  /** Looks for work now instead of at the next poll (a job was just queued here). */
  wake(): void;
  /** Stops claiming; a running job is handed back (pending) at its next checkpoint. */
  stop(): Promise<void>;
}

/**
 * Claims import jobs from the metadata store one at a time (`FOR UPDATE SKIP LOCKED`, so every process hosting
 * the plugin can run one and none runs a job twice) and runs them; a job whose heartbeat is older than
 * `staleSeconds` belonged to a process that died and is claimed again (it resumes where its progress says).
 */
export function startJobRunner(
  deps: ImportRunDeps & { logger: Logger; pollMs?: number; staleSeconds?: number },
): JobRunner {
  const pollMs = deps.pollMs ?? 1000;
  const staleSeconds = deps.staleSeconds ?? 60;
  let stopping = false;
  let wakeUp: (() => void) | undefined;
  const idle = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, pollMs);
      wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const loop = (async () => {
    while (!stopping) {
      try {
        await deps.jobs.failStaleUploads(staleSeconds * 10);
        const job = await deps.jobs.claim(staleSeconds);
        if (job !== undefined) {
          await runImport(job, deps, () => stopping);
          continue;
        }
      } catch (e) {
        deps.logger.error('dataset import job failed', { error: String(e) });
      }
      if (!stopping) await idle();
    }
  })();
  return {
    wake: () => wakeUp?.(),
    stop: async () => {
      stopping = true;
      wakeUp?.();
      await loop;
    },
  };
}
