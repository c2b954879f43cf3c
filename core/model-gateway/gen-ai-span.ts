import type { Attributes } from '@opentelemetry/api';
import type { ChatMessage, ChatTool, ModelParams } from '../../schemas/chat';
import { WORKSPACE_ATTRIBUTE } from '../self-telemetry/attributes';
import type { ProviderReply } from './provider-client';

const argumentsValue = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

/** One message in the OTel GenAI `{role, parts}` structure (gen_ai.input.messages / output.messages). */
function semconvMessage(m: ChatMessage): Record<string, unknown> {
  const parts: Record<string, unknown>[] = [];
  if (m.role === 'tool') {
    parts.push({ type: 'tool_call_response', id: m.toolCallId ?? null, response: m.content });
  } else if (m.content !== '') {
    parts.push({ type: 'text', content: m.content });
  }
  for (const c of m.toolCalls ?? [])
    parts.push({ type: 'tool_call', id: c.id, name: c.name, arguments: argumentsValue(c.arguments) });
  return m.name === undefined ? { role: m.role, parts } : { role: m.role, name: m.name, parts };
}

export const inputMessagesJson = (messages: readonly ChatMessage[]): string =>
  JSON.stringify(messages.map(semconvMessage));

export const outputMessagesJson = (message: ChatMessage, finishReason: string): string =>
  JSON.stringify([{ ...semconvMessage(message), finish_reason: finishReason }]);

const toolDefinitionsJson = (tools: readonly ChatTool[]): string =>
  JSON.stringify(
    tools.map((t) => ({
      type: 'function',
      name: t.name,
      description: t.description,
      parameters: t.parameters,
    })),
  );

function serverOf(baseUrl: string | null, fallback: string): Attributes {
  try {
    const url = new URL(baseUrl ?? fallback);
    const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
    return { 'server.address': url.hostname, 'server.port': port };
  } catch {
    return {};
  }
}

export interface RequestFacts {
  workspaceId: string;
  vendor: string;
  model: { id: string; name: string; model: string };
  provider: { id: string; name: string; baseUrl: string | null; defaultUrl: string };
  params: ModelParams;
  messages: readonly ChatMessage[];
  tools: readonly ChatTool[] | undefined;
  stream: boolean;
}

/** What is known before the provider answers; caller attributes first, so they cannot override these. */
export function requestAttributes(f: RequestFacts, extra: Readonly<Attributes> = {}): Attributes {
  const p = f.params;
  const a: Attributes = {
    ...extra,
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': f.vendor,
    'gen_ai.request.model': f.model.model,
    'gen_ai.input.messages': inputMessagesJson(f.messages),
    [WORKSPACE_ATTRIBUTE]: f.workspaceId,
    'spanloop.model.id': f.model.id,
    'spanloop.model.name': f.model.name,
    'spanloop.model.provider': f.provider.name,
    'spanloop.model.stream': f.stream,
    ...serverOf(f.provider.baseUrl, f.provider.defaultUrl),
  };
  if (p.temperature !== undefined) a['gen_ai.request.temperature'] = p.temperature;
  if (p.maxTokens !== undefined) a['gen_ai.request.max_tokens'] = p.maxTokens;
  if (p.topP !== undefined) a['gen_ai.request.top_p'] = p.topP;
  if (p.topK !== undefined) a['gen_ai.request.top_k'] = p.topK;
  if (p.presencePenalty !== undefined) a['gen_ai.request.presence_penalty'] = p.presencePenalty;
  if (p.frequencyPenalty !== undefined) a['gen_ai.request.frequency_penalty'] = p.frequencyPenalty;
  if (p.stop !== undefined) a['gen_ai.request.stop_sequences'] = [...p.stop];
  if (p.jsonMode === true) a['gen_ai.output.type'] = 'json';
  if (f.tools !== undefined && f.tools.length > 0)
    a['gen_ai.tool.definitions'] = toolDefinitionsJson(f.tools);
  return a;
}

/** What the answer adds: response model and id, usage, the output message, cost and time to first chunk. */
export function responseAttributes(
  reply: ProviderReply,
  cost: number | undefined,
  timeToFirstChunkMs: number | undefined,
): Attributes {
  const a: Attributes = {
    'gen_ai.response.model': reply.model,
    'gen_ai.response.finish_reasons': [reply.finishReason],
    'gen_ai.usage.input_tokens': reply.usage.inputTokens,
    'gen_ai.usage.output_tokens': reply.usage.outputTokens,
    'gen_ai.output.messages': outputMessagesJson(reply.message, reply.finishReason),
  };
  if (reply.id !== undefined) a['gen_ai.response.id'] = reply.id;
  if (reply.usage.cacheReadTokens > 0)
    a['gen_ai.usage.cache_read.input_tokens'] = reply.usage.cacheReadTokens;
  const write = reply.usage.cacheWriteTokens ?? 0;
  if (write > 0) a['gen_ai.usage.cache_creation.input_tokens'] = write;
  // The collector takes a reported cost over its own table, so a model's own pricing survives ingest.
  if (cost !== undefined) a['gen_ai.usage.cost'] = cost;
  // Seconds, as the collector's time-to-first-token mapping reads it.
  if (timeToFirstChunkMs !== undefined) a['gen_ai.response.time_to_first_chunk'] = timeToFirstChunkMs / 1000;
  return a;
}
