import { z } from 'zod';
import { JaegerDependenciesQuery, JaegerOperationsQuery, JaegerSearchQuery, JaegerTraceId } from '../jaeger';
import { TempoSearchParams } from '../tempo';
import type { ApiOperation, ParamDoc } from './operation';

const Text = z.string().min(1);
const json = ['application/json'] as const;

const tempoParams: Readonly<Record<string, ParamDoc>> = {
  traceId: {
    description: '1–32 hex characters, left-padded to 32',
    example: '4bf92f3577b34da6a3ce929d0e0e4736',
  },
  q: { description: 'TraceQL: one spanset such as `{ span.gen_ai.request.model = "gpt-4o" }`' },
  tags: { description: 'legacy logfmt tags, used when `q` is absent: `service.name=checkout`' },
  minDuration: { description: 'Go duration such as 100ms' },
  maxDuration: { description: 'Go duration such as 5s' },
  limit: { description: 'most traces (default 20)' },
  spss: { description: 'spans per span set (default 3)' },
  start: { description: 'unix seconds; without start and end the last hour' },
  end: { description: 'unix seconds' },
  scope: { description: 'span, resource, event, link, intrinsic, all or none' },
};
// The tag endpoints read only the range, the scope (v2 names) and a `q` narrowing the spans.
const notForTags = ['tags', 'minDuration', 'maxDuration', 'limit', 'spss'];
const tagsNoScope = [...notForTags, 'scope'];

/** Grafana Tempo's HTTP API under /tempo; the bodies are Tempo's, so only their media types are given. */
export const TEMPO_OPERATIONS: readonly ApiOperation[] = [
  {
    path: '/tempo/api/status/buildinfo',
    operationId: 'tempoBuildInfo',
    tag: 'tempo',
    summary: 'Tempo build info (a 2.x version, so Grafana enables TraceQL and the v2 endpoints)',
    response: { description: 'Tempo build info', mediaTypes: json },
  },
  {
    path: '/tempo/api/echo',
    operationId: 'tempoEcho',
    tag: 'tempo',
    summary: "Connection check of Grafana's Tempo data source",
    response: { description: '`echo`', mediaTypes: ['text/plain'] },
  },
  {
    path: '/tempo/api/v2/traces/{traceId}',
    operationId: 'tempoTraceV2',
    tag: 'tempo',
    summary:
      'Trace by id: protobuf `TraceByIDResponse` with `Accept: application/protobuf`, OTLP JSON otherwise',
    pathParams: { traceId: Text },
    params: tempoParams,
    response: { description: 'the trace', mediaTypes: ['application/json', 'application/protobuf'] },
    errors: ['400', '404'],
  },
  {
    path: '/tempo/api/traces/{traceId}',
    operationId: 'tempoTraceV1',
    tag: 'tempo',
    summary: 'Trace by id, v1: OTLP `batches` as JSON, or a protobuf `Trace`',
    pathParams: { traceId: Text },
    params: tempoParams,
    response: { description: 'the trace', mediaTypes: ['application/json', 'application/protobuf'] },
    errors: ['400', '404'],
  },
  {
    path: '/tempo/api/search',
    operationId: 'tempoSearch',
    tag: 'tempo',
    summary: 'Search by TraceQL or legacy tags',
    query: TempoSearchParams,
    omit: ['scope'],
    params: tempoParams,
    response: { description: 'Tempo search response', mediaTypes: json },
    errors: ['400'],
  },
  {
    path: '/tempo/api/search/tags',
    operationId: 'tempoTagNames',
    tag: 'tempo',
    summary: 'Attribute names (v1)',
    query: TempoSearchParams,
    omit: tagsNoScope,
    params: tempoParams,
    response: { description: 'tag names', mediaTypes: json },
    errors: ['400'],
  },
  {
    path: '/tempo/api/v2/search/tags',
    operationId: 'tempoTagNamesV2',
    tag: 'tempo',
    summary: 'Attribute names by scope (v2)',
    query: TempoSearchParams,
    omit: notForTags,
    params: tempoParams,
    response: { description: 'tag names by scope', mediaTypes: json },
    errors: ['400'],
  },
  {
    path: '/tempo/api/search/tag/{name}/values',
    operationId: 'tempoTagValues',
    tag: 'tempo',
    summary: 'Values of an unscoped attribute (v1)',
    pathParams: { name: Text },
    query: TempoSearchParams,
    omit: tagsNoScope,
    params: { ...tempoParams, name: { description: 'attribute name', example: 'gen_ai.system' } },
    response: { description: 'tag values', mediaTypes: json },
    errors: ['400'],
  },
  {
    path: '/tempo/api/v2/search/tag/{name}/values',
    operationId: 'tempoTagValuesV2',
    tag: 'tempo',
    summary: 'Typed values of a TraceQL tag (v2)',
    pathParams: { name: Text },
    query: TempoSearchParams,
    omit: tagsNoScope,
    params: { ...tempoParams, name: { description: 'TraceQL tag', example: 'resource.service.name' } },
    response: { description: 'typed tag values', mediaTypes: json },
    errors: ['400'],
  },
];

const envelope = 'Jaeger `{ data, total, limit, offset, errors }` envelope';
const jaegerError = { description: `${envelope} whose errors say why`, mediaTypes: json };

/** The Jaeger query service's v1 JSON API under /jaeger, as Grafana's Jaeger data source calls it. */
export const JAEGER_OPERATIONS: readonly ApiOperation[] = [
  {
    path: '/jaeger/api/services',
    operationId: 'jaegerServices',
    tag: 'jaeger',
    summary: 'Service names',
    response: { description: envelope, mediaTypes: json },
  },
  {
    path: '/jaeger/api/services/{service}/operations',
    operationId: 'jaegerServiceOperations',
    tag: 'jaeger',
    summary: 'Span names of a service',
    pathParams: { service: Text },
    params: { service: { description: 'service name', example: 'checkout' } },
    response: { description: envelope, mediaTypes: json },
  },
  {
    path: '/jaeger/api/operations',
    operationId: 'jaegerOperations',
    tag: 'jaeger',
    summary: 'Operations (name and span kind) of a service',
    query: JaegerOperationsQuery,
    params: {
      service: { description: 'service name', example: 'checkout' },
      spanKind: { description: 'only operations of this kind', example: 'client' },
    },
    response: { description: envelope, mediaTypes: json },
    otherResponses: { '400': jaegerError },
  },
  {
    path: '/jaeger/api/traces/{traceId}',
    operationId: 'jaegerTrace',
    tag: 'jaeger',
    summary: 'One trace in Jaeger JSON',
    pathParams: { traceId: JaegerTraceId },
    params: { traceId: { description: 'hex trace id', example: '4bf92f3577b34da6a3ce929d0e0e4736' } },
    response: { description: envelope, mediaTypes: json },
    otherResponses: { '400': jaegerError, '404': jaegerError },
  },
  {
    path: '/jaeger/api/traces',
    operationId: 'jaegerSearch',
    tag: 'jaeger',
    summary: 'Search traces by service and operation, tags, time and duration, or fetch them by `traceID`',
    // The clock only fills defaults after parsing; the parameters do not depend on it.
    query: JaegerSearchQuery(0),
    params: {
      service: { description: 'service name; required unless traceID is given', example: 'checkout' },
      operation: { description: 'span name', example: 'chat gpt-4o' },
      start: { description: 'microseconds since the epoch' },
      end: { description: 'microseconds since the epoch' },
      lookback: {
        description: 'Go duration before end when start is absent (default 2 days)',
        example: '1h',
      },
      limit: { description: 'most traces (default 100)', example: '20' },
      minDuration: { description: 'Go duration', example: '1ms' },
      maxDuration: { description: 'Go duration', example: '10s' },
      tags: { description: 'JSON object of attribute values', example: '{"gen_ai.system":"openai"}' },
      tag: { description: '`key:value`, repeatable', example: 'gen_ai.request.model:gpt-4o' },
      traceID: { description: 'hex trace ids, repeatable; the other filters are then ignored' },
    },
    response: { description: envelope, mediaTypes: json },
    otherResponses: { '400': jaegerError },
  },
  {
    path: '/jaeger/api/dependencies',
    operationId: 'jaegerDependencies',
    tag: 'jaeger',
    summary: 'Service dependency links (parent, child, callCount)',
    query: JaegerDependenciesQuery(0),
    params: {
      endTs: { description: 'end of the window, milliseconds since the epoch (default now)' },
      lookback: { description: 'window length in milliseconds (default one day)', example: '86400000' },
      service: { description: 'only links from or to this service', example: 'checkout' },
    },
    response: { description: envelope, mediaTypes: json },
    otherResponses: { '400': jaegerError },
  },
];

/** Probes and the Prometheus exposition, outside /api/v1. */
export const SERVICE_OPERATIONS: readonly ApiOperation[] = [
  {
    path: '/healthz',
    operationId: 'health',
    tag: 'service',
    summary: 'Liveness',
    response: { description: 'the process answers', body: 'HealthStatus' },
  },
  {
    path: '/readyz',
    operationId: 'ready',
    tag: 'service',
    summary: 'Readiness: the stores answer',
    response: { description: 'ready', body: 'HealthStatus' },
    otherResponses: { '503': { description: 'not ready', body: 'HealthStatus' } },
  },
  {
    path: '/metrics',
    operationId: 'prometheusMetrics',
    tag: 'service',
    summary:
      'Prometheus exposition of the LLM business metrics (tokens, cost, requests, errors, time to first token by model)',
    response: { description: 'Prometheus text format 0.0.4', mediaTypes: ['text/plain'] },
  },
];
