import { randomUUID } from 'node:crypto';
import { AppError } from '../core/app-error';
import type { SpanBus } from '../core/bus/types';
import type { Counter } from '../core/metrics/registry';
import { err, ok, type Result } from '../core/result';
import type { DecodedExportRequest } from '../schemas/otlp-model';
import { tooManySpans, type DecodeLimits } from './otlp/decode-limits';
import type { ExportPartialSuccess } from './otlp/encode-response';
import { toSpanRows, type SpanRowsDeps } from './span-rows';

export type OtlpFormat = 'protobuf' | 'json';

/** What the client is told on success: partial_success, or undefined when every span was stored as sent. */
export type IngestOutcome = ExportPartialSuccess | undefined;

export type Decoder = (body: Uint8Array, limits: DecodeLimits) => Result<DecodedExportRequest>;

/** What ingest counts: requests by outcome, spans stored, spans refused by reason. */
export interface IngestMetrics {
  requests: Counter;
  acceptedSpans: Counter;
  rejectedSpans: Counter;
}

export interface OtlpIngestDeps extends Omit<SpanRowsDeps, 'nowNs' | 'workspaceId' | 'retentionDays'> {
  bus: SpanBus;
  decoders: Record<OtlpFormat, Decoder>;
  metrics: IngestMetrics;
  /** Most spans one request may hold (a request past it could never be queued): 413 / RESOURCE_EXHAUSTED. */
  maxRequestSpans: number;
  now?: () => bigint;
}

/** Where an export's spans go: the authenticated workspace and its retention in days (0 = forever). */
export interface IngestTarget {
  workspaceId: string;
  retentionDays: number;
}

/** Transport-independent OTLP trace export: decode, validate, map, and publish; resolves once durable. */
export type OtlpIngest = (
  target: IngestTarget,
  body: Uint8Array,
  format: OtlpFormat,
) => Promise<Result<IngestOutcome>>;

/**
 * Validates, maps and publishes spans already decoded (OTLP, or another SDK's format converted to it); `source`
 * labels the request metrics. Resolves once durable.
 */
export type DecodedIngest = (
  target: IngestTarget,
  request: DecodedExportRequest,
  source: string,
) => Promise<Result<IngestOutcome>>;

const wallClockNs = () => BigInt(Date.now()) * 1_000_000n;

export function createDecodedIngest(deps: Omit<OtlpIngestDeps, 'decoders'>): DecodedIngest {
  const now = deps.now ?? wallClockNs;
  const { metrics } = deps;
  return async ({ workspaceId, retentionDays }, request, format) => {
    let spans = 0;
    for (const rs of request.resourceSpans) for (const ss of rs.scopeSpans) spans += ss.spans.length;
    if (spans > deps.maxRequestSpans) {
      metrics.requests.inc({ format, outcome: 'too_large' });
      return err(tooManySpans(deps.maxRequestSpans));
    }
    const { rows, rejected, rejections, message } = toSpanRows(request, {
      ...deps,
      workspaceId,
      retentionDays,
      nowNs: now(),
    });
    try {
      await deps.bus.publish({ id: randomUUID(), rows });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      metrics.requests.inc({ format, outcome: e.kind });
      return err(e);
    }
    metrics.requests.inc({ format, outcome: 'ok' });
    metrics.acceptedSpans.inc({}, rows.length);
    for (const [reason, n] of Object.entries(rejections)) metrics.rejectedSpans.inc({ reason }, n);
    return ok(
      rejected > 0 || message !== '' ? { rejectedSpans: rejected, errorMessage: message } : undefined,
    );
  };
}

export function createOtlpIngest(deps: OtlpIngestDeps): OtlpIngest {
  const publish = createDecodedIngest(deps);
  return async (target, body, format) => {
    const decoded = deps.decoders[format](body, { maxSpans: deps.maxRequestSpans });
    if (!decoded.ok) {
      deps.metrics.requests.inc({ format, outcome: decoded.error.kind });
      return decoded;
    }
    return publish(target, decoded.value, format);
  };
}
