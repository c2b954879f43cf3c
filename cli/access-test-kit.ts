// Test support: workspaces, API keys and authenticated requests on every path of a running instance.
import * as grpc from '@grpc/grpc-js';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { recordSpans } from '../collector/otlp/sdk-spans.fixture';
import { createApiKey } from '../core/access/api-keys';
import { createWorkspace, type Workspace } from '../core/access/workspaces';
import type { Scope } from '../schemas/access';
import { otlpJsonRequest, type ResourceInput } from './otlp-json-request';
import type { TestInstance } from './test-instance';

export type Headers = Record<string, string>;

export const bearer = (secret: string): Headers => ({ authorization: `Bearer ${secret}` });

/** A new workspace on the instance; throws when the name is taken. */
export async function newWorkspace(spanloop: TestInstance, name: string): Promise<Workspace> {
  const created = await createWorkspace(spanloop.metadata, { name });
  if (!created) throw new Error(`workspace ${name} not created`);
  return created;
}

/** The bearer headers of a new API key of the workspace with these scopes. */
export async function keyHeaders(
  spanloop: TestInstance,
  workspaceId: string,
  scopes: Scope[],
  name = scopes.join('+'),
): Promise<Headers> {
  return bearer((await createApiKey(spanloop.metadata, { workspaceId, name, scopes })).secret);
}

/** An API request; the body is JSON when given. */
export async function callApi(
  spanloop: TestInstance,
  path: string,
  headers: Headers,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; text: string; headers: globalThis.Headers }> {
  const res = await fetch(`${spanloop.api}${path}`, {
    method: init.method ?? 'GET',
    headers: init.body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** An OTLP/JSON export over HTTP; answers the status and body. */
export async function exportHttp(
  spanloop: TestInstance,
  headers: Headers,
  resources: readonly ResourceInput[],
): Promise<{ status: number; text: string }> {
  const res = await fetch(`${spanloop.otlpHttp}/v1/traces`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: otlpJsonRequest(resources),
  });
  return { status: res.status, text: await res.text() };
}

/** One SDK-recorded span of `service` as an OTLP protobuf request, with its trace id. */
export function protobufExport(service: string): { traceId: string; body: Buffer } {
  const spans = recordSpans((tracer) => tracer.startSpan('grpc-op').end(), { 'service.name': service });
  const traceId = spans[0]?.spanContext().traceId ?? '';
  return { traceId, body: Buffer.from(ProtobufTraceSerializer.serializeRequest(spans) ?? new Uint8Array()) };
}

/** An OTLP/gRPC export with the headers as call metadata; answers the status code (0 = OK). */
export function exportGrpc(
  spanloop: TestInstance,
  headers: Headers,
  body: Buffer = Buffer.alloc(0),
): Promise<{ code: number; details: string }> {
  return new Promise((resolve) => {
    const client = new grpc.Client(`127.0.0.1:${spanloop.ports.otlpGrpc}`, grpc.credentials.createInsecure());
    const metadata = new grpc.Metadata();
    for (const [k, v] of Object.entries(headers)) metadata.set(k, v);
    client.makeUnaryRequest(
      '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
      (b: Buffer) => b,
      (b: Buffer) => b,
      body,
      metadata,
      (e) => {
        client.close();
        resolve({ code: e?.code ?? 0, details: e?.details ?? '' });
      },
    );
  });
}
