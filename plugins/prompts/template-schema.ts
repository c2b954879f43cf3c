import { z } from 'zod';
import { ChatMessage, ChatTool, ChatToolCall, ModelParams, ToolChoice } from '../../schemas/chat';

/** The largest template a prompt may hold, measured on its canonical JSON (UTF-8 bytes). */
export const MAX_TEMPLATE_BYTES = 1024 * 1024;

/** `{{name}}` and Jinja2 names alike: letters, digits and `_`, not starting with a digit. */
export const VARIABLE_KEY = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
export const VariableKey = z.string().regex(VARIABLE_KEY, 'letters, digits and _, not starting with a digit');

/** Cozeloop's variable types; `placeholder` injects a message list, `multi_part` a list of content parts. */
export const VariableType = z.enum([
  'string',
  'boolean',
  'integer',
  'float',
  'object',
  'array<string>',
  'array<boolean>',
  'array<integer>',
  'array<float>',
  'array<object>',
  'placeholder',
  'multi_part',
]);
export type VariableType = z.infer<typeof VariableType>;

export const VariableDef = z.object({
  key: VariableKey,
  desc: z.string().max(1024).default(''),
  type: VariableType.default('string'),
});
export type VariableDef = z.infer<typeof VariableDef>;

/** A message part; `multi_part_variable` is replaced by the parts given for that variable. */
export const TemplatePart = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('image_url'), url: z.string().min(1) }),
  z.object({ type: z.literal('multi_part_variable'), key: VariableKey }),
]);
export type TemplatePart = z.infer<typeof TemplatePart>;

/** Parts a `multi_part` variable's value may hold. */
export const ValuePart = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('image_url'), url: z.string().min(1) }),
]);
export type ValuePart = z.infer<typeof ValuePart>;

/**
 * One templated message. A `placeholder` message names, in `content`, the placeholder variable whose message
 * list replaces it.
 */
export const TemplateMessage = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool', 'placeholder']),
  content: z.string().default(''),
  parts: z.array(TemplatePart).max(100).optional(),
  toolCalls: z.array(ChatToolCall).optional(),
  toolCallId: z.string().optional(),
  name: z.string().optional(),
});
export type TemplateMessage = z.infer<typeof TemplateMessage>;

export const ModelConfig = z.object({
  /** The model's id in the workspace's model registry. */
  modelId: z.string().min(1).max(200).optional(),
  params: ModelParams.optional(),
});
export type ModelConfig = z.infer<typeof ModelConfig>;

const checkTemplate = (t: PromptTemplateShape, ctx: z.RefinementCtx) => {
  const types = new Map<string, VariableType>();
  t.variables.forEach((v, i) => {
    if (types.has(v.key))
      ctx.addIssue({ code: 'custom', path: ['variables', i, 'key'], message: `duplicate variable ${v.key}` });
    types.set(v.key, v.type);
  });
  t.messages.forEach((m, i) => {
    if (m.role === 'placeholder' && types.get(m.content) !== 'placeholder')
      ctx.addIssue({
        code: 'custom',
        path: ['messages', i, 'content'],
        message: `a placeholder message names a variable of type placeholder; "${m.content}" is not one`,
      });
    m.parts?.forEach((p, j) => {
      if (p.type === 'multi_part_variable' && types.get(p.key) !== 'multi_part')
        ctx.addIssue({
          code: 'custom',
          path: ['messages', i, 'parts', j, 'key'],
          message: `"${p.key}" is not a variable of type multi_part`,
        });
    });
  });
  const names = new Set<string>();
  t.tools.forEach((tool, i) => {
    if (names.has(tool.name))
      ctx.addIssue({ code: 'custom', path: ['tools', i, 'name'], message: `duplicate tool ${tool.name}` });
    names.add(tool.name);
  });
};

const TemplateShape = z.object({
  templateType: z.enum(['normal', 'jinja2']).default('normal'),
  messages: z.array(TemplateMessage).max(1000).default([]),
  variables: z.array(VariableDef).max(500).default([]),
  tools: z.array(ChatTool).max(128).default([]),
  toolChoice: ToolChoice.optional(),
  model: ModelConfig.default({}),
  metadata: z.record(z.string(), z.string()).optional(),
});
type PromptTemplateShape = z.output<typeof TemplateShape>;

/** Everything a version freezes: messages, variables, tools, tool choice and model configuration. */
export const PromptTemplate = TemplateShape.superRefine(checkTemplate);
export type PromptTemplate = z.output<typeof PromptTemplate>;

/** A value of a `placeholder` variable: chat messages as the model gateway takes them. */
export const PlaceholderValue = z.array(ChatMessage).max(1000);
