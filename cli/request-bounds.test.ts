import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSpans, toProtobuf } from '../collector/otlp/sdk-spans.fixture';
import { msToNs, otlpJsonRequest } from './otlp-json-request';
import { startTestInstance, type TestInstance } from './test-instance';

// The default request bound (50,000) is capped by a queue of 300 spans: a request that could never be queued
// is refused at once, one at the bound is stored.
const BOUND = 300;
let spanloop: TestInstance;
beforeAll(async () => {
  spanloop = await startTestInstance({ queue: { maxSpans: BOUND, maxBatchSpans: 100 } });
}, 120_000);
afterAll(async () => {
  await spanloop.stop();
});

const jsonBody = (spans: number) =>
  otlpJsonRequest([
    { service: 'bounds', spans: Array.from({ length: spans }, () => ({ startNs: msToNs(Date.now()) })) },
  ]);
const protobufBody = (spans: number) =>
  Buffer.from(
    toProtobuf(
      recordSpans((tracer) => {
        for (let i = 0; i < spans; i++) tracer.startSpan(`op-${i}`).end();
      }),
    ),
  );

const post = async (instance: TestInstance, body: string | Buffer, contentType: string) => {
  const res = await fetch(`${instance.otlpHttp}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  return { status: res.status, text: await res.text(), retryAfter: res.headers.get('retry-after') };
};

function exportGrpc(body: Buffer): Promise<{ code: number; details: string; statusDetails: unknown[] }> {
  return new Promise((resolve) => {
    const client = new grpc.Client(`127.0.0.1:${spanloop.ports.otlpGrpc}`, grpc.credentials.createInsecure());
    client.makeUnaryRequest(
      '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
      (b: Buffer) => b,
      (b: Buffer) => b,
      body,
      new grpc.Metadata(),
      (e) => {
        client.close();
        resolve({
          code: e?.code ?? 0,
          details: e?.details ?? '',
          statusDetails: e?.metadata?.get('grpc-status-details-bin') ?? [],
        });
      },
    );
  });
}

describe('span bound per export request', () => {
  it('refuses an OTLP/JSON request one span over the bound with 413, and stores a request at the bound', async () => {
    const over = await post(spanloop, jsonBody(BOUND + 1), 'application/json');
    expect(over.status).toBe(413);
    expect(over.retryAfter).toBeNull();
    expect((JSON.parse(over.text) as { message: string }).message).toMatch(/more than 300 spans/);
    const at = await post(spanloop, jsonBody(BOUND), 'application/json');
    expect(at.status).toBe(200);
  });

  it('refuses an OTLP/protobuf request over the bound with 413', async () => {
    expect((await post(spanloop, protobufBody(BOUND + 1), 'application/x-protobuf')).status).toBe(413);
    expect((await post(spanloop, protobufBody(BOUND), 'application/x-protobuf')).status).toBe(200);
  });

  it('answers gRPC RESOURCE_EXHAUSTED without RetryInfo, so exporters do not retry', async () => {
    const over = await exportGrpc(protobufBody(BOUND + 1));
    expect(over.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(over.details).toMatch(/more than 300 spans/);
    expect(over.statusDetails).toEqual([]);
    expect((await exportGrpc(protobufBody(10))).code).toBe(0);
  });
});
