import type { SpanRow } from '../../schemas/span-row';
import type { SpanSearchQuery, TraceSearchQuery, TraceSearchResult } from '../../schemas/span-query';
import type { SpanSearchResult } from '../../schemas/span-summary';
import type { StoredSpan } from '../../schemas/stored-span';

/** Rows written together; `id` is deterministic per batch so a replay is recognised. */
export interface SpanBatch {
  id: string;
  rows: readonly SpanRow[];
}

export interface SpanStore {
  /** Writes the batch; inserting a batch id again (a replay) adds nothing. */
  insert(batch: SpanBatch): Promise<void>;
  /** Every span of the trace once, ordered by start time; [] when the trace is unknown. */
  trace(workspaceId: string, traceId: string): Promise<StoredSpan[]>;
  /** Traces with a span matching every filter, in the query's order (newest first by default), one page at a time. */
  searchTraces(workspaceId: string, query: TraceSearchQuery): Promise<TraceSearchResult>;
  /** Spans matching every filter, each once, in the query's order, one page at a time. */
  searchSpans(workspaceId: string, query: SpanSearchQuery): Promise<SpanSearchResult>;
  close(): Promise<void>;
}
