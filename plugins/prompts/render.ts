import { AppError } from '../../core/app-error';
import type { ChatMessage, ChatTool, ChatToolCall, ToolChoice } from '../../schemas/chat';
import type { JinjaRenderer, JinjaSource } from './jinja-sandbox';
import { normalVariables, overBudget, renderNormal, type RenderBudget } from './normal-template';
import type { ModelConfig, PromptTemplate, TemplateMessage, ValuePart } from './template-schema';
import { checkValues } from './variables';

/** Characters a render may produce across all its messages. */
export const MAX_RENDER_CHARS = 8 * 1024 * 1024;

/** A rendered message; absent fields may be undefined (they vanish in JSON). */
export interface RenderedMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  parts?: ValuePart[] | undefined;
  toolCalls?: ChatToolCall[] | undefined;
  toolCallId?: string | undefined;
  name?: string | undefined;
}

export interface RenderedPrompt {
  messages: RenderedMessage[];
  tools: ChatTool[];
  toolChoice?: ToolChoice;
  model: ModelConfig;
}

/** The variable names a template uses in its texts (normal templates; Jinja2 names are found while rendering). */
export function usedVariables(template: PromptTemplate): Set<string> {
  const used = new Set<string>();
  if (template.templateType !== 'normal') return used;
  for (const m of template.messages) {
    if (m.role === 'placeholder') continue;
    for (const name of normalVariables(m.content)) used.add(name);
    for (const p of m.parts ?? [])
      if (p.type === 'text') for (const n of normalVariables(p.text)) used.add(n);
  }
  return used;
}

/** A message before its texts are rendered: texts are indexes into the list of texts to render. */
interface Pending {
  message: TemplateMessage;
  content: number;
  parts: (ValuePart | { text: number } | ValuePart[])[];
}

/**
 * Renders a template with variable values: placeholders become their message lists, multi-part variables their
 * parts, texts go through the template's engine. Bad values and failed renders are 400s naming the variable.
 */
export async function renderTemplate(
  template: PromptTemplate,
  values: Readonly<Record<string, unknown>>,
  jinja: JinjaRenderer,
  workspaceId: string,
): Promise<RenderedPrompt> {
  const checked = checkValues(template.variables, usedVariables(template), values);
  const texts: JinjaSource[] = [];
  const text = (label: string, source: string) => texts.push({ label, source }) - 1;
  const pending: (Pending | ChatMessage[])[] = template.messages.map((m, i) => {
    if (m.role === 'placeholder') return (checked.get(m.content) as ChatMessage[] | undefined) ?? [];
    const label = `message ${i + 1}`;
    return {
      message: m,
      content: text(label, m.content),
      parts: (m.parts ?? []).map((p, j) => {
        if (p.type === 'text') return { text: text(`${label} part ${j + 1}`, p.text) };
        if (p.type === 'multi_part_variable') return (checked.get(p.key) as ValuePart[] | undefined) ?? [];
        return p;
      }),
    };
  });
  const rendered = await renderTexts(template.templateType, texts, checked, jinja, workspaceId);
  const messages = pending.flatMap((p): RenderedMessage[] =>
    Array.isArray(p) ? p : [assemble(p, rendered)],
  );
  return {
    messages,
    tools: template.tools,
    ...(template.toolChoice === undefined ? {} : { toolChoice: template.toolChoice }),
    model: template.model,
  };
}

async function renderTexts(
  engine: PromptTemplate['templateType'],
  texts: readonly JinjaSource[],
  values: ReadonlyMap<string, unknown>,
  jinja: JinjaRenderer,
  workspaceId: string,
): Promise<string[]> {
  if (engine === 'jinja2') return jinja.render(workspaceId, texts, Object.fromEntries(values));
  const budget: RenderBudget = { remaining: MAX_RENDER_CHARS };
  const out = texts.map((t) => renderNormal(t.source, values, budget));
  if (budget.remaining < 0) throw overBudget();
  return out;
}

function assemble(p: Pending, rendered: readonly string[]): RenderedMessage {
  const { message } = p;
  const parts = p.parts.flatMap((part): ValuePart[] =>
    Array.isArray(part)
      ? part
      : 'type' in part
        ? [part]
        : [{ type: 'text', text: rendered[part.text] ?? '' }],
  );
  return {
    role: message.role as RenderedMessage['role'],
    content: rendered[p.content] ?? '',
    parts: message.parts === undefined ? undefined : parts,
    toolCalls: message.toolCalls,
    toolCallId: message.toolCallId,
    name: message.name,
  };
}

/** What the model gateway takes: parts become text; image parts are refused until the gateway carries them. */
export function toChatMessages(messages: readonly RenderedMessage[]): ChatMessage[] {
  return messages.map((m, i) => {
    if (m.parts?.some((p) => p.type === 'image_url') === true)
      throw new AppError(
        'invalid_argument',
        `message ${i + 1} has an image part; the model gateway takes text messages only`,
      );
    const texts = (m.parts ?? []).map((p) => (p.type === 'text' ? p.text : ''));
    const content = [m.content, ...texts].filter((t) => t !== '').join('\n');
    return {
      role: m.role,
      content,
      ...(m.toolCalls === undefined ? {} : { toolCalls: m.toolCalls }),
      ...(m.toolCallId === undefined ? {} : { toolCallId: m.toolCallId }),
      ...(m.name === undefined ? {} : { name: m.name }),
    };
  });
}
