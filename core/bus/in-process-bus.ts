import { AppError } from '../app-error';
import type { Logger } from '../logger';
import type { BatchHandler, SpanBatch, SpanBus } from './types';

export interface InProcessBusOptions {
  /** Spans accepted and not yet durable; past this, publish is refused (back-pressure). */
  maxQueuedSpans: number;
  /** Most spans handed to the handler at once. */
  maxBatchSpans: number;
  retryAfterSeconds: number;
  /** Attempts per delivery before the waiting publishers are failed with 'unavailable'. */
  attempts?: number;
  logger: Logger;
}

interface Pending {
  batch: SpanBatch;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * The embedded bus: a bounded in-memory queue drained by one handler. A publisher is answered only after the
 * handler made its batch durable, so an acknowledged export is never only in memory.
 */
export function createInProcessBus(opts: InProcessBusOptions): SpanBus {
  const attempts = opts.attempts ?? 3;
  const queue: Pending[] = [];
  let depth = 0;
  let handler: BatchHandler | undefined;
  let running = false;
  let closed = false;
  let idle: (() => void) | undefined;

  const unavailable = (why: string) => new AppError('unavailable', why, opts.retryAfterSeconds);

  async function deliver(items: Pending[], h: BatchHandler): Promise<void> {
    const batches = items.map((p) => p.batch);
    const spans = batches.reduce((n, b) => n + b.rows.length, 0);
    for (let attempt = 1; ; attempt++) {
      try {
        await h(batches);
        depth -= spans;
        for (const p of items) p.resolve();
        return;
      } catch (e) {
        opts.logger.warn('span write failed', { attempt, error: String(e) });
        if (attempt >= attempts) {
          const error = unavailable('span store unavailable, retry later');
          depth -= spans;
          for (const p of items) p.reject(error);
          return;
        }
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
    }
  }

  async function drain(h: BatchHandler): Promise<void> {
    running = true;
    while (queue.length > 0) {
      const items: Pending[] = [];
      let spans = 0;
      while (queue.length > 0) {
        const next = queue[0] as Pending;
        if (items.length > 0 && spans + next.batch.rows.length > opts.maxBatchSpans) break;
        queue.shift();
        items.push(next);
        spans += next.batch.rows.length;
      }
      await deliver(items, h);
    }
    running = false;
    idle?.();
  }

  const kick = () => {
    if (!running && handler && queue.length > 0) void drain(handler);
  };

  return {
    publish(batch) {
      if (closed) return Promise.reject(unavailable('shutting down'));
      const n = batch.rows.length;
      if (n === 0) return Promise.resolve();
      // An empty queue takes any batch, so one oversized request is never refused forever.
      if (depth > 0 && depth + n > opts.maxQueuedSpans) {
        return Promise.reject(unavailable(`ingest queue full (${depth} spans waiting)`));
      }
      depth += n;
      return new Promise<void>((resolve, reject) => {
        queue.push({ batch, resolve, reject });
        kick();
      });
    },
    consume(h) {
      if (handler) throw new Error('the in-process bus has one consumer');
      handler = h;
      kick();
    },
    depth: () => depth,
    async close() {
      closed = true;
      if (!running && queue.length === 0) return;
      if (!handler) {
        for (const p of queue.splice(0)) p.reject(unavailable('shutting down'));
        return;
      }
      await new Promise<void>((r) => (idle = r));
    },
  };
}
