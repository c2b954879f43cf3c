import type { Context } from '@opentelemetry/api';
import type { ChatMessage, ChatTool, ChatUsage, ModelParams, ToolChoice } from '../../schemas/chat';

/** What one chat call asks of a model registered in a workspace. */
export interface ChatRequest {
  /** The model's id in the workspace's registry (`mdl_…`), or its registered name. */
  modelId: string;
  messages: readonly ChatMessage[];
  tools?: readonly ChatTool[];
  toolChoice?: ToolChoice;
  /** Overrides the model's default parameters; values outside the model's parameter schema are refused. */
  params?: ModelParams;
  /** Extra attributes for the call's LLM span, e.g. `spanloop.prompt.key` / `spanloop.prompt.version`. */
  spanAttributes?: Readonly<Record<string, string | number | boolean>>;
  /** Parent of the call's LLM span (a playground run's root span, say). */
  parentContext?: Context;
  signal?: AbortSignal;
}

export interface ChatResult {
  message: ChatMessage;
  /** Provider's reason, normalised: stop | length | tool_calls | content_filter | error. */
  finishReason: string;
  usage: ChatUsage;
  /** The model name the provider answered with. */
  model: string;
  /** Time to first token in milliseconds, for streamed calls. */
  timeToFirstTokenMs?: number;
  /** Cost in USD from the pricing table, 0 when the model is not priced. */
  cost: number;
  traceId: string;
  spanId: string;
}

/** A streamed call: text and tool-call deltas, then one `done` carrying the whole result. */
export type ChatChunk =
  | { type: 'text'; text: string }
  | { type: 'tool_call'; index: number; id?: string; name?: string; argumentsDelta: string }
  | { type: 'done'; result: ChatResult };

/**
 * Calls the models a workspace registered, through their provider's official SDK, with timeouts, retries and
 * rate limits; every call is one LLM span with GenAI attributes. Expected failures reject with AppError
 * (`invalid_argument` for an unknown model or bad parameters, `unavailable` after retries, `rate_limited`).
 */
export interface ModelGateway {
  chat(workspaceId: string, request: ChatRequest): Promise<ChatResult>;
  stream(workspaceId: string, request: ChatRequest): AsyncIterable<ChatChunk>;
}
