import Anthropic from '@anthropic-ai/sdk';
import type {
  ContentBlockParam,
  Message,
  MessageCreateParamsBase,
  MessageCreateParamsNonStreaming,
  MessageParam,
  RawMessageStreamEvent,
  ToolChoice as WireToolChoice,
} from '@anthropic-ai/sdk/resources/messages/messages';
import type { ChatMessage, ChatToolCall, ChatUsage, ToolChoice } from '../../schemas/chat';
import {
  assistantMessage,
  DEFAULT_URLS,
  FINISH,
  ProviderError,
  type ProviderCall,
  type ProviderClient,
  type ProviderDelta,
  type ProviderFactory,
  type ProviderReply,
  type ProviderSettings,
} from './provider-client';
import { sdkErrorMapper } from './sdk-error';

/** Anthropic requires max_tokens; this applies when neither the call nor the model's defaults set it. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

function clientFor(s: ProviderSettings): Anthropic {
  return new Anthropic({
    // Explicit null keeps the SDK from reading ANTHROPIC_API_KEY from the server's environment.
    apiKey: s.apiKey,
    ...(s.apiKey === null ? { authToken: null } : {}),
    baseURL: s.baseUrl ?? DEFAULT_URLS.anthropic,
    timeout: s.timeoutMs,
    maxRetries: 0,
    logLevel: 'off',
    fetch: s.fetch,
    // The gateway makes its own span; no second one, and no trace headers sent to the provider.
    openTelemetry: { traces: false, propagation: false },
    defaultHeaders: {
      ...s.headers,
      ...(s.apiKey === null ? { 'x-api-key': null, authorization: null } : {}),
    },
  });
}

const parseArguments = (text: string): unknown => {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // The model's own text, kept verbatim: Anthropic wants an object, so wrap what cannot be one.
    return { arguments: text };
  }
};

/** System messages become the system prompt; tool results join the next user turn as tool_result blocks. */
function toWire(messages: readonly ChatMessage[]): { system: string | undefined; messages: MessageParam[] } {
  const system: string[] = [];
  const out: MessageParam[] = [];
  const push = (role: 'user' | 'assistant', blocks: ContentBlockParam[]) => {
    const last = out[out.length - 1];
    // Consecutive turns of one role merge: the API wants user and assistant to alternate.
    if (last !== undefined && last.role === role && Array.isArray(last.content)) last.content.push(...blocks);
    else out.push({ role, content: blocks });
  };
  for (const m of messages) {
    switch (m.role) {
      case 'system':
        system.push(m.content);
        break;
      case 'user':
        push('user', [{ type: 'text', text: m.content }]);
        break;
      case 'tool':
        push('user', [{ type: 'tool_result', tool_use_id: m.toolCallId ?? '', content: m.content }]);
        break;
      case 'assistant': {
        const blocks: ContentBlockParam[] = m.content === '' ? [] : [{ type: 'text', text: m.content }];
        for (const c of m.toolCalls ?? [])
          blocks.push({ type: 'tool_use', id: c.id, name: c.name, input: parseArguments(c.arguments) });
        push('assistant', blocks.length > 0 ? blocks : [{ type: 'text', text: '' }]);
        break;
      }
    }
  }
  return { system: system.length > 0 ? system.join('\n\n') : undefined, messages: out };
}

const toWireToolChoice = (choice: ToolChoice): WireToolChoice => {
  if (typeof choice !== 'string') return { type: 'tool', name: choice.name };
  return {
    auto: { type: 'auto' as const },
    none: { type: 'none' as const },
    required: { type: 'any' as const },
  }[choice];
};

/** The request body; parameters Messages lacks (penalties, JSON mode) are not sent. */
function requestBody(call: ProviderCall): MessageCreateParamsBase {
  const p = call.params;
  const wire = toWire(call.messages);
  const body: MessageCreateParamsBase = {
    model: call.model,
    messages: wire.messages,
    max_tokens: p.maxTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
  };
  if (wire.system !== undefined) body.system = wire.system;
  // The SDK no longer types the sampling parameters (recent models refuse them): sent only when set.
  const sampling: Record<string, number> = {};
  if (p.temperature !== undefined) sampling.temperature = p.temperature;
  if (p.topP !== undefined) sampling.top_p = p.topP;
  if (p.topK !== undefined) sampling.top_k = p.topK;
  Object.assign(body, sampling);
  if (p.stop !== undefined && p.stop.length > 0) body.stop_sequences = [...p.stop];
  if (call.tools !== undefined && call.tools.length > 0) {
    body.tools = call.tools.map((t) => ({
      name: t.name,
      description: t.description,
      input_schema: { type: 'object', ...t.parameters },
    }));
    if (call.toolChoice !== undefined) body.tool_choice = toWireToolChoice(call.toolChoice);
  }
  return body;
}

const finishReason = (reason: string | null | undefined): string => {
  switch (reason) {
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return FINISH.length;
    case 'tool_use':
      return FINISH.toolCalls;
    case 'refusal':
      return FINISH.contentFilter;
    default:
      return FINISH.stop;
  }
};

interface WireUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

/** Anthropic counts cache reads and writes apart from input_tokens; the gateway's input includes them. */
const usageOf = (u: WireUsage): ChatUsage => {
  const read = u.cache_read_input_tokens ?? 0;
  const write = u.cache_creation_input_tokens ?? 0;
  return {
    inputTokens: (u.input_tokens ?? 0) + read + write,
    outputTokens: u.output_tokens ?? 0,
    cacheReadTokens: read,
    cacheWriteTokens: write,
  };
};

function replyOf(message: Message): ProviderReply {
  let text = '';
  const calls: ChatToolCall[] = [];
  for (const block of message.content) {
    if (block.type === 'text') text += block.text;
    else if (block.type === 'tool_use')
      calls.push({ id: block.id, name: block.name, arguments: JSON.stringify(block.input) });
  }
  return {
    message: assistantMessage(text, calls),
    finishReason: finishReason(message.stop_reason),
    usage: usageOf(message.usage),
    model: message.model,
    id: message.id,
  };
}

const fromAnthropicError = sdkErrorMapper(Anthropic);

/** Folds Anthropic's stream events into deltas; tool calls are numbered in the order their blocks start. */
async function* streamOf(client: Anthropic, call: ProviderCall): AsyncGenerator<ProviderDelta> {
  let stream: AsyncIterable<RawMessageStreamEvent>;
  try {
    stream = await client.messages.create({ ...requestBody(call), stream: true }, { signal: call.signal });
  } catch (e) {
    throw fromAnthropicError(e);
  }
  let text = '';
  let model = call.model;
  let id: string | undefined;
  let reason: string | null | undefined;
  let usage: WireUsage = {};
  const calls: ChatToolCall[] = [];
  const callOfBlock = new Map<number, number>();
  try {
    for await (const event of stream) {
      call.heartbeat?.();
      switch (event.type) {
        case 'message_start':
          model = event.message.model || model;
          id = event.message.id;
          usage = { ...event.message.usage };
          break;
        case 'content_block_start':
          if (event.content_block.type === 'tool_use') {
            const { id: callId, name } = event.content_block;
            callOfBlock.set(event.index, calls.length);
            yield { type: 'tool_call', index: calls.length, id: callId, name, argumentsDelta: '' };
            calls.push({ id: callId, name, arguments: '' });
          } else if (event.content_block.type === 'text' && event.content_block.text !== '') {
            text += event.content_block.text;
            yield { type: 'text', text: event.content_block.text };
          }
          break;
        case 'content_block_delta':
          if (event.delta.type === 'text_delta') {
            text += event.delta.text;
            yield { type: 'text', text: event.delta.text };
          } else if (event.delta.type === 'input_json_delta') {
            const index = callOfBlock.get(event.index);
            const target = index === undefined ? undefined : calls[index];
            if (index === undefined || target === undefined) break;
            target.arguments += event.delta.partial_json;
            yield { type: 'tool_call', index, argumentsDelta: event.delta.partial_json };
          }
          break;
        case 'message_delta': {
          reason = event.delta.stop_reason ?? reason;
          const u = event.usage;
          // Counts in message_delta are cumulative; absent ones keep message_start's.
          usage = {
            input_tokens: u.input_tokens ?? usage.input_tokens ?? null,
            output_tokens: u.output_tokens,
            cache_read_input_tokens: u.cache_read_input_tokens ?? usage.cache_read_input_tokens ?? null,
            cache_creation_input_tokens:
              u.cache_creation_input_tokens ?? usage.cache_creation_input_tokens ?? null,
          };
          break;
        }
        default:
          break;
      }
    }
  } catch (e) {
    throw fromAnthropicError(e);
  }
  // The SDK's stream ends quietly when its request is aborted: that is no answer, not a short one.
  if (call.signal.aborted) throw new ProviderError('aborted', 'the call was aborted');
  for (const c of calls) if (c.arguments.trim() === '') c.arguments = '{}';
  yield {
    type: 'end',
    reply: {
      message: assistantMessage(text, calls),
      finishReason: finishReason(reason),
      usage: usageOf(usage),
      model,
      id,
    },
  };
}

/** Anthropic's Messages API through the official SDK. */
export const anthropicProvider: ProviderFactory = (settings): ProviderClient => {
  const client = clientFor(settings);
  return {
    async chat(call) {
      try {
        // requestBody never sets stream: this is the non-streaming call.
        const body = requestBody(call) as MessageCreateParamsNonStreaming;
        return replyOf(await client.messages.create(body, { signal: call.signal }));
      } catch (e) {
        throw fromAnthropicError(e);
      }
    },
    stream: (call) => streamOf(client, call),
  };
};
