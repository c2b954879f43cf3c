/** One attempt's time limit, linked to the caller's signal; streams reset it on every chunk. */
export interface AttemptDeadline {
  readonly signal: AbortSignal;
  /** Whether the limit (not the caller) ended the attempt. */
  readonly expired: boolean;
  /** Restarts the clock (each streamed event); no effect while paused. */
  reset(): void;
  /** Stops the clock while the caller holds a chunk; `resume` restarts it. */
  pause(): void;
  resume(): void;
  clear(): void;
}

export function startDeadline(ms: number, parent: AbortSignal | undefined): AttemptDeadline {
  const controller = new AbortController();
  let expired = false;
  let paused = false;
  let cleared = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    if (cleared) return;
    timer = setTimeout(() => {
      expired = true;
      controller.abort(new Error(`no answer within ${ms} ms`));
    }, ms);
  };
  const onParentAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  arm();
  return {
    signal: controller.signal,
    get expired() {
      return expired;
    },
    reset: () => {
      if (!controller.signal.aborted && !paused) arm();
    },
    pause: () => {
      paused = true;
      clearTimeout(timer);
    },
    resume: () => {
      paused = false;
      if (!controller.signal.aborted) arm();
    },
    clear: () => {
      cleared = true;
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}
