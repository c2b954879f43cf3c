import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A bound server: the port it got (port 0 asks the OS) and a close that waits for requests in flight. */
export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

/** Binds an HTTP server and resolves once it listens. */
export async function listen(server: Server, port: number, host: string): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
