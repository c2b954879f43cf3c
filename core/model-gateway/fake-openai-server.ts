// Test kit: a local server speaking OpenAI's chat completions wire protocol (JSON and SSE), scripted per test.
import {
  argumentParts,
  pieces,
  resolveMessage,
  retryAfterHeaders,
  scriptRunner,
  serveFake,
  type FakeModelServer,
  type FakeRequest,
  type FakeResponse,
  type FakeServerOptions,
  type ResolvedMessage,
} from './fake-server-kit';

interface WireMessage {
  role?: unknown;
  content?: unknown;
}

const textOf = (content: unknown): string => {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((p: unknown) =>
      typeof p === 'object' && p !== null && 'text' in p && typeof p.text === 'string' ? p.text : '',
    )
    .join('');
};

const errorBody = (
  message: string,
  type: string,
  code: string | null = null,
  param: string | null = null,
) => ({
  error: { message, type, param, code },
});

const ERROR_TYPES: Record<number, [string, string | null]> = {
  400: ['invalid_request_error', null],
  401: ['invalid_request_error', 'invalid_api_key'],
  404: ['invalid_request_error', 'model_not_found'],
  429: ['requests', 'rate_limit_exceeded'],
};

/** Why the body is not a chat completions request, or undefined. */
function problemOf(body: unknown): { message: string; param: string } | undefined {
  if (typeof body !== 'object' || body === null)
    return { message: 'the body must be a JSON object', param: '' };
  const b = body as Record<string, unknown>;
  if (typeof b.model !== 'string' || b.model === '')
    return { message: "'model' is required", param: 'model' };
  if (!Array.isArray(b.messages) || b.messages.length === 0)
    return { message: "'messages' must be a non-empty array", param: 'messages' };
  for (const [i, m] of (b.messages as WireMessage[]).entries()) {
    if (!['system', 'developer', 'user', 'assistant', 'tool'].includes(String(m.role)))
      return { message: `invalid role at messages[${i}]`, param: `messages[${i}].role` };
  }
  if (b.max_tokens !== undefined && b.max_completion_tokens !== undefined)
    return { message: 'max_tokens and max_completion_tokens are exclusive', param: 'max_tokens' };
  return undefined;
}

let sequence = 0;

function completion(r: ResolvedMessage, id: string) {
  const toolCalls = r.toolCalls.map((c) => ({
    id: c.id,
    type: 'function',
    function: { name: c.name, arguments: c.arguments },
  }));
  return {
    id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: r.model,
    system_fingerprint: 'fp_spanloop_fake',
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: r.text === '' && toolCalls.length > 0 ? null : r.text,
          refusal: null,
          annotations: [],
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: r.finishReason,
      },
    ],
    usage: usageOf(r),
  };
}

const usageOf = (r: ResolvedMessage) => ({
  prompt_tokens: r.usage.inputTokens,
  completion_tokens: r.usage.outputTokens,
  total_tokens: r.usage.inputTokens + r.usage.outputTokens,
  prompt_tokens_details: { cached_tokens: r.usage.cacheReadTokens, audio_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
});

/** Chunks as the API streams them: role first, text pieces, each tool call's head then its arguments in parts. */
async function streamCompletion(
  response: FakeResponse,
  r: ResolvedMessage,
  id: string,
  includeUsage: boolean,
) {
  const sse = response.events({ 'x-request-id': id });
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: unknown, finish: string | null = null) => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model: r.model,
    system_fingerprint: 'fp_spanloop_fake',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(includeUsage ? { usage: null } : {}),
  });
  const send = async (data: unknown) => {
    sse.send(data);
    await response.wait(r.chunkDelayMs);
  };
  await send(chunk({ role: 'assistant', content: '', refusal: null }));
  for (const piece of pieces(r.text)) await send(chunk({ content: piece }));
  for (const [index, call] of r.toolCalls.entries()) {
    await send(
      chunk({
        tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }],
      }),
    );
    for (const part of argumentParts(call.arguments))
      await send(chunk({ tool_calls: [{ index, function: { arguments: part } }] }));
  }
  await send(chunk({}, r.finishReason));
  if (includeUsage) await send({ ...chunk({}), choices: [], usage: usageOf(r) });
  sse.raw('data: [DONE]\n\n');
  sse.end();
}

function authorized(request: FakeRequest, apiKey: string | undefined): boolean {
  if (apiKey === undefined) return true;
  return request.headers.authorization === `Bearer ${apiKey}` || request.headers['api-key'] === apiKey;
}

/**
 * A local OpenAI-compatible server on 127.0.0.1 for tests: `POST …/chat/completions` (any prefix, so Azure's
 * deployment paths work too), JSON or SSE as the request asks, scripted replies, echo by default.
 *
 * @example
 * const fake = await startFakeOpenAi({ script: [{ type: 'error', status: 429, retryAfter: '0' }, { type: 'message', text: 'hi' }] });
 * const client = new OpenAI({ baseURL: fake.url, apiKey: 'k' });
 */
export async function startFakeOpenAi(options: FakeServerOptions = {}): Promise<FakeModelServer> {
  const script = scriptRunner(options);
  const server = await serveFake(async (request, response) => {
    if (request.method !== 'POST' || !request.path.endsWith('/chat/completions'))
      return response.json(
        404,
        errorBody(
          `Unknown request URL: ${request.method} ${request.path}`,
          'invalid_request_error',
          'unknown_url',
        ),
      );
    if (!authorized(request, options.apiKey))
      return response.json(
        401,
        errorBody('Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'),
      );
    const problem = problemOf(request.body);
    if (problem !== undefined)
      return response.json(400, errorBody(problem.message, 'invalid_request_error', null, problem.param));
    const body = request.body as {
      model: string;
      messages: WireMessage[];
      stream?: boolean;
      stream_options?: { include_usage?: boolean };
    };
    const reply = script.next(request);
    if (reply.type === 'disconnect') return response.disconnect();
    await response.wait(reply.delayMs ?? 0);
    if (response.closed) return;
    const id = `chatcmpl-fake${++sequence}`;
    if (reply.type === 'error') {
      const [type, code] = ERROR_TYPES[reply.status] ?? ['server_error', null];
      return response.json(
        reply.status,
        errorBody(reply.message ?? `fake error ${reply.status}`, type, code),
        { 'x-request-id': id, ...retryAfterHeaders(reply) },
      );
    }
    const users = body.messages.filter((m) => m.role === 'user');
    const resolved = resolveMessage(reply, {
      model: body.model,
      lastUserText: textOf(users[users.length - 1]?.content),
      promptText: body.messages.map((m) => textOf(m.content)).join('\n'),
      idPrefix: `call_fake${sequence}_`,
    });
    if (body.stream === true)
      return streamCompletion(response, resolved, id, body.stream_options?.include_usage === true);
    response.json(200, completion(resolved, id), { 'x-request-id': id });
  }, '/v1');
  return { ...server, enqueue: script.enqueue };
}
