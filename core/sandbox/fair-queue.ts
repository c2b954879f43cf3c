/** Per-workspace admission and round-robin order of waiting work; knows nothing of processes. */
export interface FairQueue<T> {
  /** Queues `item` for `workspace`; false when its workspace's queue or the whole queue is full. */
  offer(workspace: string, item: T): boolean;
  /** The next item whose workspace is below its concurrency, rotating between workspaces; it counts as running. */
  take(): { workspace: string; item: T } | undefined;
  /** A taken item finished. */
  done(workspace: string): void;
  /** Removes and answers every waiting item. */
  drain(): T[];
  readonly queued: number;
  readonly running: number;
}

export interface FairQueueLimits {
  workspaceConcurrency: number;
  workspaceQueue: number;
  queue: number;
}

interface Lane<T> {
  waiting: T[];
  running: number;
}

export function createFairQueue<T>(limits: FairQueueLimits): FairQueue<T> {
  // Insertion order is the rotation: a served workspace moves to the back.
  const lanes = new Map<string, Lane<T>>();
  let queued = 0;
  let running = 0;

  const forget = (workspace: string, lane: Lane<T>) => {
    if (lane.waiting.length === 0 && lane.running === 0) lanes.delete(workspace);
  };

  return {
    offer(workspace, item) {
      const lane = lanes.get(workspace) ?? { waiting: [], running: 0 };
      if (lane.waiting.length >= limits.workspaceQueue || queued >= limits.queue) return false;
      lanes.set(workspace, lane);
      lane.waiting.push(item);
      queued += 1;
      return true;
    },
    take() {
      for (const [workspace, lane] of lanes) {
        if (lane.waiting.length === 0 || lane.running >= limits.workspaceConcurrency) continue;
        const item = lane.waiting.shift() as T;
        queued -= 1;
        lane.running += 1;
        running += 1;
        lanes.delete(workspace);
        lanes.set(workspace, lane);
        return { workspace, item };
      }
      return undefined;
    },
    done(workspace) {
      const lane = lanes.get(workspace);
      if (lane === undefined || lane.running === 0) return;
      lane.running -= 1;
      running -= 1;
      forget(workspace, lane);
    },
    drain() {
      const items = [...lanes.values()].flatMap((lane) => lane.waiting.splice(0));
      queued = 0;
      for (const [workspace, lane] of lanes) forget(workspace, lane);
      return items;
    },
    get queued() {
      return queued;
    },
    get running() {
      return running;
    },
  };
}
