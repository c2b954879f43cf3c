import OpenAI, { AzureOpenAI } from 'openai';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParamsBase,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';
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

const OFFICIAL = DEFAULT_URLS.openai;

/** The SDK client; every option is explicit so nothing falls back to the server's OPENAI_* environment. */
function clientFor(s: ProviderSettings): OpenAI {
  // A keyless server (Ollama, vLLM) gets no Authorization header; the SDK insists on some key.
  const keyless = s.apiKey === null;
  const common = {
    apiKey: s.apiKey ?? 'unused',
    organization: null,
    project: null,
    adminAPIKey: null,
    timeout: s.timeoutMs,
    maxRetries: 0,
    logLevel: 'off' as const,
    fetch: s.fetch,
    defaultHeaders: { ...s.headers, ...(keyless ? { authorization: null, 'api-key': null } : {}) },
  };
  if (s.apiVersion !== null) {
    if (s.baseUrl === null)
      throw new ProviderError('protocol', 'an Azure provider (apiVersion) needs a baseUrl');
    return new AzureOpenAI({ ...common, endpoint: s.baseUrl, apiVersion: s.apiVersion });
  }
  return new OpenAI({ ...common, baseURL: s.baseUrl ?? OFFICIAL });
}

const toWireMessage = (m: ChatMessage): ChatCompletionMessageParam => {
  switch (m.role) {
    case 'system':
      return { role: 'system', content: m.content };
    case 'user':
      return m.name === undefined
        ? { role: 'user', content: m.content }
        : { role: 'user', content: m.content, name: m.name };
    case 'tool':
      return { role: 'tool', content: m.content, tool_call_id: m.toolCallId ?? '' };
    case 'assistant': {
      const calls = m.toolCalls ?? [];
      if (calls.length === 0) return { role: 'assistant', content: m.content };
      return {
        role: 'assistant',
        content: m.content === '' ? null : m.content,
        tool_calls: calls.map((c) => ({
          id: c.id,
          type: 'function',
          function: { name: c.name, arguments: c.arguments },
        })),
      };
    }
  }
};

const toWireToolChoice = (choice: ToolChoice): ChatCompletionToolChoiceOption =>
  typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };

/** The request body shared by both call styles; parameters the API lacks (topK) are not sent. */
function requestBody(call: ProviderCall, officialApi: boolean): ChatCompletionCreateParamsBase {
  const p = call.params;
  const body: ChatCompletionCreateParamsBase = {
    model: call.model,
    messages: call.messages.map(toWireMessage),
  };
  if (p.temperature !== undefined) body.temperature = p.temperature;
  // OpenAI's reasoning models refuse max_tokens; compatible servers often only know it.
  if (p.maxTokens !== undefined) {
    if (officialApi) body.max_completion_tokens = p.maxTokens;
    else body.max_tokens = p.maxTokens;
  }
  if (p.topP !== undefined) body.top_p = p.topP;
  if (p.presencePenalty !== undefined) body.presence_penalty = p.presencePenalty;
  if (p.frequencyPenalty !== undefined) body.frequency_penalty = p.frequencyPenalty;
  if (p.stop !== undefined && p.stop.length > 0) body.stop = [...p.stop];
  if (p.jsonMode === true) body.response_format = { type: 'json_object' };
  if (call.tools !== undefined && call.tools.length > 0)
    body.tools = call.tools.map((t) => ({
      type: 'function',
      function: { name: t.name, description: t.description, parameters: t.parameters },
    }));
  if (call.toolChoice !== undefined && body.tools !== undefined)
    body.tool_choice = toWireToolChoice(call.toolChoice);
  return body;
}

const finishReason = (reason: string | null | undefined): string => {
  if (reason === 'function_call') return FINISH.toolCalls;
  return reason ?? FINISH.stop;
};

const usageOf = (u: ChatCompletion['usage'] | null | undefined): ChatUsage => ({
  inputTokens: u?.prompt_tokens ?? 0,
  outputTokens: u?.completion_tokens ?? 0,
  cacheReadTokens: u?.prompt_tokens_details?.cached_tokens ?? 0,
});

function replyOf(completion: ChatCompletion): ProviderReply {
  const choice = completion.choices[0];
  if (choice === undefined) throw new ProviderError('protocol', 'the answer has no choices');
  const calls: ChatToolCall[] = (choice.message.tool_calls ?? []).flatMap((c) =>
    c.type === 'function' ? [{ id: c.id, name: c.function.name, arguments: c.function.arguments }] : [],
  );
  return {
    message: assistantMessage(choice.message.content ?? '', calls),
    finishReason: finishReason(choice.finish_reason),
    usage: usageOf(completion.usage),
    model: completion.model,
    id: completion.id,
  };
}

const fromOpenAiError = sdkErrorMapper(OpenAI);

async function* streamOf(
  client: OpenAI,
  call: ProviderCall,
  official: boolean,
): AsyncGenerator<ProviderDelta> {
  let stream: AsyncIterable<ChatCompletionChunk>;
  try {
    stream = await client.chat.completions.create(
      { ...requestBody(call, official), stream: true, stream_options: { include_usage: true } },
      { signal: call.signal },
    );
  } catch (e) {
    throw fromOpenAiError(e);
  }
  let text = '';
  let model = call.model;
  let id: string | undefined;
  let reason: string | null | undefined;
  let usage: ChatUsage = usageOf(undefined);
  const calls: { id: string; name: string; arguments: string }[] = [];
  try {
    for await (const chunk of stream) {
      call.heartbeat?.();
      if (chunk.model) model = chunk.model;
      id ??= chunk.id;
      if (chunk.usage) usage = usageOf(chunk.usage);
      const choice = chunk.choices[0];
      if (choice === undefined) continue;
      if (choice.finish_reason) reason = choice.finish_reason;
      const delta = choice.delta;
      if (delta.content) {
        text += delta.content;
        yield { type: 'text', text: delta.content };
      }
      for (const d of delta.tool_calls ?? []) {
        const slot = (calls[d.index] ??= { id: '', name: '', arguments: '' });
        if (d.id) slot.id = d.id;
        if (d.function?.name) slot.name += d.function.name;
        const args = d.function?.arguments ?? '';
        slot.arguments += args;
        yield {
          type: 'tool_call',
          index: d.index,
          ...(d.id ? { id: d.id } : {}),
          ...(d.function?.name ? { name: d.function.name } : {}),
          argumentsDelta: args,
        };
      }
    }
  } catch (e) {
    throw fromOpenAiError(e);
  }
  // The SDK's stream ends quietly when its request is aborted: that is no answer, not a short one.
  if (call.signal.aborted) throw new ProviderError('aborted', 'the call was aborted');
  const toolCalls = calls.filter((c) => c !== undefined);
  yield {
    type: 'end',
    reply: {
      message: assistantMessage(text, toolCalls),
      finishReason: finishReason(reason),
      usage,
      model,
      id,
    },
  };
}

/** OpenAI's chat completions through the official SDK: OpenAI, Azure OpenAI and any compatible server. */
export const openAiProvider: ProviderFactory = (settings): ProviderClient => {
  const client = clientFor(settings);
  const official = settings.apiVersion === null && (settings.baseUrl ?? OFFICIAL).startsWith(OFFICIAL);
  return {
    async chat(call) {
      try {
        // requestBody never sets stream: this is the non-streaming call.
        const body = requestBody(call, official) as ChatCompletionCreateParamsNonStreaming;
        return replyOf(await client.chat.completions.create(body, { signal: call.signal }));
      } catch (e) {
        throw fromOpenAiError(e);
      }
    },
    stream: (call) => streamOf(client, call, official),
  };
};
