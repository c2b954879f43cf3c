import type { AppError } from '../../core/app-error';
import { statusOf } from '../../core/app-error-status';
import { ProtoWriter } from '../../core/protobuf/proto-writer';

/** Responses stay far below OTLP's 4 MiB cap: messages are developer hints, not reports. */
export const MAX_ERROR_MESSAGE_BYTES = 4096;

/** ExportTracePartialSuccess: how many spans were rejected and why (or a warning when rejectedSpans is 0). */
export interface ExportPartialSuccess {
  rejectedSpans: number | bigint;
  errorMessage: string;
}

/** google.rpc.Status; `details` are packed google.protobuf.Any messages (protobuf form only). */
export interface RpcStatus {
  code: number;
  message: string;
  details?: readonly ProtoAny[];
}

export interface ProtoAny {
  typeUrl: string;
  value: Uint8Array;
}

/** The two OTLP/HTTP encodings; a response uses the request's. */
export type ResponseFormat = 'protobuf' | 'json';

/**
 * ExportTraceServiceResponse in the request's encoding.
 *
 * @example
 * res.end(encodeExportResponse('json', { rejectedSpans: 1, errorMessage: 'span 0: empty trace_id' }));
 */
export function encodeExportResponse(
  format: ResponseFormat,
  partialSuccess?: ExportPartialSuccess,
): Uint8Array {
  return format === 'protobuf'
    ? encodeExportResponseProtobuf(partialSuccess)
    : Buffer.from(encodeExportResponseJson(partialSuccess), 'utf8');
}

/**
 * A minimal google.rpc.Status (code and message, no details) in the request's encoding.
 *
 * @example
 * res.writeHead(400).end(encodeStatus('protobuf', GrpcCode.INVALID_ARGUMENT, 'invalid protobuf: …'));
 */
export function encodeStatus(format: ResponseFormat, code: number, message: string): Uint8Array {
  const status = { code, message };
  return format === 'protobuf' ? encodeStatusProtobuf(status) : Buffer.from(encodeStatusJson(status), 'utf8');
}

/**
 * ExportTraceServiceResponse as protobuf: empty on full success, else field 1 holds the partial success.
 *
 * @example
 * encodeExportResponseProtobuf({ rejectedSpans: 3, errorMessage: 'span 2: trace_id must be 16 bytes' });
 */
export function encodeExportResponseProtobuf(partialSuccess?: ExportPartialSuccess): Uint8Array {
  const w = new ProtoWriter();
  if (partialSuccess !== undefined) {
    w.messageField(1, (p) => {
      if (partialSuccess.rejectedSpans !== 0 && partialSuccess.rejectedSpans !== 0n) {
        p.varintField(1, partialSuccess.rejectedSpans);
      }
      const message = capMessage(partialSuccess.errorMessage);
      if (message !== '') p.stringField(2, message);
    });
  }
  return w.finish();
}

/**
 * ExportTraceServiceResponse as OTLP/JSON (int64 as a decimal string, default values omitted).
 *
 * @example
 * encodeExportResponseJson({ rejectedSpans: 3, errorMessage: 'bad ids' });
 * // '{"partialSuccess":{"rejectedSpans":"3","errorMessage":"bad ids"}}'
 */
export function encodeExportResponseJson(partialSuccess?: ExportPartialSuccess): string {
  if (partialSuccess === undefined) return '{}';
  const out: { rejectedSpans?: string; errorMessage?: string } = {};
  const rejected = String(partialSuccess.rejectedSpans);
  if (rejected !== '0') out.rejectedSpans = rejected;
  const message = capMessage(partialSuccess.errorMessage);
  if (message !== '') out.errorMessage = message;
  return JSON.stringify({ partialSuccess: out });
}

/** google.rpc.Status as protobuf: code = 1, message = 2, details = 3. */
export function encodeStatusProtobuf(status: RpcStatus): Uint8Array {
  const w = new ProtoWriter();
  if (status.code !== 0) w.varintField(1, status.code);
  const message = capMessage(status.message);
  if (message !== '') w.stringField(2, message);
  for (const detail of status.details ?? []) {
    w.messageField(3, (a) => {
      a.stringField(1, detail.typeUrl);
      if (detail.value.byteLength > 0) a.bytesField(2, detail.value);
    });
  }
  return w.finish();
}

/** google.rpc.Status as JSON; details are left out since rendering an Any needs its message type's schema. */
export function encodeStatusJson(status: RpcStatus): string {
  const out: { code?: number; message?: string } = {};
  if (status.code !== 0) out.code = status.code;
  const message = capMessage(status.message);
  if (message !== '') out.message = message;
  return JSON.stringify(out);
}

/** The minimal Status for an AppError: its gRPC code and its message, no details. */
export function statusOfError(error: AppError): RpcStatus {
  return { code: statusOf[error.kind].grpc, message: error.message };
}

/** Shortens `message` to at most `maxBytes` of UTF-8 without splitting a character, marking the cut with '…'. */
export function capMessage(message: string, maxBytes = MAX_ERROR_MESSAGE_BYTES): string {
  if (message.length * 3 <= maxBytes) return message;
  const bytes = Buffer.from(message, 'utf8');
  if (bytes.byteLength <= maxBytes) return message;
  let cut = Math.max(0, maxBytes - 3);
  while (cut > 0 && (bytes[cut]! & 0xc0) === 0x80) cut--;
  return bytes.toString('utf8', 0, cut) + '…';
}
