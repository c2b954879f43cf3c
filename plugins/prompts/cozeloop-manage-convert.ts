import { AppError } from '../../core/app-error';
import { modelIn, toolCallsIn, toolChoiceIn, toolsIn } from './cozeloop-convert';
import type { CozeloopPromptBasic, PromptDetailIn } from './cozeloop-manage-schemas';
import type * as Wire from './cozeloop-schemas';
import type { Draft, Prompt, VersionSummary } from './prompt-rows';
import { issuesText } from '../../core/zod-issues';
import { PromptTemplate, type TemplateMessage, type TemplatePart } from './template-schema';

const bad = (message: string) => new AppError('invalid_argument', message);
const ms = (d: Date) => String(d.getTime());
const WHERE = 'prompt_draft.detail';

function partIn(p: Wire.ContentPart, where: string): TemplatePart {
  if (p.type === 'text') return { type: 'text', text: p.text ?? '' };
  if (p.type === 'image_url' && p.image_url !== undefined && p.image_url !== '')
    return { type: 'image_url', url: p.image_url };
  if (p.type === 'multi_part_variable' && p.text !== undefined)
    return { type: 'multi_part_variable', key: p.text };
  throw bad(`${where}: parts of type ${p.type} are not supported`);
}

/** A template message as Cozeloop sends it; placeholders name their variable in `content`. */
function messageIn(m: Wire.Message, where: string): TemplateMessage {
  const toolCalls = toolCallsIn(m, where);
  return {
    role: m.role,
    content: m.content ?? '',
    ...(m.parts === undefined ? {} : { parts: m.parts.map((p, j) => partIn(p, `${where} part ${j + 1}`)) }),
    ...(toolCalls === undefined ? {} : { toolCalls }),
    ...(m.tool_call_id === undefined ? {} : { toolCallId: m.tool_call_id }),
  };
}

/** A `PromptDetail` as a template, checked as every template is; problems are 400s naming the field. */
export function templateIn(detail: PromptDetailIn): PromptTemplate {
  const t = detail.prompt_template;
  const model =
    detail.model_config === undefined ? undefined : modelIn(detail.model_config, `${WHERE}.model_config`);
  const params =
    model === undefined || Object.keys(model.params).length === 0 ? {} : { params: model.params };
  const toolChoice =
    detail.tool_call_config === undefined
      ? undefined
      : toolChoiceIn(detail.tool_call_config, `${WHERE}.tool_call_config`);
  const parsed = PromptTemplate.safeParse({
    templateType: t?.template_type ?? 'normal',
    messages: (t?.messages ?? []).map((m, i) => messageIn(m, `${WHERE}.prompt_template message ${i + 1}`)),
    variables: (t?.variable_defs ?? []).map((v) => ({
      key: v.key,
      desc: v.desc ?? '',
      type: v.type ?? 'string',
    })),
    tools: toolsIn(detail.tools ?? [], `${WHERE}.tools`),
    ...(toolChoice === undefined ? {} : { toolChoice }),
    model: { ...(model?.modelId === undefined ? {} : { modelId: model.modelId }), ...params },
    ...(t?.metadata === undefined ? {} : { metadata: t.metadata }),
  });
  if (!parsed.success) throw bad(`${WHERE}: ${issuesText(parsed.error)}`);
  return parsed.data;
}

export const basicOut = (
  p: Prompt,
  latest: { version: string; createdAt?: Date } | undefined,
): CozeloopPromptBasic => ({
  id: String(p.id),
  workspace_id: p.workspaceId,
  prompt_key: p.key,
  display_name: p.name,
  description: p.description,
  ...(latest === undefined ? {} : { latest_version: latest.version }),
  created_by: p.createdBy,
  created_at: ms(p.createdAt),
  updated_at: ms(p.updatedAt),
  ...(latest?.createdAt === undefined ? {} : { latest_committed_at: ms(latest.createdAt) }),
});

export const commitInfoOut = (v: VersionSummary) => ({
  version: v.version,
  ...(v.baseVersion === null ? {} : { base_version: v.baseVersion }),
  description: v.commitMessage,
  committed_by: v.author,
  committed_at: ms(v.createdAt),
});

export const draftInfoOut = (d: Draft, owner: string, modified: boolean) => ({
  user_id: owner,
  ...(d.baseVersion === null ? {} : { base_version: d.baseVersion }),
  is_modified: modified,
  updated_at: ms(d.updatedAt),
});
