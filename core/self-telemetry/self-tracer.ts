import type { Tracer } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { INTERNAL_ATTRIBUTE } from './attributes';
import { createLoopbackExporter, type DeliverOtlp } from './loopback-exporter';
import { workspaceInheritance } from './workspace-inheritance';

export interface SelfTelemetryOptions {
  deliver: DeliverOtlp;
  defaultWorkspaceId: string;
  /** Extra resource attributes, e.g. `spanloop.plugin`; `service.name=spanloop` and the internal marker are set. */
  resource?: Readonly<Record<string, string>>;
  /** Instrumentation scope of the tracer. */
  scope: string;
  /** Longest a finished span waits before it is exported (default 200 ms). */
  delayMs?: number;
  /** Finished spans buffered before new ones are dropped (default 2048). */
  maxQueuedSpans?: number;
  onError?: (error: unknown, workspaceId: string, spans: number) => void;
}

/** A tracer whose spans flow back into Spanloop's own backbone, marked as produced by Spanloop. */
export interface SelfTelemetry {
  readonly tracer: Tracer;
  /** Exports every finished span now; resolves once delivered (or failed). */
  flush(): Promise<void>;
  /** Flushes, then stops exporting; spans ended afterwards are dropped. */
  shutdown(): Promise<void>;
}

export function createSelfTelemetry(opts: SelfTelemetryOptions): SelfTelemetry {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'spanloop',
      [INTERNAL_ATTRIBUTE]: true,
      ...opts.resource,
    }),
    spanProcessors: [
      workspaceInheritance,
      new BatchSpanProcessor({
        exporter: createLoopbackExporter({
          deliver: opts.deliver,
          defaultWorkspaceId: opts.defaultWorkspaceId,
          ...(opts.onError === undefined ? {} : { onError: opts.onError }),
        }),
        scheduledDelayMillis: opts.delayMs ?? 200,
        maxQueueSize: opts.maxQueuedSpans ?? 2048,
        maxExportBatchSize: 512,
        exportTimeoutMillis: 10_000,
      }),
    ],
  });
  // A failed export was already reported through onError; the provider's own rejection adds nothing.
  const quiet = (p: Promise<void>) => p.catch(() => undefined);
  return {
    tracer: provider.getTracer(opts.scope),
    flush: () => quiet(provider.forceFlush()),
    shutdown: () => quiet(provider.shutdown()),
  };
}
