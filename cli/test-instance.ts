import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, type Logger } from '../core/logger';
import { Config } from '../schemas/config';
import { startEmbedded, type Running } from './roles';

export interface TestInstance extends Running {
  config: Config;
  api: string;
  otlpHttp: string;
  otlpGrpc: string;
}

/** An embedded Spanloop on 127.0.0.1 with ports picked by the OS and a fresh data folder. */
export async function startTestInstance(
  overrides: Record<string, unknown> = {},
  logger: Logger = silentLogger,
): Promise<TestInstance> {
  const config = Config.parse({
    host: '127.0.0.1',
    otlpGrpcPort: 0,
    otlpHttpPort: 0,
    apiPort: 0,
    dataDir: mkdtempSync(join(tmpdir(), 'spanloop-test-')),
    ...overrides,
  });
  const running = await startEmbedded(config, logger);
  return {
    ...running,
    config,
    api: `http://127.0.0.1:${running.ports.api}`,
    otlpHttp: `http://127.0.0.1:${running.ports.otlpHttp}`,
    otlpGrpc: `http://127.0.0.1:${running.ports.otlpGrpc}`,
  };
}
