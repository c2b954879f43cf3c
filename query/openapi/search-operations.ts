import { z } from 'zod';
import { SpanInclude, SpanSearchQuery, TraceSearchQuery } from '../../schemas/span-query';
import type { ApiOperation, ParamDoc, RepeatedParam } from './operation';

/** `attr=key=value`: the key ends at the first `=`, the value may hold more. */
const AttributePair = z
  .string()
  .min(1)
  .regex(/^[^=]+(=.*)?$/);
const FilterText = z
  .string()
  .min(1)
  .describe('[span.|resource.]key OP value, or [span.|resource.]key exists|!exists');

/** How the attribute filters read, in the URL and in a JSON body alike. */
export const FILTER_GRAMMAR =
  '`filter` (repeat it; all must hold) is `[span.|resource.]<key><op><value>` with op one of `=` `!=` `<` `>` `<=` ' +
  '`>=` `=~`, or `[span.|resource.]<key> exists` / `<key> !exists`. Without a `span.` or `resource.` prefix ' +
  'either map may hold the key. `<`, `>`, `<=`, `>=` compare numerically when the value is a number (the ' +
  'attribute is read as a number; non-numeric attributes do not match), else as text; `=` and `!=` compare ' +
  'text (`!=` needs the attribute to be present); `=~` is an RE2 regular expression matched anywhere in the ' +
  'value (anchor it with `^…$`). A key or value may be written as a JSON string (`span."a key"="a value"`) ' +
  'for spaces, operator characters or surrounding blanks. Examples: `span.http.status_code>=500`, ' +
  '`resource.deployment.environment=prod`, `span.llm.cached exists`, `span.user.email=~@example\\.com$`.';

const SORTING =
  'Sort by `startTime` (default), `duration`, `cost` or `tokens`, `order` desc (default) or asc; ties break on ids. ' +
  'A `nextCursor` continues only the same sort and order (another gives a 400).';

const params: Readonly<Record<string, ParamDoc>> = {
  from: {
    description: 'start of the range (inclusive): epoch milliseconds or an ISO 8601 date-time',
    example: '2025-06-01T12:00:00Z',
  },
  to: {
    description: 'end of the range (exclusive): epoch milliseconds or ISO 8601; at most 31 days after `from`',
    example: '2025-06-01T13:00:00Z',
  },
  service: { description: '`service.name` of a matching span', example: 'checkout' },
  spanName: { description: 'name of a matching span', example: 'chat gpt-4o' },
  kind: { description: 'kind of a matching span', example: 'client' },
  status: { description: 'status of a matching span', example: 'ok' },
  minDurationMs: { description: 'shortest duration of a matching span, milliseconds', example: '0' },
  maxDurationMs: { description: 'longest duration of a matching span, milliseconds', example: '60000' },
  attr: {
    description: '`key=value` equality on a span or resource attribute (repeat it); `filter` can say more',
    example: 'gen_ai.system=openai',
  },
  filter: { description: `an attribute condition. ${FILTER_GRAMMAR}`, example: 'span.gen_ai.system=openai' },
  model: { description: 'request or response model of a matching span', example: 'gpt-4o' },
  provider: { description: 'LLM provider of a matching span', example: 'openai' },
  spanType: { description: 'span type of a matching span', example: 'llm' },
  minTokens: { description: "lowest total tokens of a matching span's own usage", example: '1' },
  maxTokens: { description: "highest total tokens of a matching span's own usage", example: '1000000' },
  minCost: { description: 'lowest cost of a matching span, USD', example: '0' },
  maxCost: { description: 'highest cost of a matching span, USD', example: '100' },
  promptKey: { description: 'prompt key of a matching span', example: 'support-answer' },
  promptVersion: { description: 'prompt version of a matching span', example: '3' },
  sessionId: { description: 'session of a matching span', example: 'session-42' },
  userId: { description: 'user of a matching span', example: 'user-7' },
  text: { description: 'case-insensitive substring of the LLM input or output', example: 'refund' },
  rootOnly: { description: 'only root spans match (`true` or `false`)', example: 'false' },
  sort: { description: 'what the results are ordered by', example: 'startTime' },
  order: { description: '`desc` (default) or `asc`', example: 'desc' },
  limit: { description: 'page size', example: '20' },
  cursor: { description: '`nextCursor` of the previous page, with the same sort and order' },
};

const traceRepeated: Readonly<Record<string, RepeatedParam>> = {
  attributes: { name: 'attr', items: AttributePair },
  filters: { name: 'filter', items: FilterText },
};

const TRACE_MATCH =
  'A trace matches when one of its spans in [from, to) matches every filter; totals cover the whole trace, ' +
  'and sorting by duration, cost or tokens ranks by those whole-trace totals.';
const SPAN_MATCH =
  'Spans in [from, to) matching every filter, each once, with ids, name, service, kind, status, times and LLM ' +
  'columns; `include=attributes` adds span and resource attributes, `include=messages` the LLM input and output.';

/** Trace and span search, each as GET (URL parameters) and POST (the same fields as a JSON body). */
export const SEARCH_OPERATIONS: readonly ApiOperation[] = [
  {
    path: '/api/v1/traces',
    operationId: 'searchTraces',
    tag: 'traces',
    summary: 'Search traces',
    description: `${TRACE_MATCH} ${SORTING}`,
    query: TraceSearchQuery,
    repeated: traceRepeated,
    params,
    response: { description: 'one page of traces', body: 'TraceSearchResult' },
    errors: ['400'],
  },
  {
    method: 'post',
    path: '/api/v1/traces/search',
    operationId: 'searchTracesByBody',
    tag: 'traces',
    summary: 'Search traces (JSON body)',
    description:
      `The fields of GET /api/v1/traces as a JSON object; \`filters\` holds filter texts or objects ` +
      `\`{ "scope": "span" | "resource" | "any", "key", "op", "value" }\`. Unknown fields are a 400. ${TRACE_MATCH} ${SORTING}`,
    body: TraceSearchQuery,
    response: { description: 'one page of traces', body: 'TraceSearchResult' },
    errors: ['400'],
  },
  {
    path: '/api/v1/spans',
    operationId: 'searchSpans',
    tag: 'traces',
    summary: 'Search spans',
    description: `${SPAN_MATCH} ${SORTING}`,
    query: SpanSearchQuery,
    repeated: { ...traceRepeated, include: { name: 'include', items: SpanInclude } },
    params: {
      ...params,
      include: {
        description: 'also return `attributes` and/or `messages` (repeated)',
        example: 'attributes',
      },
    },
    response: { description: 'one page of spans', body: 'SpanSearchResult' },
    errors: ['400'],
  },
  {
    method: 'post',
    path: '/api/v1/spans/search',
    operationId: 'searchSpansByBody',
    tag: 'traces',
    summary: 'Search spans (JSON body)',
    description: `The fields of GET /api/v1/spans as a JSON object, \`filters\` as in POST /api/v1/traces/search. ${SPAN_MATCH} ${SORTING}`,
    body: SpanSearchQuery,
    response: { description: 'one page of spans', body: 'SpanSearchResult' },
    errors: ['400'],
  },
];
