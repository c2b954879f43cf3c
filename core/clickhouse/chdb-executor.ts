import { mkdirSync } from 'node:fs';
import { createClient } from '@clickhouse/client';
import type { ClickHouseClient } from '@clickhouse/client';
import { drainPending } from 'chdb';
import { createChdbConnection } from 'chdb/connection';
import type { ChdbConnection } from 'chdb/connection';
import { clientExecutor } from './client-executor';
import type { ClickHouseExecutor, InsertRequest, QueryParams } from './executor';

export interface ChdbExecutorOptions {
  /** The data folder; chdb binds one folder per process, so every executor of a process shares it. */
  path: string;
  /** Sessions that serve reads in parallel with the writer (default 2). */
  readers?: number;
}

interface Session {
  connection: ChdbConnection;
  executor: ClickHouseExecutor;
}

// chdb types its connection against @clickhouse/client-common, the client against its bundled copy of it.
type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;

/** A `@clickhouse/client` client on its own chdb session: the client code a ClickHouse server gets. */
export const createChdbClient = (connection: ChdbConnection): ClickHouseClient =>
  createClient({ connection: connection as unknown as ClientConnection });

const openSession = (path: string): Session => {
  const connection = createChdbConnection({ path });
  return { connection, executor: clientExecutor(createChdbClient(connection)) };
};

/**
 * The embedded engine: one writer session (inserts, DDL) and N reader sessions on the same folder. A chdb session
 * runs one statement at a time, so reads queue for a free reader and writes queue on the writer.
 */
export const openChdbExecutor = async (options: ChdbExecutorOptions): Promise<ClickHouseExecutor> => {
  const readerCount = Math.max(1, options.readers ?? 2);
  mkdirSync(options.path, { recursive: true });
  const writer = openSession(options.path);
  const readers: Session[] = [];
  try {
    for (let i = 0; i < readerCount; i += 1) readers.push(openSession(options.path));
    // Opening is lazy in places; one statement proves the folder is ours before the executor is handed out.
    await writer.executor.query('SELECT 1');
  } catch (error) {
    await Promise.allSettled([writer, ...readers].map((s) => s.executor.close()));
    throw error;
  }

  const idle = [...readers];
  const waiting: ((session: Session) => void)[] = [];
  let writeChain: Promise<unknown> = Promise.resolve();
  const running = new Set<Promise<unknown>>();
  let closed = false;

  const track = <T>(work: Promise<T>): Promise<T> => {
    running.add(work);
    const forget = (): void => {
      running.delete(work);
    };
    work.then(forget, forget);
    return work;
  };

  const acquire = (): Promise<Session> => {
    const session = idle.pop();
    if (session !== undefined) return Promise.resolve(session);
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (session: Session): void => {
    const next = waiting.shift();
    if (next === undefined) idle.push(session);
    else next(session);
  };

  const read = <T>(work: (session: Session) => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new Error('chdb executor is closed'));
    return track(
      acquire().then(async (session) => {
        try {
          return await work(session);
        } finally {
          release(session);
        }
      }),
    );
  };

  const write = <T>(work: (session: Session) => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(new Error('chdb executor is closed'));
    const result = writeChain.then(() => work(writer));
    writeChain = result.catch(() => undefined);
    return track(result);
  };

  return {
    query: (sql: string, params?: QueryParams) => read((s) => s.executor.query(sql, params)),
    command: (sql: string, params?: QueryParams) => write((s) => s.executor.command(sql, params)),
    // chdb's raw insert hands the Buffer to the engine without a copy; the statement text is the one a server gets.
    insert: (request: InsertRequest) =>
      write(async (s) => {
        await s.connection.chdb.rawInsert({
          table: request.table,
          // chdb takes one Buffer; joining chunks costs a copy but never builds one string.
          values: Buffer.isBuffer(request.body) ? request.body : Buffer.concat(request.body),
          format: 'JSONEachRow',
          ...(request.settings === undefined ? {} : { settings: { ...request.settings } }),
        });
      }),
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await Promise.allSettled([...running]);
      await Promise.allSettled([writer, ...readers].map((s) => s.executor.close()));
      // Sessions close asynchronously behind native work; a later open of the folder must find them gone.
      await drainPending();
    },
  };
};
