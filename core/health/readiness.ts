import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../logger';

/** One dependency /readyz asks: it resolves when the dependency can serve, and rejects (or hangs) when not. */
export interface ReadinessProbe {
  readonly name: string;
  check(): Promise<void>;
}

const within = (work: Promise<void>, ms: number, name: string) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not answer within ${ms} ms`)), ms);
    work.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });

/** Ready when every probe passes within `timeoutMs`; a failing probe is logged when it starts failing. */
export function readinessOf(
  probes: readonly ReadinessProbe[],
  opts: { timeoutMs: number; logger: Logger },
): () => Promise<boolean> {
  const failing = new Set<string>();
  return async () => {
    const results = await Promise.all(
      probes.map(async (probe) => {
        try {
          await within(probe.check(), opts.timeoutMs, probe.name);
          failing.delete(probe.name);
          return true;
        } catch (e) {
          if (!failing.has(probe.name))
            opts.logger.warn('not ready', {
              probe: probe.name,
              error: e instanceof Error ? e.message : String(e),
            });
          failing.add(probe.name);
          return false;
        }
      }),
    );
    return results.every(Boolean);
  };
}

/** Answers a trivial query: the span engine or the metadata store. */
export const queryProbe = (name: string, query: () => Promise<unknown>): ReadinessProbe => ({
  name,
  check: async () => {
    await query();
  },
});

/** The file the data folder probe writes and removes. */
export const DATA_FOLDER_PROBE_FILE = '.spanloop-readyz';

/** The data folder takes a write: a small file written and removed. */
export const dataFolderProbe = (dir: string): ReadinessProbe => ({
  name: 'data folder',
  check: async () => {
    const path = join(dir, DATA_FOLDER_PROBE_FILE);
    await writeFile(path, String(Date.now()));
    await rm(path);
  },
});
