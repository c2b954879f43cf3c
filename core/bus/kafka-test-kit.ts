import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { SpanRow } from '../../schemas/span-row';
import { hexId, makeRow } from '../span-store/make-row';
import type { SpanBatch } from './types';

/** A topic or group name no earlier run used (the test broker keeps its data between runs). */
export const uniqueName = (prefix: string): string =>
  `${prefix}-${Date.now()}-${randomBytes(3).toString('hex')}`;

/** A batch of `traces` traces with `spansPerTrace` spans each. */
export const makeBatch = (
  id: string,
  traces: number,
  spansPerTrace = 2,
  overrides: Partial<SpanRow> = {},
) => {
  const rows = Array.from({ length: traces }).flatMap(() => {
    const traceId = hexId(16);
    return Array.from({ length: spansPerTrace }, () => makeRow({ TraceId: traceId, ...overrides }));
  });
  return { id, rows } satisfies SpanBatch;
};

/** Polls until `check` holds, failing with `what` after `timeoutMs`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A TCP port nothing listens on right now. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });

/** Span ids that occur more than once. */
export const repeated = (rows: readonly SpanRow[]): string[] => {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const r of rows) (seen.has(r.SpanId) ? twice : seen).add(r.SpanId);
  return [...twice];
};
