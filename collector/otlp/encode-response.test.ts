import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/app-error';
import { GrpcCode } from '../../core/app-error-status';
import {
  MAX_ERROR_MESSAGE_BYTES,
  capMessage,
  encodeExportResponse,
  encodeExportResponseJson,
  encodeExportResponseProtobuf,
  encodeStatus,
  encodeStatusJson,
  encodeStatusProtobuf,
  statusOfError,
} from './encode-response';
import { ProtoReader } from './proto-reader';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Reads a google.rpc.Status back with the decoder's own cursor. */
function readStatus(bytes: Uint8Array) {
  const r = new ProtoReader(bytes);
  const out = { code: 0, message: '', details: [] as { typeUrl: string; value: string }[] };
  while (r.pos < bytes.length) {
    const tag = r.tag(bytes.length);
    if (tag === 8) out.code = r.int32(bytes.length);
    else if (tag === 18) out.message = r.string(bytes.length);
    else if (tag === 26) {
      const end = r.sub(bytes.length);
      const detail = { typeUrl: '', value: '' };
      while (r.pos < end) {
        const t = r.tag(end);
        if (t === 10) detail.typeUrl = r.string(end);
        else if (t === 18) detail.value = r.hex(end);
        else throw new Error(`unexpected tag ${t}`);
      }
      out.details.push(detail);
    } else throw new Error(`unexpected tag ${tag}`);
  }
  return out;
}

describe('ExportTraceServiceResponse', () => {
  it('is empty on full success', () => {
    expect(encodeExportResponseProtobuf().byteLength).toBe(0);
    expect(encodeExportResponseJson()).toBe('{}');
    expect(Buffer.from(encodeExportResponse('json')).toString()).toBe('{}');
  });

  it('carries a partial success the SDK exporter can read back', () => {
    const partial = { rejectedSpans: 3, errorMessage: 'span 2: trace_id must be 16 bytes' };
    const bytes = encodeExportResponseProtobuf(partial);
    expect(ProtobufTraceSerializer.deserializeResponse(bytes)).toEqual({ partialSuccess: partial });
    expect(encodeExportResponse('protobuf', partial)).toEqual(bytes);
    const json = encodeExportResponseJson(partial);
    expect(json).toBe(
      '{"partialSuccess":{"rejectedSpans":"3","errorMessage":"span 2: trace_id must be 16 bytes"}}',
    );
    expect(JsonTraceSerializer.deserializeResponse(Buffer.from(json))).toEqual({
      partialSuccess: { rejectedSpans: '3', errorMessage: partial.errorMessage },
    });
  });

  it('writes the exact protobuf bytes, including int64 counts and warnings with nothing rejected', () => {
    expect(hex(encodeExportResponseProtobuf({ rejectedSpans: 300, errorMessage: 'x' }))).toBe(
      '0a0608ac02120178',
    );
    expect(hex(encodeExportResponseProtobuf({ rejectedSpans: 0, errorMessage: 'w' }))).toBe('0a03120177');
    expect(hex(encodeExportResponseProtobuf({ rejectedSpans: 2n ** 40n, errorMessage: '' }))).toBe(
      '0a0708808080808020',
    );
    expect(encodeExportResponseJson({ rejectedSpans: 0, errorMessage: 'w' })).toBe(
      '{"partialSuccess":{"errorMessage":"w"}}',
    );
    expect(encodeExportResponseJson({ rejectedSpans: 2n ** 40n, errorMessage: '' })).toBe(
      '{"partialSuccess":{"rejectedSpans":"1099511627776"}}',
    );
  });

  it('caps a long error message', () => {
    const bytes = encodeExportResponseProtobuf({ rejectedSpans: 1, errorMessage: 'é'.repeat(100_000) });
    const message = ProtobufTraceSerializer.deserializeResponse(bytes).partialSuccess?.errorMessage ?? '';
    expect(Buffer.byteLength(message)).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_BYTES);
    expect(message.endsWith('é…')).toBe(true);
  });
});

describe('google.rpc.Status', () => {
  it('encodes code and message as protobuf and JSON', () => {
    const status = { code: GrpcCode.INVALID_ARGUMENT, message: 'bad' };
    expect(hex(encodeStatusProtobuf(status))).toBe('08031203626164');
    expect(encodeStatusJson(status)).toBe('{"code":3,"message":"bad"}');
    expect(encodeStatus('protobuf', 3, 'bad')).toEqual(encodeStatusProtobuf(status));
    expect(Buffer.from(encodeStatus('json', 3, 'bad')).toString()).toBe('{"code":3,"message":"bad"}');
  });

  it('encodes details as google.protobuf.Any in protobuf and leaves them out of JSON', () => {
    const status = {
      code: GrpcCode.INVALID_ARGUMENT,
      message: 'invalid spans',
      details: [{ typeUrl: 'type.googleapis.com/google.rpc.BadRequest', value: Uint8Array.from([1, 2, 3]) }],
    };
    expect(readStatus(encodeStatusProtobuf(status))).toEqual({
      code: 3,
      message: 'invalid spans',
      details: [{ typeUrl: 'type.googleapis.com/google.rpc.BadRequest', value: '010203' }],
    });
    expect(encodeStatusJson(status)).toBe('{"code":3,"message":"invalid spans"}');
  });

  it('maps an AppError to its gRPC code and caps the message', () => {
    expect(statusOfError(new AppError('too_large', 'body too big'))).toEqual({
      code: GrpcCode.RESOURCE_EXHAUSTED,
      message: 'body too big',
    });
    const long = readStatus(encodeStatus('protobuf', 14, 'x'.repeat(1_000_000)));
    expect(long.code).toBe(14);
    expect(Buffer.byteLength(long.message)).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_BYTES);
  });
});

describe('capMessage', () => {
  it('keeps short messages and cuts long ones on a character boundary', () => {
    expect(capMessage('short')).toBe('short');
    expect(capMessage('a'.repeat(4096))).toBe('a'.repeat(4096));
    for (const ch of ['a', 'é', '✓', '🚀']) {
      const capped = capMessage(ch.repeat(5000), 100);
      expect(Buffer.byteLength(capped)).toBeLessThanOrEqual(100);
      expect(capped).toMatch(new RegExp(`^(${ch})+…$`, 'u'));
    }
  });
});
