import { randomUUID } from 'node:crypto';
import { AppError } from '../core/app-error';
import type { SpanBus } from '../core/bus/types';
import { err, ok, type Result } from '../core/result';
import type { DecodedExportRequest } from '../schemas/otlp-model';
import type { ExportPartialSuccess } from './otlp/encode-response';
import { toSpanRows, type SpanRowsDeps } from './span-rows';

export type OtlpFormat = 'protobuf' | 'json';

/** What the client is told on success: partial_success, or undefined when every span was stored as sent. */
export type IngestOutcome = ExportPartialSuccess | undefined;

export type Decoder = (body: Uint8Array) => Result<DecodedExportRequest>;

export interface OtlpIngestDeps extends Omit<SpanRowsDeps, 'nowNs' | 'workspaceId'> {
  bus: SpanBus;
  decoders: Record<OtlpFormat, Decoder>;
  now?: () => bigint;
}

/** Transport-independent OTLP trace export: decode, validate, map, and publish; resolves once durable. */
export type OtlpIngest = (
  workspaceId: string,
  body: Uint8Array,
  format: OtlpFormat,
) => Promise<Result<IngestOutcome>>;

const wallClockNs = () => BigInt(Date.now()) * 1_000_000n;

export function createOtlpIngest(deps: OtlpIngestDeps): OtlpIngest {
  const now = deps.now ?? wallClockNs;
  return async (workspaceId, body, format) => {
    const decoded = deps.decoders[format](body);
    if (!decoded.ok) return decoded;
    const { rows, rejected, message } = toSpanRows(decoded.value, { ...deps, workspaceId, nowNs: now() });
    try {
      await deps.bus.publish({ id: randomUUID(), rows });
    } catch (e) {
      if (e instanceof AppError) return err(e);
      throw e;
    }
    return ok(
      rejected > 0 || message !== '' ? { rejectedSpans: rejected, errorMessage: message } : undefined,
    );
  };
}
