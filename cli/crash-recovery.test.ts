import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSpanloopProcess, type SpanloopProcess } from './spanloop-process';

const running: SpanloopProcess[] = [];
afterEach(() => {
  for (const p of running.splice(0)) p.child.kill('SIGKILL');
});

async function startProcess(dataDir: string): Promise<SpanloopProcess> {
  const p = await startSpanloopProcess(dataDir);
  running.push(p);
  return p;
}

function exportRequest(traceId: string, spans: number) {
  const start = BigInt(Date.now()) * 1_000_000n;
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'crash' } }] },
        scopeSpans: [
          {
            spans: Array.from({ length: spans }, (_, i) => ({
              traceId,
              spanId: randomBytes(8).toString('hex'),
              name: `op-${i}`,
              kind: 1,
              startTimeUnixNano: String(start + BigInt(i)),
              endTimeUnixNano: String(start + 1000n + BigInt(i)),
            })),
          },
        ],
      },
    ],
  });
}

describe('crash safety of the embedded process', () => {
  it('keeps every acknowledged span, exactly once, across SIGKILL while clients export', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'spanloop-crash-'));
    const first = await startProcess(dataDir);
    const acked = new Map<string, number>();
    let stop = false;
    const client = async () => {
      while (!stop) {
        const traceId = randomBytes(16).toString('hex');
        const spans = 20;
        try {
          const res = await fetch(first.http, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: exportRequest(traceId, spans),
          });
          if (res.status === 200) acked.set(traceId, spans);
        } catch {
          return; // the process is gone: this export was never acknowledged
        }
      }
    };
    const clients = Array.from({ length: 4 }, client);
    await new Promise((r) => setTimeout(r, 1500));
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(clients);
    expect(acked.size).toBeGreaterThan(10);

    const second = await startProcess(dataDir);
    for (const [traceId, spans] of acked) {
      const res = await fetch(`${second.api}/api/v1/traces/${traceId}`);
      expect(res.status, traceId).toBe(200);
      const body = (await res.json()) as { spans: { spanId: string }[] };
      expect(body.spans).toHaveLength(spans);
      expect(new Set(body.spans.map((s) => s.spanId)).size).toBe(spans);
    }
  });

  it('writes everything accepted before exiting on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'spanloop-term-'));
    const first = await startProcess(dataDir);
    const traceId = randomBytes(16).toString('hex');
    const res = await fetch(first.http, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: exportRequest(traceId, 50),
    });
    expect(res.status).toBe(200);
    const exited = new Promise<number | null>((r) => first.child.once('exit', (code) => r(code)));
    first.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const second = await startProcess(dataDir);
    const body = (await (await fetch(`${second.api}/api/v1/traces/${traceId}`)).json()) as {
      spans: unknown[];
    };
    expect(body.spans).toHaveLength(50);
  });
});
