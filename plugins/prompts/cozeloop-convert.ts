import { AppError } from '../../core/app-error';
import {
  ModelParams,
  type ChatMessage,
  type ChatTool,
  type ChatToolCall,
  type ToolChoice,
} from '../../schemas/chat';
import type * as Wire from './cozeloop-schemas';
import { DRAFT_VERSION } from './cozeloop-schemas';
import { issuesText } from '../../core/zod-issues';
import type { Resolved } from './resolve';
import type { PromptTemplate, TemplateMessage, TemplatePart, ValuePart } from './template-schema';
import { fromCozeloopText } from './variables';

const bad = (message: string) => new AppError('invalid_argument', message);

const toolCallsOut = (calls: readonly ChatToolCall[]) =>
  calls.map((c, index) => ({
    index,
    id: c.id,
    type: 'function',
    function_call: { name: c.name, arguments: c.arguments },
  }));

const partOut = (p: TemplatePart | ValuePart): Wire.ContentPart => {
  if (p.type === 'text') return { type: 'text', text: p.text };
  if (p.type === 'image_url') return { type: 'image_url', image_url: p.url };
  return { type: 'multi_part_variable', text: p.key };
};

const messageOut = (m: TemplateMessage): Wire.Message => ({
  role: m.role,
  content: m.content,
  ...(m.parts === undefined ? {} : { parts: m.parts.map(partOut) }),
  ...(m.toolCallId === undefined ? {} : { tool_call_id: m.toolCallId }),
  ...(m.toolCalls === undefined ? {} : { tool_calls: toolCallsOut(m.toolCalls) }),
});

const toolChoiceOut = (choice: ToolChoice | undefined): Wire.ToolCallConfig | undefined => {
  if (choice === undefined) return undefined;
  if (typeof choice === 'object')
    return { tool_choice: 'specific', tool_choice_specification: { type: 'function', name: choice.name } };
  // Cozeloop has no "required"; auto is the closest it knows.
  return { tool_choice: choice === 'none' ? 'none' : 'auto' };
};

const llmConfigOut = (t: PromptTemplate) => {
  const p = t.model.params ?? {};
  const fields = {
    name: t.model.modelId,
    temperature: p.temperature,
    max_tokens: p.maxTokens,
    top_k: p.topK,
    top_p: p.topP,
    presence_penalty: p.presencePenalty,
    frequency_penalty: p.frequencyPenalty,
    json_mode: p.jsonMode,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
};

const templateOut = (t: PromptTemplate): Wire.CozeloopPrompt['prompt_template'] => ({
  template_type: t.templateType,
  messages: t.messages.map(messageOut),
  variable_defs: t.variables.map((v) => ({ key: v.key, desc: v.desc, type: v.type })),
  ...(t.metadata === undefined ? {} : { metadata: t.metadata }),
});

const toolsOut = (t: PromptTemplate): Wire.Tool[] =>
  t.tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, description: tool.description, parameters: JSON.stringify(tool.parameters) },
  }));

/** A template as Cozeloop's `PromptDetail` (prompt management): the model id and parameters in `model_config`. */
export function detailOut(t: PromptTemplate): Wire.CozeloopPromptDetail {
  const { name, ...params } = llmConfigOut(t);
  const toolConfig = toolChoiceOut(t.toolChoice);
  return {
    prompt_template: templateOut(t),
    tools: toolsOut(t),
    ...(toolConfig === undefined ? {} : { tool_call_config: toolConfig }),
    model_config: { ...(name === undefined ? {} : { model_id: String(name) }), ...params },
  };
}

/** A resolved prompt in Cozeloop's `Prompt` shape (ids and times as int64 strings). */
export function promptOut(resolved: Resolved): Wire.CozeloopPrompt {
  const { prompt, template } = resolved;
  const toolConfig = toolChoiceOut(template.toolChoice);
  return {
    id: String(prompt.id),
    workspace_id: prompt.workspaceId,
    prompt_key: prompt.key,
    version: resolved.version?.version ?? DRAFT_VERSION,
    display_name: prompt.name,
    description: prompt.description,
    prompt_type: 'normal',
    created_by: prompt.createdBy,
    created_at: String(prompt.createdAt.getTime()),
    updated_at: String(prompt.updatedAt.getTime()),
    prompt_template: templateOut(template),
    tools: toolsOut(template),
    ...(toolConfig === undefined ? {} : { tool_call_config: toolConfig }),
    llm_config: llmConfigOut(template),
  };
}

const partsIn = (parts: readonly Wire.ContentPart[], where: string): ValuePart[] =>
  parts.map((p) => {
    if (p.type === 'text') return { type: 'text', text: p.text ?? '' };
    if (p.type === 'image_url' && p.image_url !== undefined && p.image_url !== '')
      return { type: 'image_url', url: p.image_url };
    throw bad(`${where}: parts of type ${p.type} are not supported`);
  });

/** A Cozeloop message's tool calls, each with its id and function name (400 naming the call otherwise). */
export function toolCallsIn(m: Pick<Wire.Message, 'tool_calls'>, where: string) {
  return m.tool_calls?.map((c, i) => {
    const name = c.function_call?.name;
    if (c.id === undefined || name === undefined)
      throw bad(`${where}: tool call ${i + 1} needs an id and a function name`);
    return { id: c.id, name, arguments: c.function_call?.arguments ?? '' };
  });
}

/** A Cozeloop message as the model gateway takes it; text only (image parts are refused). */
export function chatMessageIn(m: Wire.Message, where: string): ChatMessage {
  if (m.role === 'placeholder') throw bad(`${where}: a placeholder message cannot be sent as a message`);
  const parts = partsIn(m.parts ?? [], where);
  if (parts.some((p) => p.type === 'image_url'))
    throw bad(`${where}: the model gateway takes text messages only`);
  const content = [m.content ?? '', ...parts.map((p) => (p.type === 'text' ? p.text : ''))]
    .filter((t) => t !== '')
    .join('\n');
  const toolCalls = toolCallsIn(m, where);
  return {
    role: m.role,
    content,
    ...(toolCalls === undefined || toolCalls.length === 0 ? {} : { toolCalls }),
    ...(m.tool_call_id === undefined ? {} : { toolCallId: m.tool_call_id }),
  };
}

/** Cozeloop variable values as typed values: text read back by the declared type, messages and parts as given. */
export function variablesIn(
  vals: readonly Wire.VariableVal[],
  template: PromptTemplate,
): Record<string, unknown> {
  const types = new Map(template.variables.map((v) => [v.key, v.type]));
  const out: Record<string, unknown> = {};
  for (const v of vals) {
    const type = types.get(v.key);
    const where = `variable "${v.key}"`;
    if (type === 'placeholder')
      out[v.key] = (v.placeholder_messages ?? []).map((m, i) =>
        chatMessageIn(m, `${where} message ${i + 1}`),
      );
    else if (type === 'multi_part') out[v.key] = partsIn(v.multi_part_values ?? [], where);
    else if (v.value !== undefined) out[v.key] = fromCozeloopText(v.key, type, v.value);
    else if (v.placeholder_messages !== undefined || v.multi_part_values !== undefined)
      throw bad(`${where} is not a placeholder or multi_part variable of this prompt`);
  }
  return out;
}

/** `custom_tools` as gateway tools (enabled functions only). */
export const toolsIn = (tools: readonly Wire.Tool[], where = 'custom_tools'): ChatTool[] =>
  tools.flatMap((t, i) => {
    if (t.disable === true || t.type !== 'function') return [];
    if (t.function === undefined) throw bad(`${where} ${i + 1} has no function`);
    let parameters: Record<string, unknown> = { type: 'object', properties: {} };
    if (t.function.parameters !== undefined && t.function.parameters !== '') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(t.function.parameters);
      } catch {
        throw bad(`${where} ${i + 1}: parameters must be JSON text`);
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw bad(`${where} ${i + 1}: parameters must be a JSON Schema object`);
      parameters = parsed as Record<string, unknown>;
    }
    return [{ name: t.function.name, description: t.function.description ?? '', parameters }];
  });

export function toolChoiceIn(
  config: Wire.ToolCallConfig,
  where = 'custom_tool_call_config',
): ToolChoice | undefined {
  if (config.tool_choice === 'specific') {
    const name = config.tool_choice_specification?.name;
    if (name === undefined) throw bad(`${where}: specific needs tool_choice_specification.name`);
    return { name };
  }
  return config.tool_choice;
}

export function modelIn(
  config: Wire.ModelConfig,
  where = 'custom_model_config',
): { modelId?: string; params: ModelParams } {
  const params = {
    maxTokens: config.max_tokens,
    temperature: config.temperature,
    topK: config.top_k,
    topP: config.top_p,
    presencePenalty: config.presence_penalty,
    frequencyPenalty: config.frequency_penalty,
    jsonMode: config.json_mode,
  };
  const checked = ModelParams.safeParse(
    Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)),
  );
  if (!checked.success) throw bad(`${where}: ${issuesText(checked.error)}`);
  return { ...(config.model_id === undefined ? {} : { modelId: config.model_id }), params: checked.data };
}

/** A gateway message in Cozeloop's shape (what execute answers). */
export const messageFromChat = (m: ChatMessage) => ({
  role: m.role,
  content: m.content,
  ...(m.toolCalls === undefined || m.toolCalls.length === 0 ? {} : { tool_calls: toolCallsOut(m.toolCalls) }),
  ...(m.toolCallId === undefined ? {} : { tool_call_id: m.toolCallId }),
});
