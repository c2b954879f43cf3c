import { SpanType } from '../../schemas/llm-fields';
import { GroupField } from '../../schemas/metrics-view';
import { MetricsQuery } from '../metrics';
import { SessionListQuery, SessionTracesQuery, UserListQuery } from '../sessions';
import { TraceIdParam } from '../trace-routes';
import type { ApiOperation, ParamDoc } from './operation';
import { SEARCH_OPERATIONS } from './search-operations';

const range: Readonly<Record<string, ParamDoc>> = {
  from: {
    description: 'start of the range (inclusive): epoch milliseconds or an ISO 8601 date-time',
    example: '2025-06-01T12:00:00Z',
  },
  to: {
    description: 'end of the range (exclusive): epoch milliseconds or ISO 8601; at most 31 days after `from`',
    example: '2025-06-01T13:00:00Z',
  },
};
const page: Readonly<Record<string, ParamDoc>> = {
  limit: { description: 'page size', example: '20' },
  cursor: { description: '`nextCursor` of the previous page' },
};
const activitySort = (ids: string, extra: string): Readonly<Record<string, ParamDoc>> => ({
  sort: {
    description:
      `what the list is ordered by: \`lastSeen\` (default), \`firstSeen\`, \`traces\`, \`tokens\` (total), ` +
      `\`cost\`, \`errors\`${extra} or \`id\` (the ${ids} id); ties break on the id in the same order`,
    example: 'cost',
  },
  order: { description: '`desc` (default) or `asc`', example: 'desc' },
  cursor: {
    description: '`nextCursor` of the previous page, with the same sort and order (another gives a 400)',
  },
});
const llmFilters: Readonly<Record<string, ParamDoc>> = {
  service: { description: '`service.name` of a matching span', example: 'checkout' },
  spanName: { description: 'name of a matching span', example: 'chat gpt-4o' },
  model: { description: 'request or response model of a matching span', example: 'gpt-4o' },
};

/** Spanloop's own API under /api/v1. */
export const API_OPERATIONS: readonly ApiOperation[] = [
  {
    path: '/api/v1/traces/{traceId}',
    operationId: 'getTrace',
    tag: 'traces',
    summary: 'One trace with all its spans',
    description:
      'Every span with ids, parent, name, kind, service, exact nanosecond times, status, typed attributes, ' +
      'events, links and the LLM fields (span type, provider, models, messages, tokens, cost, session, user, prompt).',
    pathParams: { traceId: TraceIdParam },
    params: { traceId: { description: '32 hex characters', example: '4bf92f3577b34da6a3ce929d0e0e4736' } },
    response: { description: 'the trace', body: 'TraceView' },
    errors: ['400', '404'],
  },
  ...SEARCH_OPERATIONS,
  {
    path: '/api/v1/sessions',
    operationId: 'listSessions',
    tag: 'sessions',
    summary: 'Sessions (threads) active in a range, most recent first or by `sort` and `order`',
    query: SessionListQuery,
    params: {
      ...range,
      userId: { description: 'only sessions in which this user appears', example: 'user-7' },
      ...page,
      ...activitySort('session', ''),
    },
    response: { description: 'one page of sessions with their totals', body: 'SessionPage' },
    errors: ['400'],
  },
  {
    path: '/api/v1/sessions/{sessionId}',
    operationId: 'getSessionTraces',
    tag: 'sessions',
    summary: "A session's traces in a range, oldest first",
    query: SessionTracesQuery,
    params: { sessionId: { description: 'the session id', example: 'session-42' }, ...range, ...page },
    response: { description: "one page of the session's traces", body: 'SessionTraces' },
    errors: ['400', '404'],
  },
  {
    path: '/api/v1/users',
    operationId: 'listUsers',
    tag: 'sessions',
    summary: 'Users active in a range, most recent first or by `sort` and `order`',
    query: UserListQuery,
    omit: ['userId'],
    params: { ...range, ...page, ...activitySort('user', ', `sessions` (session count)') },
    response: { description: 'one page of users with their totals', body: 'UserPage' },
    errors: ['400'],
  },
  {
    path: '/api/v1/metrics',
    operationId: 'getMetrics',
    tag: 'metrics',
    summary: 'Request, error, latency, time-to-first-token, token and cost time series',
    description:
      'Buckets of `step` aligned to `from`, one series per group; more than 100 series is a 400 that asks ' +
      'for filters or fewer group-by fields. Time-to-first-token percentiles cover the spans that reported ' +
      'one (streamed model calls) and are null in a bucket without any. The workspace is the one of the key.',
    query: MetricsQuery,
    repeated: {
      groupBy: { name: 'groupBy', items: GroupField },
      spanType: { name: 'spanType', items: SpanType },
    },
    params: {
      ...range,
      step: {
        description:
          'bucket width: seconds or 30s, 5m, 1h, 1d; when absent, picked from the range (at most 1440 points)',
        example: '5m',
      },
      groupBy: {
        description: 'group series by these fields (repeated or comma-separated)',
        example: 'model',
      },
      ...llmFilters,
      provider: { description: 'LLM provider', example: 'openai' },
      promptKey: { description: 'prompt key', example: 'support-answer' },
      promptVersion: { description: 'prompt version', example: '3' },
      spanType: { description: 'span types (repeated or comma-separated)', example: 'llm' },
    },
    response: { description: 'the series', body: 'MetricsResult' },
    errors: ['400'],
  },
  {
    path: '/api/v1/openapi.json',
    operationId: 'getOpenApiDocument',
    tag: 'meta',
    summary: 'This OpenAPI 3.1 document',
    response: { description: 'the document', body: 'OpenApiDocumentBody' },
  },
];
