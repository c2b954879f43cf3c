import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { openServerExecutor } from './server-executor';

const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('ClickHouse server executor', () => {
  // The executor's SQL path is the shared client executor, proven on chdb's connection by client.test.ts.
  it('refuses to open when no server answers, naming the URL', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    await expect(
      openServerExecutor({ url, username: 'default', password: '', database: 'default' }),
    ).rejects.toThrow(url);
  });
});
