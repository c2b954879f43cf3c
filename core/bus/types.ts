import type { SpanRow } from '../../schemas/span-row';

/** Spans of one export request, validated and mapped, on their way to the span store. */
export interface SpanBatch {
  /** Unique per export request; the idempotency key of the write. */
  id: string;
  rows: SpanRow[];
}

/** Receives what the bus delivers; resolves once the batches are durable in the span store. */
export type BatchHandler = (batches: readonly SpanBatch[]) => Promise<void>;

/** Carries span batches from receivers to the ingester. */
export interface SpanBus {
  /**
   * Resolves once the batch is durable: written to the store (in-process) or acknowledged by the broker (Kafka).
   * Rejects with AppError('unavailable') when the bus cannot take it now; the caller tells its client to retry.
   */
  publish(batch: SpanBatch): Promise<void>;
  /** Registers the one handler that makes batches durable (the ingester). */
  consume(handler: BatchHandler): void;
  /** Spans accepted and not yet durable. */
  depth(): number;
  /** Stops taking batches and resolves when everything accepted is durable (or has failed back to its caller). */
  close(): Promise<void>;
}
