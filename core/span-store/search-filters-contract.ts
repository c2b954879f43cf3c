import { beforeAll, describe, expect, it } from 'vitest';
import { SpanSearchQuery, TraceSearchQuery } from '../../schemas/span-query';
import type { SpanSearchQueryInput, TraceSearchQueryInput } from '../../schemas/span-query';
import type { SpanRow } from '../../schemas/span-row';
import { at, hexId, makeRow, newWorkspace, searchWindow } from './make-row';
import type { SpanStore } from './types';

const TRICKY_KEY = `k'ey\\"}{x:String} -- ;`;
const TRICKY_VALUE = `v'); DROP TABLE spans; --\\'\t{f0:String}`;

/** Three traces whose spans differ in every searchable field; names are the span names. */
export const seed = (workspace: string) => {
  const trace = { a: hexId(16), b: hexId(16), c: hexId(16) };
  const row = (name: string, traceId: string, o: Partial<SpanRow>) =>
    makeRow({ WorkspaceId: workspace, TraceId: traceId, SpanName: name, ...o });
  const prod = { ResourceAttributes: { 'service.name': 'agent', 'deployment.environment': 'prod' } };
  const a1 = row('a1', trace.a, {
    ...prod,
    ServiceName: 'agent',
    SpanKind: 'Server',
    Timestamp: at(0),
    Duration: 5e9,
    SpanType: 'agent',
    SpanAttributes: { 'http.status_code': '200' },
    SpanAttributeTypes: { 'http.status_code': 'int' },
    SessionId: 's-1',
    UserId: 'u-1',
  });
  const a2 = row('a2', trace.a, {
    ...prod,
    ServiceName: 'agent',
    ParentSpanId: a1.SpanId,
    SpanKind: 'Client',
    Timestamp: at(1),
    Duration: 2e9,
    SpanType: 'llm',
    LlmProvider: 'openai',
    LlmRequestModel: 'gpt-4o',
    LlmInput: JSON.stringify([{ role: 'user', content: 'I want a REFUND' }]),
    InputTokens: 100,
    OutputTokens: 50,
    TotalTokens: 150,
    TotalCost: 0.5,
    PromptKey: 'support',
    PromptVersion: '2',
    SessionId: 's-1',
    UserId: 'u-1',
    SpanAttributes: { 'llm.cached': 'true', temperature: '0.7' },
    SpanAttributeTypes: { 'llm.cached': 'bool', temperature: 'double' },
  });
  const a3 = row('a3', trace.a, {
    ...prod,
    ServiceName: 'agent',
    ParentSpanId: a1.SpanId,
    SpanKind: 'Internal',
    Timestamp: at(3),
    Duration: 1e8,
    StatusCode: 'Error',
    SpanType: 'tool',
    SpanAttributes: { 'http.status_code': '503', 'db.statement': "SELECT 'x' -- ;" },
    SpanAttributeTypes: { 'http.status_code': 'int' },
  });
  const staging = { ResourceAttributes: { 'service.name': 'api', 'deployment.environment': 'staging' } };
  const b1 = row('b1', trace.b, {
    ...staging,
    SpanKind: 'Server',
    Timestamp: at(10),
    Duration: 1e9,
    SpanAttributes: { 'http.status_code': '404', 'user.email': 'bob@example.com' },
  });
  const b2 = row('b2', trace.b, {
    ...staging,
    ParentSpanId: b1.SpanId,
    SpanKind: 'Client',
    Timestamp: at(10, 500_000_000),
    Duration: 8e8,
    SpanType: 'llm',
    LlmProvider: 'anthropic',
    LlmResponseModel: 'claude-3-5-sonnet',
    TotalTokens: 1000,
    TotalCost: 0.1,
    PromptKey: 'support',
    PromptVersion: '3',
    SessionId: 's-2',
    UserId: 'u-2',
  });
  const apiProd = { ResourceAttributes: { 'service.name': 'api', 'deployment.environment': 'prod' } };
  const c1 = row('c1', trace.c, {
    ...apiProd,
    SpanKind: 'Producer',
    Timestamp: at(20),
    Duration: 10e9,
    SpanAttributes: {
      'http.status_code': '500',
      'user.email': 'carol@EXAMPLE.org',
      [TRICKY_KEY]: TRICKY_VALUE,
    },
  });
  const c2 = row('c2', trace.c, {
    ...apiProd,
    ParentSpanId: c1.SpanId,
    SpanKind: 'Client',
    Timestamp: at(21),
    Duration: 9e9,
    SpanType: 'llm',
    LlmProvider: 'openai',
    LlmRequestModel: 'gpt-4o-mini',
    TotalTokens: 10,
    TotalCost: 2,
  });
  return { trace, rows: [a1, a2, a3, b1, b2, c1, c2] };
};

type Filters = Partial<TraceSearchQueryInput>;

/** Each query with the span names it matches; the trace search must answer those spans' traces. */
const TABLE: [string, Filters, string[]][] = [
  ['kind', { kind: 'client' }, ['a2', 'b2', 'c2']],
  ['kind server', { kind: 'server' }, ['a1', 'b1']],
  ['numeric >=', { filters: ['span.http.status_code>=500'] }, ['a3', 'c1']],
  ['numeric >', { filters: ['span.http.status_code>500'] }, ['a3']],
  ['numeric <', { filters: ['span.http.status_code < 300'] }, ['a1']],
  [
    'numeric <= on a double',
    { filters: [{ scope: 'span', key: 'temperature', op: '<=', value: 0.7 }] },
    ['a2'],
  ],
  ['!= needs the attribute', { filters: ['span.http.status_code!=404'] }, ['a1', 'a3', 'c1']],
  ['= on an int attribute', { filters: ['http.status_code=404'] }, ['b1']],
  ['resource scope', { filters: ['resource.deployment.environment=prod'] }, ['a1', 'a2', 'a3', 'c1', 'c2']],
  ['resource !=', { filters: ['resource.deployment.environment!=prod'] }, ['b1', 'b2']],
  ['wrong scope', { filters: ['span.deployment.environment=prod'] }, []],
  ['either scope', { filters: ['deployment.environment=staging'] }, ['b1', 'b2']],
  ['resource service.name', { filters: ['resource.service.name=agent'] }, ['a1', 'a2', 'a3']],
  ['exists', { filters: ['span.llm.cached exists'] }, ['a2']],
  ['!exists', { filters: ['span.user.email !exists', 'resource.service.name=api'] }, ['b2', 'c2']],
  ['regex', { filters: ['span.user.email=~@example\\.com$'] }, ['b1']],
  ['regex, case-insensitive', { filters: ['user.email=~(?i)@EXAMPLE\\.'] }, ['b1', 'c1']],
  ['text ordering', { filters: ['span.user.email>c'] }, ['c1']],
  ['provider', { provider: 'anthropic' }, ['b2']],
  ['span type', { spanType: 'tool' }, ['a3']],
  ['model (request or response)', { model: 'claude-3-5-sonnet' }, ['b2']],
  ['min tokens', { minTokens: 100 }, ['a2', 'b2']],
  ['token range', { minTokens: 100, maxTokens: 500 }, ['a2']],
  ['min cost', { minCost: 1 }, ['c2']],
  ['max cost of llm spans', { maxCost: 0.2, spanType: 'llm' }, ['b2']],
  ['prompt key', { promptKey: 'support' }, ['a2', 'b2']],
  ['prompt version', { promptKey: 'support', promptVersion: '3' }, ['b2']],
  ['session', { sessionId: 's-1' }, ['a1', 'a2']],
  ['user', { userId: 'u-2' }, ['b2']],
  ['root only', { rootOnly: true }, ['a1', 'b1', 'c1']],
  ['root only and kind', { rootOnly: true, kind: 'client' }, []],
  ['free text', { text: 'refund' }, ['a2']],
  ['status', { status: 'error' }, ['a3']],
  [
    'all filters at once',
    { filters: ['span.http.status_code>=500', 'resource.deployment.environment=prod'] },
    ['a3', 'c1'],
  ],
  [
    'a hostile key and value',
    { filters: [{ scope: 'span', key: TRICKY_KEY, op: '=', value: TRICKY_VALUE }] },
    ['c1'],
  ],
  ['a hostile key exists', { filters: [`span.${JSON.stringify(TRICKY_KEY)} exists`] }, ['c1']],
  ['a hostile regex', { filters: [{ key: TRICKY_KEY, op: '=~', value: "^v'\\); DROP" }] }, ['c1']],
  ['a hostile text value', { filters: [`db.statement=${"SELECT 'x' -- ;"}`] }, ['a3']],
  ['a near miss of it', { filters: [`db.statement=${"SELECT 'x' --"}`] }, []],
  ['legacy attr equality', { attributes: [{ key: TRICKY_KEY, value: TRICKY_VALUE }] }, ['c1']],
];

/** Filters, sorts and span search of the store contract; `current` is the contract's open store. */
export const searchFiltersContract = (current: () => SpanStore): void => {
  const traces = (workspaceId: string, input: Partial<TraceSearchQueryInput>) =>
    current().searchTraces(workspaceId, TraceSearchQuery.parse({ ...searchWindow, ...input }));
  const spans = (workspaceId: string, input: Partial<SpanSearchQueryInput>) =>
    current().searchSpans(workspaceId, SpanSearchQuery.parse({ ...searchWindow, ...input }));

  describe('filters', () => {
    const workspace = newWorkspace();
    const data = seed(workspace);
    const byName = new Map(data.rows.map((r) => [r.SpanName, r]));
    beforeAll(async () => {
      await current().insert({ id: hexId(8), rows: data.rows });
    });

    it.each(TABLE)('%s', async (_, filters, expected) => {
      const found = await spans(workspace, { ...filters, limit: 100 });
      expect(found.spans.map((s) => s.name).sort()).toEqual(expected);
      const traceIds = [...new Set(expected.map((n) => byName.get(n)?.TraceId))].sort();
      expect((await traces(workspace, filters)).traces.map((t) => t.traceId).sort()).toEqual(traceIds);
    });

    it('summarises each span without attributes or messages unless asked', async () => {
      const [plain] = (await spans(workspace, { text: 'refund' })).spans;
      expect(plain).toMatchObject({
        name: 'a2',
        kind: 'Client',
        serviceName: 'agent',
        startTimeUnixNano: '1700000001000000000',
        endTimeUnixNano: '1700000003000000000',
        durationNs: '2000000000',
        statusCode: 'Unset',
        llm: {
          spanType: 'llm',
          provider: 'openai',
          requestModel: 'gpt-4o',
          totalTokens: 150,
          totalCost: 0.5,
        },
      });
      expect(plain).not.toHaveProperty('attributes');
      expect(plain?.llm).not.toHaveProperty('input');
      const [full] = (await spans(workspace, { text: 'refund', include: ['attributes', 'messages'] })).spans;
      expect(full?.attributes).toEqual({ 'llm.cached': true, temperature: 0.7 });
      expect(full?.resourceAttributes).toEqual({ 'service.name': 'agent', 'deployment.environment': 'prod' });
      expect(full?.llm.input).toEqual([{ role: 'user', content: 'I want a REFUND' }]);
      expect(full?.llm.output).toEqual([]);
    });

    it('refuses a regex re2 cannot compile, naming the problem', async () => {
      for (const run of [
        () => spans(workspace, { filters: ['x=~a(b'] }),
        () => traces(workspace, { filters: ['x=~(?=lookahead)'] }),
        () => traces(workspace, { sort: 'cost', filters: ['x=~[z-a]'] }),
      ])
        await expect(run()).rejects.toMatchObject({
          kind: 'invalid_argument',
          message: /invalid re2 regex: ./,
        });
    });
  });
};
