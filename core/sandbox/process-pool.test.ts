import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../app-error';
import { silentLogger } from '../logger';
import { createMetricsRegistry } from '../metrics/registry';
import { formatExposition } from '../metrics/exposition';
import { createProcessSandbox } from './process-pool';
import { sandboxMetrics } from './sandbox-metrics';
import type { SandboxRuntime } from './types';

// A runtime whose input says what to do: the child process behind it is real.
const probe: SandboxRuntime = {
  name: 'probe',
  reads: [],
  source: `
    const fs = require('node:fs');
    let calls = 0;
    module.exports.run = async (input) => {
      calls += 1;
      switch (input.do) {
        case 'echo': return { echo: input.value, calls };
        case 'throw': throw new Error('no luck');
        case 'spin': for (;;) {}
        case 'grow': { const xs = []; for (let i = 0; i < 50000000; i++) xs.push(i); return xs.length; }
        case 'exit': process.exit(3);
        case 'env': return Object.keys(process.env);
        case 'write': fs.writeFileSync('/tmp/sandbox-escape', 'x'); return 'written';
        case 'read': return fs.readFileSync('/etc/hostname', 'utf8');
        case 'spawn': return String(require('node:child_process').execSync('id'));
        case 'worker': new (require('node:worker_threads').Worker)('1', { eval: true }); return 'worker';
        case 'log': console.log('x'.repeat(100000)); return 'logged';
        case 'buffers': {
          const held = [];
          for (let i = 0; i < 100; i++) {
            held.push(Buffer.alloc(10 * 1024 * 1024, 1));
            await new Promise((r) => setTimeout(r, 20));
          }
          return held.length;
        }
        case 'sleep': await new Promise((r) => setTimeout(r, input.ms)); return input.id;
      }
    };
  `,
};

const registry = createMetricsRegistry();
const sandbox = createProcessSandbox(
  { processes: 2, memoryMb: 32, timeoutMs: 2000, workspaceConcurrency: 1, workspaceQueue: 3, queue: 10 },
  { logger: silentLogger, metrics: sandboxMetrics(registry) },
);
afterAll(() => sandbox.close());

const run = (input: unknown, workspaceId = 'ws-1', timeoutMs?: number) =>
  sandbox.run({ workspaceId, runtime: probe, input, ...(timeoutMs === undefined ? {} : { timeoutMs }) });

describe('process sandbox', () => {
  it('answers a job, and a thrown error as failed without losing the child', async () => {
    expect(await run({ do: 'echo', value: [1, 'a'] })).toMatchObject({
      ok: true,
      output: { echo: [1, 'a'] },
    });
    expect(await run({ do: 'throw' })).toEqual({ ok: false, kind: 'failed', message: 'no luck' });
    const again = await run({ do: 'echo', value: 1 });
    expect(again.ok && (again.output as { calls: number }).calls).toBeGreaterThan(1);
  });

  it('runs a job on a free child of its own runtime rather than replacing it', async () => {
    const other: SandboxRuntime = {
      ...probe,
      name: 'probe-2',
      source: `${probe.source}\n// another runtime`,
    };
    const calls = async (runtime: SandboxRuntime) => {
      const out = await sandbox.run({ workspaceId: 'ws-affinity', runtime, input: { do: 'echo', value: 0 } });
      return out.ok ? (out.output as { calls: number }).calls : -1;
    };
    const first = await calls(probe);
    await calls(other);
    await calls(other);
    // Both runtimes keep their child: the probe's call count goes on instead of restarting at 1.
    expect(await calls(probe)).toBe(first + 1);
  });

  it('kills a job at its deadline, then serves the next one in a new child', async () => {
    expect(await run({ do: 'spin' }, 'ws-1', 300)).toMatchObject({ ok: false, kind: 'timeout' });
    expect(await run({ do: 'echo', value: 2 })).toMatchObject({ ok: true, output: { echo: 2, calls: 1 } });
  });

  it('reports out of memory when a job passes its heap, and keeps serving', async () => {
    expect(await run({ do: 'grow' }, 'ws-1', 20_000)).toMatchObject({ ok: false, kind: 'out_of_memory' });
    expect(await run({ do: 'echo', value: 3 })).toMatchObject({ ok: true });
  });

  it('kills a job that holds memory outside the heap (buffers) past the resident bound', async () => {
    // 32 MiB heap: the bound is 192 MiB resident; the job would hold 1 GiB of buffers.
    expect(await run({ do: 'buffers' }, 'ws-1', 20_000)).toMatchObject({
      ok: false,
      kind: 'out_of_memory',
      message: 'held more than 192 MiB of memory',
    });
    expect(await run({ do: 'echo', value: 5 })).toMatchObject({ ok: true });
  });

  it('reports a child that exits as crashed', async () => {
    expect(await run({ do: 'exit' })).toMatchObject({ ok: false, kind: 'crashed' });
    expect(await run({ do: 'echo', value: 4 })).toMatchObject({ ok: true });
  });

  it('gives the child an empty environment, no writes, no reads outside its list, no processes or workers', async () => {
    expect(await run({ do: 'env' })).toEqual({ ok: true, output: [] });
    for (const what of ['write', 'read', 'spawn', 'worker'])
      expect(await run({ do: what }), what).toMatchObject({
        ok: false,
        kind: 'failed',
        message: expect.stringMatching(/Access to this API has been restricted/) as unknown,
      });
  });

  it('keeps serving a child that writes a lot to stdout', async () => {
    expect(await run({ do: 'log' })).toEqual({ ok: true, output: 'logged' });
  });

  it('refuses jobs past the workspace queue with rate_limited and Retry-After, while other workspaces run', async () => {
    const flood = Array.from({ length: 8 }, (_, i) =>
      run({ do: 'sleep', ms: 300, id: i }, 'ws-busy').then(
        (o) => o,
        (e: unknown) => e,
      ),
    );
    const other = await run({ do: 'sleep', ms: 1, id: 'other' }, 'ws-quiet');
    expect(other).toEqual({ ok: true, output: 'other' });
    const settled = await Promise.all(flood);
    const refused = settled.filter((s) => s instanceof AppError);
    // One runs (concurrency 1) and three wait: the other four are refused.
    expect(refused).toHaveLength(4);
    expect(refused[0]).toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 2 });
    const text = formatExposition(await registry.collect());
    expect(text).toContain('spanloop_sandbox_rejected_total{runtime="probe"} 4');
    expect(text).toContain('spanloop_sandbox_jobs_total{runtime="probe",outcome="timeout"} 1');
    expect(text).toContain('spanloop_sandbox_jobs_total{runtime="probe",outcome="out_of_memory"} 2');
    expect(text).toMatch(/spanloop_sandbox_queued 0/);
  });
});
