import type {
  ChatMessage,
  ChatTool,
  ChatToolCall,
  ChatUsage,
  ModelParams,
  ToolChoice,
} from '../../schemas/chat';
import type { ProviderKind } from '../../schemas/models';
import type { EgressFetch } from '../egress/types';

/** Where a provider without a base URL is: the SDKs' endpoint and the span's server.address. */
export const DEFAULT_URLS: Record<ProviderKind, string> = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
};

/** How to reach one registered provider, with its secrets opened. */
export interface ProviderSettings {
  baseUrl: string | null;
  apiKey: string | null;
  /** Azure OpenAI's api-version; selects the Azure URL layout. */
  apiVersion: string | null;
  headers: Readonly<Record<string, string>>;
  timeoutMs: number;
  /** The egress policy's fetch: every request of the SDK goes through it. */
  fetch: EgressFetch;
}

/** One attempt as the gateway asks it: validated parameters, the provider's model id, an abort signal. */
export interface ProviderCall {
  model: string;
  messages: readonly ChatMessage[];
  tools?: readonly ChatTool[] | undefined;
  toolChoice?: ToolChoice | undefined;
  params: ModelParams;
  signal: AbortSignal;
  /** Streams call it on every event received, so an idle timeout measures silence rather than output. */
  heartbeat?: () => void;
}

/** A whole answer in the gateway's shapes; usage input includes the cache buckets. */
export interface ProviderReply {
  message: ChatMessage;
  /** stop | length | tool_calls | content_filter */
  finishReason: string;
  usage: ChatUsage;
  model: string;
  id?: string | undefined;
}

/** A streamed attempt: text and tool-call deltas (`index` counts tool calls, not content blocks), then `end`. */
export type ProviderDelta =
  | { type: 'text'; text: string }
  | { type: 'tool_call'; index: number; id?: string; name?: string; argumentsDelta: string }
  | { type: 'end'; reply: ProviderReply };

/** Talks to one provider through its official SDK; throws ProviderError only. */
export interface ProviderClient {
  chat(call: ProviderCall): Promise<ProviderReply>;
  stream(call: ProviderCall): AsyncIterable<ProviderDelta>;
}

export type ProviderFactory = (settings: ProviderSettings) => ProviderClient;

/**
 * A failed attempt, whatever the SDK: `status` (the provider answered an HTTP error), `connection` (no answer),
 * `timeout` (the SDK's own), `aborted` (the call's signal fired), `protocol` (an answer the SDK could not read)
 * or `refused` (the egress policy refused the destination; the message names the setting).
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly reason: 'status' | 'connection' | 'timeout' | 'aborted' | 'protocol' | 'refused',
    message: string,
    readonly status?: number,
    /** From `retry-after-ms` or `retry-after` (seconds or an HTTP date). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** HTTP answers that may succeed when sent again: 408, 409, 429 and 5xx. */
export const isRetryableStatus = (status: number): boolean =>
  status === 408 || status === 409 || status === 429 || status >= 500;

/** The wait a 429/503 answer asks for, from its headers; undefined when it names none. */
export function retryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  const ms = Number(headers?.get('retry-after-ms') ?? NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after')?.trim();
  if (value === undefined || value === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Normalised finish reasons. */
export const FINISH = {
  stop: 'stop',
  length: 'length',
  toolCalls: 'tool_calls',
  contentFilter: 'content_filter',
} as const;

/** The assistant turn a reply carries; toolCalls only when there are some. */
export const assistantMessage = (text: string, calls: ChatToolCall[]): ChatMessage =>
  calls.length > 0
    ? { role: 'assistant', content: text, toolCalls: calls }
    : { role: 'assistant', content: text };
