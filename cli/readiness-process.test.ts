import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_FOLDER_PROBE_FILE } from '../core/health/readiness';
import { startSpanloopProcess, type SpanloopProcess } from './spanloop-process';

// /readyz and shutdown of `spanloop start` as a supervisor sees them: a real process on a real data folder.
let dataDir: string;
let spanloop: SpanloopProcess;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'spanloop-ready-'));
  spanloop = await startSpanloopProcess(dataDir, { SPANLOOP_DRAIN_TIMEOUT_MS: '5000' });
});
afterAll(() => {
  if (spanloop.child.exitCode === null && spanloop.child.signalCode === null) spanloop.child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const readyz = async () => (await fetch(`${spanloop.api}/readyz`)).status;

describe('readiness of a running process', () => {
  it('fails /readyz while the data folder cannot be written, and recovers when it can', async () => {
    expect(await readyz()).toBe(200);
    // Root ignores file modes: a directory where the probe writes its file blocks the write for anyone.
    const blocker = join(dataDir, DATA_FOLDER_PROBE_FILE);
    mkdirSync(blocker);
    expect(await readyz()).toBe(503);
    expect(await (await fetch(`${spanloop.api}/healthz`)).json()).toEqual({ status: 'ok' });
    rmSync(blocker, { recursive: true });
    expect(await readyz()).toBe(200);
  });

  it('ends on SIGTERM within its drain timeout, with status 0', async () => {
    const started = Date.now();
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      spanloop.child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    spanloop.child.kill('SIGTERM');
    expect(await exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
