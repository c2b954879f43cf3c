import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logger';
import { watchEngine } from './engine-watchdog';

describe('engine watchdog', () => {
  it('calls onFatal once, after the given number of failed probes in a row, and logs it once', async () => {
    const lines: string[] = [];
    const script = [true, false, false, true, false, false, false, false, false];
    let calls = 0;
    const onFatal = vi.fn();
    watchEngine({
      probe: () => {
        const ok = script[calls++] ?? false;
        return ok
          ? Promise.resolve()
          : Promise.reject(new Error('The server is shutting down due to a fatal error.'));
      },
      intervalMs: 5,
      failures: 3,
      logger: createLogger('debug', (line) => lines.push(line)),
      onFatal,
    });
    await vi.waitFor(() => expect(onFatal).toHaveBeenCalled());
    await new Promise((r) => setTimeout(r, 50));
    expect(onFatal).toHaveBeenCalledTimes(1);
    expect(onFatal).toHaveBeenCalledWith('The server is shutting down due to a fatal error.');
    // Two failures, a success (count reset), then three in a row: the seventh probe was the fatal one.
    expect(calls).toBe(7);
    expect(lines.filter((l) => l.includes('"level":"error"'))).toHaveLength(1);
  });

  it('never calls onFatal once stopped', async () => {
    const onFatal = vi.fn();
    const watch = watchEngine({
      probe: () => Promise.reject(new Error('down')),
      intervalMs: 5,
      failures: 2,
      logger: createLogger('error', () => undefined),
      onFatal,
    });
    watch.stop();
    await new Promise((r) => setTimeout(r, 50));
    expect(onFatal).not.toHaveBeenCalled();
  });
});
