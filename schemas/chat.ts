import { z } from 'zod';

/** One tool call an assistant message asks for; `arguments` is the model's JSON text, kept verbatim. */
export const ChatToolCall = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
});
export type ChatToolCall = z.infer<typeof ChatToolCall>;

/** A chat message as the model gateway sends and returns it, whatever the provider's wire format. */
export const ChatMessage = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string(),
  /** Assistant messages only. */
  toolCalls: z.array(ChatToolCall).optional(),
  /** Tool messages only: the call this message answers. */
  toolCallId: z.string().optional(),
  name: z.string().optional(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

/** A function the model may call; `parameters` is a JSON Schema object. */
export const ChatTool = z.object({
  name: z.string().min(1).max(64),
  description: z.string().default(''),
  parameters: z.record(z.string(), z.unknown()).default({ type: 'object', properties: {} }),
});
export type ChatTool = z.infer<typeof ChatTool>;

export const ToolChoice = z.union([
  z.enum(['auto', 'none', 'required']),
  z.object({ name: z.string().min(1) }),
]);
export type ToolChoice = z.infer<typeof ToolChoice>;

/** Sampling parameters; each provider receives the ones it understands. */
export const ModelParams = z.object({
  temperature: z.number().min(0).max(2).optional(),
  maxTokens: z.number().int().positive().optional(),
  topP: z.number().min(0).max(1).optional(),
  topK: z.number().int().positive().optional(),
  presencePenalty: z.number().min(-2).max(2).optional(),
  frequencyPenalty: z.number().min(-2).max(2).optional(),
  stop: z.array(z.string()).max(4).optional(),
  jsonMode: z.boolean().optional(),
});
export type ModelParams = z.infer<typeof ModelParams>;

/** Token counts; `inputTokens` includes the cache buckets (OTel GenAI semconv), whatever the provider reports. */
export const ChatUsage = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cacheReadTokens: z.number().int().nonnegative().default(0),
  /** Input tokens written to the provider's prompt cache (Anthropic's cache_creation_input_tokens). */
  cacheWriteTokens: z.number().int().nonnegative().optional(),
});
export type ChatUsage = z.infer<typeof ChatUsage>;
