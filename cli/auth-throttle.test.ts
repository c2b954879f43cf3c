import * as grpc from '@grpc/grpc-js';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSpans } from '../collector/otlp/sdk-spans.fixture';
import { bearer, callApi, exportGrpc, exportHttp, keyHeaders, newWorkspace } from './access-test-kit';
import { hexId, msToNs } from './otlp-json-request';
import { startTestInstance, type TestInstance } from './test-instance';

let spanloop: TestInstance;

beforeAll(async () => {
  spanloop = await startTestInstance({ auth: { mode: 'required', maxFailures: 10 } });
});
afterAll(async () => {
  await spanloop.stop();
});

/** Exports one span through the real OTel gRPC exporter with `authorization` metadata; the SDK's result code. */
async function exportWithSdk(authorization: string): Promise<ExportResultCode> {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', authorization);
  const exporter = new GrpcExporter({ url: spanloop.otlpGrpc, metadata });
  const spans = recordSpans((tracer) => tracer.startSpan('after-throttle').end(), {
    'service.name': 'shared',
  });
  const code = await new Promise<ExportResultCode>((resolve) =>
    exporter.export(spans, (r) => resolve(r.code)),
  );
  await exporter.shutdown();
  return code;
}

describe('failed-credential throttling with SPANLOOP_AUTH=required', () => {
  it('refuses wrong keys from a throttled address with 429 but lets its valid keys through on every path', async () => {
    const team = await newWorkspace(spanloop, 'shared-collector');
    const good = await keyHeaders(spanloop, team.id, ['ingest', 'read']);
    const wrong = bearer(`sl-sk-${'W'.repeat(43)}`);

    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await callApi(spanloop, '/api/v1/me', wrong)).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);

    // Wrong credentials stay refused with Retry-After on the API and both OTLP transports.
    const refused = await callApi(spanloop, '/api/v1/me', wrong);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await exportHttp(spanloop, wrong, [])).status).toBe(429);
    expect((await exportGrpc(spanloop, wrong)).code).toBe(grpc.status.RESOURCE_EXHAUSTED);

    // The valid key from the same address still works everywhere.
    const me = await callApi(spanloop, '/api/v1/me', good);
    expect(me.status).toBe(200);
    expect(JSON.parse(me.text)).toMatchObject({ workspaceId: team.id });
    const traceId = hexId(16);
    const http = await exportHttp(spanloop, good, [
      { service: 'shared', spans: [{ traceId, spanId: hexId(8), name: 'op', startNs: msToNs(Date.now()) }] },
    ]);
    expect(http.status).toBe(200);
    expect((await callApi(spanloop, `/api/v1/traces/${traceId}`, good)).status).toBe(200);
    expect(await exportWithSdk(good.authorization ?? '')).toBe(ExportResultCode.SUCCESS);

    // Requests without credentials are not counted as failures and get 401, not 429.
    expect((await callApi(spanloop, '/api/v1/me', {})).status).toBe(401);
  });
});
