import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { WORKSPACE_ATTRIBUTE } from './attributes';

/** Hands one OTLP/protobuf ExportTraceServiceRequest to Spanloop's own ingest; resolves once it is durable. */
export type DeliverOtlp = (workspaceId: string, request: Uint8Array) => Promise<void>;

export interface LoopbackExporterOptions {
  deliver: DeliverOtlp;
  /** Where spans without a `spanloop.workspace_id` attribute go. */
  defaultWorkspaceId: string;
  /** A delivery that failed; the spans of that workspace are dropped (self-telemetry is best effort). */
  onError?: (error: unknown, workspaceId: string, spans: number) => void;
}

const workspaceOf = (span: ReadableSpan, fallback: string): string => {
  const value = span.attributes[WORKSPACE_ATTRIBUTE];
  return typeof value === 'string' && value !== '' ? value : fallback;
};

/**
 * An OTel SpanExporter that serializes finished spans exactly as an OTLP/protobuf client would and delivers them
 * through Spanloop's own ingest path, one request per workspace.
 */
export function createLoopbackExporter(opts: LoopbackExporterOptions): SpanExporter {
  let stopped = false;
  const exportAll = async (spans: ReadableSpan[]): Promise<ExportResult> => {
    const byWorkspace = new Map<string, ReadableSpan[]>();
    for (const span of spans) {
      const workspace = workspaceOf(span, opts.defaultWorkspaceId);
      const group = byWorkspace.get(workspace);
      if (group) group.push(span);
      else byWorkspace.set(workspace, [span]);
    }
    let failure: Error | undefined;
    await Promise.all(
      [...byWorkspace].map(async ([workspace, group]) => {
        try {
          const request = ProtobufTraceSerializer.serializeRequest(group);
          if (request === undefined) throw new Error('the OTLP serializer returned nothing');
          await opts.deliver(workspace, request);
        } catch (e) {
          failure = e instanceof Error ? e : new Error(String(e));
          opts.onError?.(e, workspace, group.length);
        }
      }),
    );
    return failure === undefined
      ? { code: ExportResultCode.SUCCESS }
      : { code: ExportResultCode.FAILED, error: failure };
  };
  return {
    export(spans, resultCallback) {
      if (stopped) {
        resultCallback({ code: ExportResultCode.FAILED, error: new Error('exporter is shut down') });
        return;
      }
      void exportAll(spans).then(resultCallback);
    },
    shutdown() {
      stopped = true;
      return Promise.resolve();
    },
  };
}
