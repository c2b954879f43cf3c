import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface SpanloopProcess {
  child: ChildProcess;
  http: string;
  grpc: string;
  api: string;
  stop(): Promise<void>;
}

/** Runs a `spanloop` role as its own process (as users run it) and reads the addresses it prints. */
export async function startSpanloopProcess(
  dataDir: string,
  env: Record<string, string> = {},
  role: 'start' | 'collector' | 'ingester' | 'query' = 'start',
) {
  const bin = join(import.meta.dirname, '..', 'bin', 'spanloop.mjs');
  const receives = role === 'start' || role === 'collector';
  const child = spawn(process.execPath, [bin, role], {
    env: {
      ...process.env,
      SPANLOOP_DATA_DIR: dataDir,
      SPANLOOP_OTLP_HTTP_PORT: '0',
      SPANLOOP_OTLP_GRPC_PORT: '0',
      SPANLOOP_API_PORT: '0',
      SPANLOOP_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const ports = await new Promise<{ http: string; grpc: string; api: string }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`spanloop exited with ${code}: ${out}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const http = /OTLP\/HTTP\s+(\S+)/.exec(out)?.[1] ?? '';
      const grpc = /OTLP\/gRPC\s+(\S+)/.exec(out)?.[1] ?? '';
      const api = /(?:API\s+(\S+)\/api\/v1|Health\s+(\S+)\/healthz)/.exec(out);
      const base = api?.[1] ?? api?.[2];
      if (base && (!receives || (http && grpc))) resolve({ http, grpc, api: base });
    });
  });
  return {
    child,
    ...ports,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  } satisfies SpanloopProcess;
}
