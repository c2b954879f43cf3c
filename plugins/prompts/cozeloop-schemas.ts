import { z } from 'zod';

// The Cozeloop Prompt Hub / PTaaS wire contract (coze-loop idl/thrift/coze/loop/prompt/coze.loop.prompt.openapi.thrift
// and domain_openapi/prompt.thrift): snake_case fields, every int64 as a JSON string (numbers are read too).

/** An int64 id as Cozeloop writes it: a decimal string; SDKs may send a number. */
export const Int64Text = z
  .union([z.string().min(1).max(128), z.number().int().nonnegative()])
  .transform(String);

export const PromptQuery = z.object({
  prompt_key: z.string().min(1).max(100),
  version: z.string().max(64).optional(),
  label: z.string().max(64).optional(),
});
export type PromptQuery = z.infer<typeof PromptQuery>;

/** The SDKs send at most 25 queries per call. */
export const MAX_MGET_QUERIES = 25;

export const MGetRequest = z.object({
  workspace_id: Int64Text,
  queries: z.array(PromptQuery).min(1).max(MAX_MGET_QUERIES),
});

export const ContentPart = z.object({
  type: z.enum(['text', 'image_url', 'video_url', 'base64_data', 'multi_part_variable']),
  text: z.string().optional(),
  image_url: z.string().optional(),
  video_url: z.string().optional(),
  base64_data: z.string().optional(),
});
export type ContentPart = z.infer<typeof ContentPart>;

export const ToolCall = z.object({
  index: z.number().int().optional(),
  id: z.string().optional(),
  type: z.string().optional(),
  function_call: z.object({ name: z.string().optional(), arguments: z.string().optional() }).optional(),
});

export const Message = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool', 'placeholder']),
  content: z.string().optional(),
  parts: z.array(ContentPart).max(100).optional(),
  reasoning_content: z.string().optional(),
  tool_call_id: z.string().optional(),
  tool_calls: z.array(ToolCall).max(128).optional(),
});
export type Message = z.infer<typeof Message>;

export const VariableVal = z.object({
  key: z.string().min(1).max(64),
  value: z.string().optional(),
  placeholder_messages: z.array(Message).max(1000).optional(),
  multi_part_values: z.array(ContentPart).max(100).optional(),
});
export type VariableVal = z.infer<typeof VariableVal>;

export const Tool = z.object({
  type: z.enum(['function', 'google_search']),
  function: z
    .object({
      name: z.string().min(1).max(64),
      description: z.string().optional(),
      parameters: z.string().optional(),
    })
    .optional(),
  disable: z.boolean().optional(),
});
export type Tool = z.infer<typeof Tool>;

export const ToolCallConfig = z.object({
  tool_choice: z.enum(['auto', 'none', 'specific']).optional(),
  tool_choice_specification: z
    .object({ type: z.string().optional(), name: z.string().optional() })
    .optional(),
});
export type ToolCallConfig = z.infer<typeof ToolCallConfig>;

export const ModelConfig = z.object({
  model_id: Int64Text.optional(),
  max_tokens: z.number().int().positive().optional(),
  temperature: z.number().optional(),
  top_k: z.number().int().positive().optional(),
  top_p: z.number().optional(),
  presence_penalty: z.number().optional(),
  frequency_penalty: z.number().optional(),
  json_mode: z.boolean().optional(),
});
export type ModelConfig = z.infer<typeof ModelConfig>;

export const ExecuteRequest = z.object({
  workspace_id: Int64Text,
  prompt_identifier: PromptQuery,
  variable_vals: z.array(VariableVal).max(500).optional(),
  messages: z.array(Message).max(1000).optional(),
  custom_tools: z.array(Tool).max(128).optional(),
  custom_tool_call_config: ToolCallConfig.optional(),
  custom_model_config: ModelConfig.optional(),
});
export type ExecuteRequest = z.infer<typeof ExecuteRequest>;

/** `version` = `$Draft` asks for the caller's personal draft. */
export const DRAFT_VERSION = '$Draft';

// What the routes answer: the IDL's response structs, as the SDKs read them.

/** Every answer: `code` 0 with `data`, or a non-zero code (600500 and the HTTP status the error has on /api/v1). */
const envelope = <T extends z.ZodType>(data: T) =>
  z.object({
    code: z.number().int().describe('0 on success; 600500<status> on failure, e.g. 600500404'),
    msg: z.string(),
    data: data.optional().describe('absent when code is not 0'),
  });

/** An answer without data: code 0 on success (delete, commit), or an error code. */
export const CozeloopCodeBody = z.object({ code: z.number().int(), msg: z.string() });

/** `llm_config`: the template's model (`name` is its model id) and parameters. */
const LlmConfig = z.object({
  name: z.string().optional(),
  temperature: z.number().optional(),
  max_tokens: z.number().int().optional(),
  top_k: z.number().int().optional(),
  top_p: z.number().optional(),
  presence_penalty: z.number().optional(),
  frequency_penalty: z.number().optional(),
  json_mode: z.boolean().optional(),
});

const TemplateOut = z.object({
  template_type: z.enum(['normal', 'jinja2']),
  messages: z.array(Message),
  variable_defs: z.array(z.object({ key: z.string(), desc: z.string(), type: z.string() })),
  metadata: z.record(z.string(), z.string()).optional(),
});

export const CozeloopPrompt = z.object({
  id: z.string(),
  workspace_id: z.string(),
  prompt_key: z.string(),
  version: z.string().describe('`$Draft` for the caller’s draft'),
  display_name: z.string(),
  description: z.string(),
  prompt_type: z.string(),
  created_by: z.string(),
  created_at: z.string().describe('epoch milliseconds as text'),
  updated_at: z.string().describe('epoch milliseconds as text'),
  prompt_template: TemplateOut,
  tools: z.array(Tool),
  tool_call_config: ToolCallConfig.optional(),
  llm_config: LlmConfig,
});
export type CozeloopPrompt = z.output<typeof CozeloopPrompt>;

/** Prompt management's `PromptDetail`: the template with its model in `model_config` (`model_id` as text). */
export const CozeloopPromptDetail = z.object({
  prompt_template: TemplateOut,
  tools: z.array(Tool),
  tool_call_config: ToolCallConfig.optional(),
  model_config: LlmConfig.omit({ name: true }).extend({ model_id: z.string().optional() }),
});
export type CozeloopPromptDetail = z.output<typeof CozeloopPromptDetail>;

export const CozeloopMGetResponse = envelope(
  z.object({ items: z.array(z.object({ query: PromptQuery, prompt: CozeloopPrompt })) }),
);

const TokenUsage = z.object({
  input_tokens: z.number().int().nonnegative(),
  output_tokens: z.number().int().nonnegative(),
});

export const CozeloopExecuteResponse = envelope(
  z.object({ message: Message.optional(), finish_reason: z.string(), usage: TokenUsage }),
);

/** One `event: data` frame of execute_streaming; the last carries the finish reason and the usage. */
export const CozeloopExecuteFrame = z.object({
  message: Message,
  finish_reason: z.string(),
  usage: TokenUsage.optional(),
});
