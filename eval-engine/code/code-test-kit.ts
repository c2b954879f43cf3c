// Test support for the code evaluator suites: a runtime context over a real process sandbox, inputs, a listener
// that counts connections (to prove a sandboxed run opened none).
import { createServer, type Server } from 'node:net';
import type { Sandbox } from '../../core/sandbox';
import { textContent } from '../../schemas/content';
import type { EvaluatorInput, RuntimeContext } from '../types';

export const codeContext = (
  sandbox: Sandbox,
  workspaceId = 'ws-code',
  limits: { cpuMs: number; memoryMb: number } = { cpuMs: 1000, memoryMb: 32 },
): RuntimeContext =>
  ({ workspaceId, sandbox, limits: { ...limits, timeoutMs: 0 } }) as Partial<RuntimeContext> as RuntimeContext;

export const codeInput = (actual: string, reference?: string): EvaluatorInput => ({
  inputFields: {},
  datasetFields: reference === undefined ? {} : { reference_output: textContent(reference) },
  targetOutputFields: { actual_output: textContent(actual) },
});

export interface CountingListener {
  port: number;
  connections(): number;
  close(): Promise<void>;
}

export async function countingListener(): Promise<CountingListener> {
  let count = 0;
  const server: Server = createServer((socket) => {
    count += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    connections: () => count,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Resident memory of this (the server's) process in MiB. */
export const hostRssMb = () => process.memoryUsage().rss / (1024 * 1024);
