// Test kit: a local server speaking Anthropic's Messages wire protocol (JSON and SSE events), scripted per test.
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

interface WireBlock {
  type?: unknown;
  text?: unknown;
  id?: unknown;
  tool_use_id?: unknown;
}
interface WireMessage {
  role?: unknown;
  content?: unknown;
}

const blocksOf = (content: unknown): WireBlock[] =>
  typeof content === 'string'
    ? [{ type: 'text', text: content }]
    : Array.isArray(content)
      ? (content as WireBlock[])
      : [];

const textOf = (content: unknown): string =>
  blocksOf(content)
    .map((b) => (b.type === 'text' && typeof b.text === 'string' ? b.text : ''))
    .join('');

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

const errorBody = (status: number, message: string, requestId: string) => ({
  type: 'error',
  error: { type: ERROR_TYPES[status] ?? 'api_error', message },
  request_id: requestId,
});

/** The checks of the real API that a mapping bug would trip: roles, max_tokens, tool results matching calls. */
function problemOf(request: FakeRequest): string | undefined {
  if (request.headers['anthropic-version'] === undefined) return 'anthropic-version: header is required';
  const body = request.body;
  if (typeof body !== 'object' || body === null) return 'the body must be a JSON object';
  const b = body as Record<string, unknown>;
  if (typeof b.model !== 'string' || b.model === '') return 'model: Field required';
  if (typeof b.max_tokens !== 'number' || !Number.isInteger(b.max_tokens) || b.max_tokens < 1)
    return 'max_tokens: Field required';
  if (!Array.isArray(b.messages) || b.messages.length === 0)
    return 'messages: at least one message is required';
  const messages = b.messages as WireMessage[];
  if (messages[0]?.role !== 'user') return 'messages: the first message must use the "user" role';
  for (const [i, m] of messages.entries()) {
    if (m.role !== 'user' && m.role !== 'assistant')
      return `messages.${i}.role: Input should be 'user' or 'assistant'`;
    const previous = i > 0 ? blocksOf(messages[i - 1]?.content) : [];
    for (const block of blocksOf(m.content)) {
      if (block.type !== 'tool_result') continue;
      const matched = previous.some((p) => p.type === 'tool_use' && p.id === block.tool_use_id);
      if (!matched)
        return `messages.${i}: tool_result block(s) provided when previous message does not have a matching tool_use (${String(block.tool_use_id)})`;
    }
  }
  return undefined;
}

const STOP_REASONS: Record<string, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'refusal',
};

const parsedInput = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return {};
  }
};

let sequence = 0;

type StreamEvent = { type: string } & Record<string, unknown>;

const wireUsage = (r: ResolvedMessage, outputTokens = r.usage.outputTokens) => ({
  input_tokens: r.usage.inputTokens,
  output_tokens: outputTokens,
  cache_creation_input_tokens: r.usage.cacheWriteTokens,
  cache_read_input_tokens: r.usage.cacheReadTokens,
  service_tier: 'standard',
});

function message(r: ResolvedMessage, id: string) {
  const content: unknown[] = [];
  if (r.text !== '' || r.toolCalls.length === 0)
    content.push({ type: 'text', text: r.text, citations: null });
  for (const c of r.toolCalls)
    content.push({ type: 'tool_use', id: c.id, name: c.name, input: parsedInput(c.arguments) });
  return {
    id,
    type: 'message',
    role: 'assistant',
    model: r.model,
    content,
    stop_reason: STOP_REASONS[r.finishReason] ?? 'end_turn',
    stop_sequence: null,
    usage: wireUsage(r),
  };
}

/** Events as the API streams them: message_start, ping, one block after another, message_delta, message_stop. */
async function streamMessage(response: FakeResponse, r: ResolvedMessage, id: string) {
  const sse = response.events({ 'request-id': id });
  const send = async (data: StreamEvent) => {
    sse.send(data, data.type);
    await response.wait(r.chunkDelayMs);
  };
  await send({
    type: 'message_start',
    message: { ...message(r, id), content: [], stop_reason: null, usage: wireUsage(r, 1) },
  });
  await send({ type: 'ping' });
  let index = 0;
  if (r.text !== '' || r.toolCalls.length === 0) {
    await send({
      type: 'content_block_start',
      index,
      content_block: { type: 'text', text: '', citations: null },
    });
    for (const piece of pieces(r.text))
      await send({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } });
    await send({ type: 'content_block_stop', index });
    index++;
  }
  for (const call of r.toolCalls) {
    await send({
      type: 'content_block_start',
      index,
      content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} },
    });
    for (const part of argumentParts(call.arguments))
      await send({
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: part },
      });
    await send({ type: 'content_block_stop', index });
    index++;
  }
  await send({
    type: 'message_delta',
    delta: { stop_reason: STOP_REASONS[r.finishReason] ?? 'end_turn', stop_sequence: null },
    usage: { output_tokens: r.usage.outputTokens },
  });
  await send({ type: 'message_stop' });
  sse.end();
}

/**
 * A local Anthropic-compatible server on 127.0.0.1 for tests: `POST /v1/messages`, JSON or SSE events as the
 * request asks, checking what the real API checks (version header, key, max_tokens, tool results), echo by default.
 *
 * @example
 * const fake = await startFakeAnthropic({ script: [{ type: 'message', toolCalls: [{ name: 'lookup', arguments: '{"q":"x"}' }] }] });
 * const client = new Anthropic({ baseURL: fake.url, apiKey: 'k' });
 */
export async function startFakeAnthropic(options: FakeServerOptions = {}): Promise<FakeModelServer> {
  const script = scriptRunner(options);
  const server = await serveFake(async (request, response) => {
    const id = `msg_fake${++sequence}`;
    if (request.method !== 'POST' || request.path !== '/v1/messages')
      return response.json(404, errorBody(404, `Not Found: ${request.path}`, id));
    // The API takes the key as a bearer token (SDK 1.x) or in x-api-key (older SDKs).
    const key = request.headers['x-api-key'] ?? request.headers.authorization?.replace(/^Bearer /, '');
    if (options.apiKey !== undefined && key !== options.apiKey)
      return response.json(401, errorBody(401, 'invalid x-api-key', id));
    const problem = problemOf(request);
    if (problem !== undefined) return response.json(400, errorBody(400, problem, id));
    const body = request.body as {
      model: string;
      system?: unknown;
      messages: WireMessage[];
      stream?: boolean;
    };
    const reply = script.next(request);
    if (reply.type === 'disconnect') return response.disconnect();
    await response.wait(reply.delayMs ?? 0);
    if (response.closed) return;
    if (reply.type === 'error') {
      return response.json(
        reply.status,
        errorBody(reply.status, reply.message ?? `fake error ${reply.status}`, id),
        { 'request-id': id, ...retryAfterHeaders(reply) },
      );
    }
    const users = body.messages.filter((m) => m.role === 'user' && textOf(m.content) !== '');
    const resolved = resolveMessage(reply, {
      model: body.model,
      lastUserText: textOf(users[users.length - 1]?.content),
      promptText: [textOf(body.system), ...body.messages.map((m) => textOf(m.content))].join('\n'),
      idPrefix: `toolu_fake${sequence}_`,
    });
    if (body.stream === true) return streamMessage(response, resolved, id);
    response.json(200, message(resolved, id), { 'request-id': id });
  }, '');
  return { ...server, enqueue: script.enqueue };
}
