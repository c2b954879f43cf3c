import { hexId, makeRow } from '../core/span-store/make-row';
import type { SpanRow } from '../schemas/span-row';

/** The dashboards' test window: one hour from 2024-01-01T00:00:00Z. */
export const seedWindow = { fromMs: Date.UTC(2024, 0, 1), toMs: Date.UTC(2024, 0, 1, 1) };

/** Milliseconds since the epoch as the row's 'seconds.nanoseconds' start time. */
export const spanTime = (ms: number): string =>
  `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1_000_000).padStart(9, '0')}`;

/** Milliseconds since the epoch of a row's start time. */
export const rowMs = (row: SpanRow): number => {
  const [seconds = '0', nanos = '0'] = row.Timestamp.split('.');
  return Number(seconds) * 1000 + Math.floor(Number(nanos) / 1_000_000);
};

const minute = (m: number, ms = 0): string => spanTime(seedWindow.fromMs + m * 60_000 + ms);

interface ModelCall {
  workspace: string;
  at: string;
  model: string;
  provider: string;
  spanType?: 'llm' | 'embedding';
  durationMs: number;
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
  reasoning?: number;
  /** Time to first token of a streamed call. */
  firstTokenMs?: number;
  cost: number;
  error?: boolean;
  prompt?: readonly [key: string, version: string];
}

const modelCall = (c: ModelCall): SpanRow =>
  makeRow({
    WorkspaceId: c.workspace,
    Timestamp: c.at,
    ServiceName: 'chat-api',
    ResourceAttributes: { 'service.name': 'chat-api' },
    SpanName: `chat ${c.model}`,
    SpanKind: 'Client',
    SpanType: c.spanType ?? 'llm',
    LlmProvider: c.provider,
    LlmRequestModel: c.model,
    LlmResponseModel: `${c.model}-2024`,
    Duration: c.durationMs * 1_000_000,
    StatusCode: c.error === true ? 'Error' : 'Ok',
    StatusMessage: c.error === true ? 'rate limited' : '',
    InputTokens: c.input,
    OutputTokens: c.output,
    TotalTokens: c.input + c.output,
    CacheReadTokens: c.cacheRead ?? 0,
    CacheWriteTokens: c.cacheWrite ?? 0,
    ReasoningTokens: c.reasoning ?? 0,
    TimeToFirstTokenNs: (c.firstTokenMs ?? 0) * 1_000_000,
    InputCost: c.cost / 2,
    OutputCost: c.cost / 2,
    TotalCost: c.cost,
    PromptKey: c.prompt?.[0] ?? '',
    PromptVersion: c.prompt?.[1] ?? '',
  });

const evaluation = (at: string, results: readonly (readonly [name: string, score: number])[]): SpanRow =>
  makeRow({
    WorkspaceId: 'ws-a',
    Timestamp: at,
    ServiceName: 'evals',
    ResourceAttributes: { 'service.name': 'evals' },
    SpanName: 'evaluate',
    SpanKind: 'Internal',
    SpanType: 'evaluator',
    // An unrelated event first, so the panels must pick evaluation events by name.
    'Events.Timestamp': [at, ...results.map(() => at)],
    'Events.Name': ['exception', ...results.map(() => 'gen_ai.evaluation.result')],
    'Events.Attributes': [
      { 'exception.message': 'judge retried' },
      ...results.map(([name, score]) => ({
        'gen_ai.evaluation.name': name,
        'gen_ai.evaluation.score.value': String(score),
      })),
    ],
    'Events.AttributeTypes': [{}, ...results.map(() => ({ 'gen_ai.evaluation.score.value': 'Double' }))],
  });

/**
 * Two workspaces of LLM traffic inside the window plus spans the dashboards must leave out: another workspace,
 * a call before the window, wrapper spans that repeat their children's token counts.
 */
export const seedRows = (): SpanRow[] => {
  const rows: SpanRow[] = [];
  for (let i = 0; i < 6; i++) {
    rows.push(
      modelCall({
        workspace: 'ws-a',
        at: minute(2 + i * 8, i),
        model: 'gpt-4o',
        provider: 'openai',
        durationMs: 100 * (i + 1),
        input: 100,
        output: 50,
        cacheRead: 20,
        reasoning: 5,
        // Streamed, except the last call.
        ...(i < 5 ? { firstTokenMs: 40 * (i + 1) } : {}),
        cost: 0.01,
        error: i === 3,
        prompt: ['support-answer', i < 3 ? '3' : '4'],
      }),
    );
  }
  for (let i = 0; i < 4; i++) {
    rows.push(
      modelCall({
        workspace: 'ws-a',
        at: minute(5 + i * 12),
        model: 'claude-3-5-sonnet',
        provider: 'anthropic',
        durationMs: 900 + i * 100,
        input: 200,
        output: 80,
        cacheWrite: 30,
        firstTokenMs: 300 + 100 * i,
        cost: 0.02,
        prompt: ['summarize', '1'],
      }),
    );
  }
  rows.push(
    modelCall({
      workspace: 'ws-a',
      at: minute(30),
      model: 'text-embedding-3-small',
      provider: 'openai',
      spanType: 'embedding',
      durationMs: 20,
      input: 50,
      output: 0,
      cost: 0.0001,
    }),
  );
  // Outside the window, and in another workspace: both must stay out of ws-a's numbers.
  rows.push(
    modelCall({
      workspace: 'ws-a',
      at: spanTime(seedWindow.fromMs - 7_200_000),
      model: 'gpt-4o',
      provider: 'openai',
      durationMs: 100,
      input: 1000,
      output: 1000,
      cost: 1,
    }),
  );
  for (let i = 0; i < 2; i++) {
    rows.push(
      modelCall({
        workspace: 'ws-b',
        at: minute(10 + i),
        model: 'gpt-4o-mini',
        provider: 'openai',
        durationMs: 50,
        input: 10,
        output: 10,
        firstTokenMs: 9000,
        cost: 0.001,
        error: true,
      }),
    );
  }
  for (let i = 0; i < 5; i++) {
    const traceId = hexId(16);
    const root = makeRow({
      WorkspaceId: 'ws-a',
      TraceId: traceId,
      Timestamp: minute(1 + i * 10),
      ServiceName: 'chat-api',
      SpanName: 'POST /chat',
      SpanKind: 'Server',
      Duration: 2_000_000_000,
      StatusCode: i === 4 ? 'Error' : 'Unset',
      StatusMessage: i === 4 ? 'upstream failed' : '',
    });
    // An agent wrapper repeats its model call's usage; token panels count model calls only.
    const agent = makeRow({
      WorkspaceId: 'ws-a',
      TraceId: traceId,
      ParentSpanId: root.SpanId,
      Timestamp: minute(1 + i * 10, 5),
      ServiceName: 'chat-api',
      SpanName: 'agent',
      SpanKind: 'Internal',
      SpanType: 'agent',
      Duration: 1_500_000_000,
      InputTokens: 100,
      OutputTokens: 50,
      TotalTokens: 150,
    });
    const retrieval = makeRow({
      WorkspaceId: 'ws-a',
      TraceId: traceId,
      ParentSpanId: agent.SpanId,
      Timestamp: minute(1 + i * 10, 10),
      ServiceName: 'retriever',
      ResourceAttributes: { 'service.name': 'retriever' },
      SpanName: 'vector.search',
      SpanKind: 'Server',
      SpanType: 'retriever',
      Duration: (30 + i * 10) * 1_000_000,
      StatusCode: i === 2 ? 'Error' : 'Unset',
      StatusMessage: i === 2 ? 'index unavailable' : '',
    });
    rows.push(root, agent, retrieval);
  }
  rows.push(
    evaluation(minute(20), [
      ['relevance', 0.8],
      ['toxicity', 0.1],
    ]),
    evaluation(minute(40), [['relevance', 0.6]]),
  );
  return rows;
};
