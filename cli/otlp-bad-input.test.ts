import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeProtobufExportRequest } from '../collector/otlp';
import type { StoredSpan } from '../schemas/stored-span';
import { protobufExport } from './access-test-kit';
import { startTestInstance, type TestInstance } from './test-instance';

let spanloop: TestInstance;
beforeAll(async () => {
  spanloop = await startTestInstance();
});
afterAll(async () => {
  await spanloop.stop();
});

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const nowNs = () => String(BigInt(Date.now()) * 1_000_000n);

/** An OTLP/JSON span; override any field to make it bad. */
function jsonSpan(overrides: Record<string, unknown> = {}) {
  const start = nowNs();
  return {
    traceId: hex(16),
    spanId: hex(8),
    name: 'op',
    kind: 2,
    startTimeUnixNano: start,
    endTimeUnixNano: start,
    attributes: [{ key: 'k', value: { stringValue: 'v' } }],
    ...overrides,
  };
}

const jsonRequest = (spans: unknown[]) =>
  JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bad-input' } }] },
        scopeSpans: [{ scope: { name: 's' }, spans }],
      },
    ],
  });

async function post(body: string | Uint8Array, headers: Record<string, string>) {
  const res = await fetch(`${spanloop.otlpHttp}/v1/traces`, { method: 'POST', body, headers });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, text: bytes.toString('utf8') };
}

const postJson = (body: string) => post(body, { 'content-type': 'application/json' });

async function storedSpans(traceId: string): Promise<StoredSpan[]> {
  const res = await fetch(`${spanloop.api}/api/v1/traces/${traceId}`);
  if (res.status === 404) return [];
  return ((await res.json()) as { spans: StoredSpan[] }).spans;
}

async function expectStillServing() {
  const good = jsonSpan();
  expect((await postJson(jsonRequest([good]))).status).toBe(200);
  expect(await storedSpans(good.traceId)).toHaveLength(1);
}

describe('OTLP/HTTP bad input', () => {
  it('answers garbage protobuf with 400 and a google.rpc.Status in protobuf', async () => {
    const r = await post(randomBytes(512), { 'content-type': 'application/x-protobuf' });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toBe('application/x-protobuf');
    expect(r.bytes[0]).toBe(0x08); // Status.code, field 1 varint
    expect(r.bytes[1]).toBe(3); // INVALID_ARGUMENT
    await expectStillServing();
  });

  it('answers a truncated protobuf request with 400', async () => {
    // A valid request cut short: missing its tail is the only thing wrong with it.
    const { body } = protobufExport('truncated');
    expect(decodeProtobufExportRequest(body)).toMatchObject({ ok: true });
    expect((await post(body, { 'content-type': 'application/x-protobuf' })).status).toBe(200);
    for (const cut of [1, Math.floor(body.length / 2), body.length - 1]) {
      const r = await post(body.subarray(0, cut), { 'content-type': 'application/x-protobuf' });
      expect(r.status, `cut at ${cut} of ${body.length}`).toBe(400);
      expect(r.text, `cut at ${cut}`).toMatch(/truncated|exceeds/);
    }
  });

  it('answers malformed JSON with 400 and a JSON Status', async () => {
    const r = await postJson('{"resourceSpans": [');
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text)).toMatchObject({ code: 3, message: expect.any(String) as string });
  });

  it('answers an unsupported media type with 415 and an unknown encoding with 415', async () => {
    expect((await post('hello', { 'content-type': 'text/plain' })).status).toBe(415);
    expect(
      (await post('x', { 'content-type': 'application/json', 'content-encoding': 'br-unknown' })).status,
    ).toBe(415);
  });

  it('rejects spans with base64, short or all-zero ids through partial_success and stores the rest', async () => {
    const good = jsonSpan();
    const r = await postJson(
      jsonRequest([
        good,
        jsonSpan({ traceId: Buffer.from(randomBytes(16)).toString('base64') }),
        jsonSpan({ spanId: hex(4) }),
        jsonSpan({ traceId: '0'.repeat(32) }),
        jsonSpan({ endTimeUnixNano: '1' }),
      ]),
    );
    expect(r.status).toBe(200);
    const body = JSON.parse(r.text) as { partialSuccess: { rejectedSpans: string; errorMessage: string } };
    expect(Number(body.partialSuccess.rejectedSpans)).toBe(4);
    expect(body.partialSuccess.errorMessage).toMatch(/invalid trace id/);
    expect(await storedSpans(good.traceId)).toHaveLength(1);
    const metrics = await (await fetch(`${spanloop.api}/metrics`)).text();
    expect(metrics).toMatch(/spanloop_spans_rejected_total\{reason="invalid_trace_id"\} [1-9]/);
    expect(metrics).toMatch(/spanloop_spans_rejected_total\{reason="end_before_start"\} [1-9]/);
  });

  it('answers a gzip bomb with 413 without inflating it all', async () => {
    const bomb = gzipSync(Buffer.alloc(200 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const before = process.memoryUsage().rss;
    const r = await post(bomb, { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' });
    expect(r.status).toBe(413);
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
    await expectStillServing();
  });

  it('answers a body over the limit with 413', async () => {
    const r = await post(Buffer.alloc(spanloop.config.limits.maxRequestBytes + 1024, 1), {
      'content-type': 'application/x-protobuf',
    });
    expect(r.status).toBe(413);
    await expectStillServing();
  });

  it('stores a span with a several-MB attribute truncated, and says so', async () => {
    const big = jsonSpan({
      attributes: [{ key: 'huge', value: { stringValue: 'x'.repeat(5 * 1024 * 1024) } }],
    });
    const good = jsonSpan();
    const r = await postJson(jsonRequest([big, good]));
    expect(r.status).toBe(200);
    const body = JSON.parse(r.text) as { partialSuccess: { rejectedSpans?: string; errorMessage: string } };
    expect(Number(body.partialSuccess.rejectedSpans ?? 0)).toBe(0);
    expect(body.partialSuccess.errorMessage).toMatch(/truncated/);
    const [stored] = await storedSpans(big.traceId);
    expect((stored?.attributes.huge as string).length).toBe(spanloop.config.limits.maxAttributeBytes);
    expect(await storedSpans(good.traceId)).toHaveLength(1);
  });

  it('answers other methods with 405 and other paths with 404', async () => {
    expect((await fetch(`${spanloop.otlpHttp}/v1/traces`)).status).toBe(405);
    expect((await fetch(`${spanloop.otlpHttp}/v1/nope`, { method: 'POST' })).status).toBe(404);
  });

  it('answers an empty request with success', async () => {
    const r = await postJson('{}');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toEqual({});
  });
});

describe('OTLP/gRPC bad input', () => {
  const call = (payload: Buffer) =>
    new Promise<{ code: number; details: string }>((resolve) => {
      const client = new grpc.Client(
        `127.0.0.1:${spanloop.ports.otlpGrpc}`,
        grpc.credentials.createInsecure(),
        {
          'grpc.max_send_message_length': -1,
        },
      );
      client.makeUnaryRequest(
        '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
        (b: Buffer) => b,
        (b: Buffer) => b,
        payload,
        (e) => {
          client.close();
          resolve({ code: e?.code ?? 0, details: e?.details ?? '' });
        },
      );
    });

  it('answers garbage with INVALID_ARGUMENT', async () => {
    const r = await call(randomBytes(256));
    expect(r.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(r.details).not.toBe('');
  });

  it('answers a message over the limit with RESOURCE_EXHAUSTED', async () => {
    const r = await call(Buffer.alloc(spanloop.config.limits.maxRequestBytes + 1024, 0));
    expect(r.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    await expectStillServing();
  });
});
