import type { SpanRow } from '../schemas/span-row';

/** Small deterministic PRNG (mulberry32) so every run generates the same data. */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

export const SERVICES = [
  'api-gateway',
  'checkout',
  'search',
  'recommendations',
  'llm-gateway',
  'agent-runner',
  'vector-db',
  'auth',
] as const;
const OPERATIONS: Record<string, string[]> = {
  'api-gateway': [
    'GET /api/products',
    'POST /api/checkout',
    'GET /api/search',
    'POST /api/chat',
    'GET /health',
  ],
  checkout: ['POST /cart', 'POST /pay', 'GET /order', 'reserve-stock', 'send-receipt'],
  search: ['GET /find', 'rank', 'spellcheck', 'query-rewrite', 'facet'],
  recommendations: ['similar-items', 'personalize', 'rerank', 'candidate-gen', 'cache-get'],
  'llm-gateway': ['chat gpt-4o', 'chat gpt-4o-mini', 'chat claude-3-5-sonnet', 'embeddings', 'moderation'],
  'agent-runner': ['agent.run', 'tool.call weather', 'tool.call search', 'plan', 'reflect'],
  'vector-db': ['query', 'upsert', 'SELECT embeddings', 'index.search', 'fetch'],
  auth: ['verify-token', 'GET /userinfo', 'refresh', 'introspect', 'rate-limit'],
};
export const TIERS = ['free', 'pro', 'team', 'enterprise'] as const;
export const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2', 'ap-south-1'] as const;
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-3-5-sonnet', 'gemini-1.5-pro'] as const;
const KINDS = ['Server', 'Client', 'Internal', 'Internal', 'Client'] as const;

const WORDS = (
  'the a of to and in is for on with as by at from that this be are or was it an will can have not your you ' +
  'order refund shipping invoice account password weather forecast city temperature product price discount ' +
  'customer support ticket agent tool search result document summary context question answer explain ' +
  'please thanks help need want know about error retry timeout database query index vector embedding model ' +
  'token latency cost budget report quarter revenue growth churn user session login device browser mobile ' +
  'paris berlin tokyo london madrid rome oslo lima cairo delhi sydney toronto chicago denver austin boston'
).split(' ');
const SYSTEM_PROMPTS = Array.from({ length: 20 }, (_, i) => {
  const r = seededRandom(1000 + i);
  const words: string[] = [];
  while (words.join(' ').length < 800) words.push(WORDS[Math.floor(r() * WORDS.length)] ?? 'x');
  return `You are assistant #${i}. ${words.join(' ')}`;
});
/** A word that appears in about one LLM input in a thousand, to measure selective free-text search. */
export const RARE_WORD = 'zanzibar';

export interface GeneratedTrace {
  rows: SpanRow[];
}

export interface SpanGeneratorOptions {
  /** Traces start in time order from `days` before this time (epoch seconds) up to it, as live ingest does. */
  endSeconds: number;
  days: number;
  /** How many traces will be drawn, to spread them evenly over the days. */
  expectedTraces: number;
  seed: number;
}

/** Generates realistic traces of 5–10 spans: mixed services, ~10 attributes, LLM spans with ~2 KB input. */
export const spanGenerator = (options: SpanGeneratorOptions) => {
  const rnd = seededRandom(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const hex = (chars: number): string => {
    let s = '';
    while (s.length < chars)
      s += Math.floor(rnd() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    return s.slice(0, chars);
  };
  const text = (bytes: number, rare: boolean): string => {
    const words: string[] = [];
    let length = 0;
    while (length < bytes) {
      const w = pick(WORDS);
      words.push(w);
      length += w.length + 1;
    }
    if (rare) words.splice(Math.floor(rnd() * words.length), 0, RARE_WORD);
    return words.join(' ');
  };
  const firstNs = BigInt(options.endSeconds - options.days * 86_400) * 1_000_000_000n;
  const stepNs = BigInt(Math.max(1, Math.floor((options.days * 86_400 * 1e9) / options.expectedTraces)));
  let traceNo = 0n;

  const nextTrace = (): GeneratedTrace => {
    const traceId = hex(32);
    const workspace = rnd() < 0.8 ? 'ws-main' : pick(['ws-b', 'ws-c', 'ws-d']);
    // Jitter of up to 30 s: spans arrive roughly, not strictly, in order.
    const startNs = firstNs + traceNo * stepNs + BigInt(Math.floor(rnd() * 30e9));
    traceNo += 1n;
    const count = 5 + Math.floor(rnd() * 6);
    const userId = `user-${Math.floor(rnd() * 50_000)}`;
    const sessionId = `sess-${hex(12)}`;
    const tier = pick(TIERS);
    const region = pick(REGIONS);
    const rows: SpanRow[] = [];
    const ids: string[] = [];
    let offsetNs = 0n;
    for (let i = 0; i < count; i += 1) {
      const service = i === 0 ? 'api-gateway' : pick(SERVICES);
      const spanId = hex(16);
      const parent = i === 0 ? '' : (ids[Math.floor(rnd() * ids.length)] ?? '');
      ids.push(spanId);
      const llm = service === 'llm-gateway' || (service === 'agent-runner' && rnd() < 0.5);
      const error = rnd() < 0.03;
      const durationNs = Math.floor((llm ? 400 + rnd() * 4000 : 1 + rnd() * 200) * 1e6);
      const ts = startNs + offsetNs;
      offsetNs += BigInt(Math.floor(rnd() * 50e6));
      const seconds = ts / 1_000_000_000n;
      const nanos = (ts % 1_000_000_000n).toString().padStart(9, '0');
      const model = pick(MODELS);
      const inputTokens = llm ? 300 + Math.floor(rnd() * 1500) : 0;
      const outputTokens = llm ? 20 + Math.floor(rnd() * 400) : 0;
      // Seven calls in ten stream, their first token 5–30 % into the call; derived, so the random sequence (and
      // with it every other column) stays what earlier runs generated.
      const firstTokenNs =
        llm && outputTokens % 10 < 7 ? Math.floor(durationNs * (0.05 + (inputTokens % 100) / 400)) : 0;
      rows.push({
        WorkspaceId: workspace,
        Timestamp: `${seconds}.${nanos}`,
        TraceId: traceId,
        SpanId: spanId,
        ParentSpanId: parent,
        TraceState: '',
        SpanName: pick(OPERATIONS[service] ?? ['op']),
        SpanKind: pick(KINDS),
        ServiceName: service,
        ResourceAttributes: {
          'service.name': service,
          'service.version': `1.${Math.floor(rnd() * 5)}.0`,
          'deployment.environment': rnd() < 0.9 ? 'production' : 'staging',
          'host.name': `${service}-${Math.floor(rnd() * 12)}`,
          'cloud.region': region,
        },
        ResourceAttributeTypes: {},
        ScopeName: llm ? 'openinference.instrumentation.openai' : '@opentelemetry/instrumentation-http',
        ScopeVersion: '0.40.0',
        SpanAttributes: {
          'http.method': pick(['GET', 'POST']),
          'http.route': `/v1/${pick(WORDS)}`,
          'http.status_code': error ? '500' : '200',
          'user.id': userId,
          'tenant.tier': tier,
          'request.id': hex(16),
          'net.peer.name': `${pick(SERVICES)}.svc`,
          'retry.count': String(Math.floor(rnd() * 3)),
          'feature.flag': pick(['a', 'b', 'control']),
          'cache.hit': rnd() < 0.5 ? 'true' : 'false',
        },
        SpanAttributeTypes: { 'http.status_code': 'int', 'retry.count': 'int', 'cache.hit': 'bool' },
        Duration: durationNs,
        StatusCode: error ? 'Error' : rnd() < 0.3 ? 'Ok' : 'Unset',
        StatusMessage: error ? 'upstream timeout' : '',
        'Events.Timestamp': error ? [`${seconds}.${nanos}`] : [],
        'Events.Name': error ? ['exception'] : [],
        'Events.Attributes': error
          ? [{ 'exception.type': 'TimeoutError', 'exception.message': 'deadline exceeded' }]
          : [],
        'Events.AttributeTypes': error ? [{}] : [],
        'Links.TraceId': [],
        'Links.SpanId': [],
        'Links.TraceState': [],
        'Links.Attributes': [],
        'Links.AttributeTypes': [],
        SpanType: llm ? 'llm' : service === 'vector-db' ? 'retriever' : 'other',
        LlmProvider: llm
          ? model.startsWith('gpt')
            ? 'openai'
            : model.startsWith('claude')
              ? 'anthropic'
              : 'google'
          : '',
        LlmRequestModel: llm ? model : '',
        LlmResponseModel: llm ? `${model}-2024` : '',
        LlmInput: llm
          ? JSON.stringify([
              { role: 'system', content: pick(SYSTEM_PROMPTS) },
              { role: 'user', content: text(1200, rnd() < 0.001) },
            ])
          : '',
        LlmOutput: llm ? JSON.stringify([{ role: 'assistant', content: text(300, false) }]) : '',
        InputTokens: inputTokens,
        OutputTokens: outputTokens,
        TotalTokens: inputTokens + outputTokens,
        CacheReadTokens: llm ? Math.floor(inputTokens * rnd() * 0.5) : 0,
        CacheWriteTokens: 0,
        ReasoningTokens: 0,
        TimeToFirstTokenNs: firstTokenNs,
        InputCost: inputTokens * 2.5e-6,
        OutputCost: outputTokens * 1e-5,
        TotalCost: inputTokens * 2.5e-6 + outputTokens * 1e-5,
        SessionId: llm ? sessionId : '',
        UserId: llm ? userId : '',
        PromptKey: llm ? pick(['support-bot', 'summarizer', 'router']) : '',
        PromptVersion: llm ? String(1 + Math.floor(rnd() * 4)) : '',
      });
    }
    return { rows };
  };
  return { nextTrace };
};
