import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { DATA_FOLDER_PROBE_FILE, dataFolderProbe, queryProbe, readinessOf } from './readiness';

const capture = () => {
  const lines: string[] = [];
  return { lines, logger: createLogger('debug', (line) => lines.push(line)) };
};

describe('readiness', () => {
  it('is ready only while every probe answers in time, and logs a probe once when it starts failing', async () => {
    let metadataUp = true;
    const { lines, logger } = capture();
    const ready = readinessOf(
      [
        queryProbe('metadata store', () =>
          metadataUp ? Promise.resolve([]) : Promise.reject(new Error('down')),
        ),
        queryProbe('span engine', () => Promise.resolve([{ 1: 1 }])),
      ],
      { timeoutMs: 1000, logger },
    );
    expect(await ready()).toBe(true);
    metadataUp = false;
    expect(await ready()).toBe(false);
    expect(await ready()).toBe(false);
    expect(lines.filter((l) => l.includes('not ready'))).toHaveLength(1);
    expect(lines[0]).toContain('metadata store');
    metadataUp = true;
    expect(await ready()).toBe(true);
  });

  it('is not ready when a probe hangs past the timeout', async () => {
    const { logger } = capture();
    const ready = readinessOf([queryProbe('span engine', () => new Promise(() => undefined))], {
      timeoutMs: 50,
      logger,
    });
    expect(await ready()).toBe(false);
  });

  it('probes the data folder with a write, which fails where the file cannot be written (even as root)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spanloop-ready-'));
    const probe = dataFolderProbe(dir);
    await expect(probe.check()).resolves.toBeUndefined();
    mkdirSync(join(dir, DATA_FOLDER_PROBE_FILE));
    await expect(probe.check()).rejects.toThrow(/EISDIR/);
    await expect(dataFolderProbe(join(dir, 'gone')).check()).rejects.toThrow(/ENOENT/);
    rmSync(dir, { recursive: true });
  });
});
