import { randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInstance, type TestInstance } from './test-instance';

let spanloop: TestInstance;
beforeAll(async () => {
  // A queue of one five-span request: any second request in flight is refused.
  spanloop = await startTestInstance({ queue: { maxSpans: 5, maxBatchSpans: 100, retryAfterSeconds: 3 } });
});
afterAll(async () => {
  await spanloop.stop();
});

function request(traceId: string) {
  const start = BigInt(Date.now()) * 1_000_000n;
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'overload' } }] },
        scopeSpans: [
          {
            spans: Array.from({ length: 5 }, () => ({
              traceId,
              spanId: randomBytes(8).toString('hex'),
              name: 'op',
              startTimeUnixNano: String(start),
              endTimeUnixNano: String(start + 10n),
            })),
          },
        ],
      },
    ],
  });
}

const spanCount = async (traceId: string) => {
  const res = await fetch(`${spanloop.api}/api/v1/traces/${traceId}`);
  return res.status === 200 ? ((await res.json()) as { spans: unknown[] }).spans.length : 0;
};

describe('overload', () => {
  it('refuses with 503 and Retry-After when the queue is full, and keeps every acknowledged span', async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, async () => {
        const traceId = randomBytes(16).toString('hex');
        const res = await fetch(`${spanloop.otlpHttp}/v1/traces`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: request(traceId),
        });
        return {
          traceId,
          status: res.status,
          retryAfter: res.headers.get('retry-after'),
          body: await res.text(),
        };
      }),
    );
    const refused = results.filter((r) => r.status === 503);
    const accepted = results.filter((r) => r.status === 200);
    expect(refused.length).toBeGreaterThan(0);
    expect(accepted.length).toBeGreaterThan(0);
    expect(refused.length + accepted.length).toBe(results.length);
    for (const r of refused) {
      expect(r.retryAfter).toBe('3');
      expect(JSON.parse(r.body)).toMatchObject({ code: 14 });
    }
    for (const r of accepted) expect(await spanCount(r.traceId)).toBe(5);
    for (const r of refused) expect(await spanCount(r.traceId)).toBe(0);
  });

  it('refuses over gRPC with UNAVAILABLE carrying RetryInfo', async () => {
    const client = new grpc.Client(`127.0.0.1:${spanloop.ports.otlpGrpc}`, grpc.credentials.createInsecure());
    // The JSON bodies above are not protobuf; build tiny protobuf requests by hand: one span each.
    const span = () => {
      const traceId = randomBytes(16);
      const spanId = randomBytes(8);
      const start = Buffer.alloc(8);
      start.writeBigUInt64LE(BigInt(Date.now()) * 1_000_000n);
      const spanBytes = Buffer.concat([
        Buffer.from([0x0a, 16]),
        traceId,
        Buffer.from([0x12, 8]),
        spanId,
        Buffer.from([0x2a, 2]),
        Buffer.from('op'),
        Buffer.from([0x39]),
        start,
        Buffer.from([0x41]),
        start,
      ]);
      const scope = Buffer.concat([Buffer.from([0x12, spanBytes.length]), spanBytes]);
      const rs = Buffer.concat([Buffer.from([0x12, scope.length]), scope]);
      return Buffer.concat([Buffer.from([0x0a, rs.length]), rs]);
    };
    const outcomes = await Promise.all(
      Array.from(
        { length: 40 },
        () =>
          new Promise<grpc.ServiceError | null>((resolve) =>
            client.makeUnaryRequest(
              '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
              (b: Buffer) => b,
              (b: Buffer) => b,
              span(),
              (e) => resolve(e),
            ),
          ),
      ),
    );
    client.close();
    const unavailable = outcomes.filter((e) => e?.code === grpc.status.UNAVAILABLE);
    expect(outcomes.filter((e) => e === null).length).toBeGreaterThan(0);
    expect(unavailable.length).toBeGreaterThan(0);
    const details = unavailable[0]!.metadata.get('grpc-status-details-bin')[0] as Buffer;
    expect(details.toString('latin1')).toContain('type.googleapis.com/google.rpc.RetryInfo');
  });
});
