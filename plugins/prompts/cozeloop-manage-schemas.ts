import { z } from 'zod';
import { PromptKey } from './api-schemas';
import {
  CozeloopPromptDetail,
  Int64Text,
  Message,
  ModelConfig,
  Tool,
  ToolCallConfig,
} from './cozeloop-schemas';
import { VersionName } from './version-name';

// Cozeloop's prompt management OpenAPI (idl/thrift/coze/loop/prompt/coze.loop.prompt.openapi.thrift and
// domain_openapi/prompt.thrift): `/v1/loop/prompts`, `/list`, `/{prompt_id}`, `/{prompt_id}/drafts/{save,commit}`
// and `/{prompt_id}/commits/list`. Requests and answers in its field names; int64s as JSON strings.

/** `prompt_id` in the path: the prompt's numeric id, as mget answers it. */
export const PromptIdParam = z
  .string()
  .regex(/^[1-9]\d{0,15}$/, 'a prompt id (digits)')
  .transform(Number);

const BoolText = z
  .enum(['true', 'false'])
  .optional()
  .transform((v) => v === 'true');

export const ListPromptBasicRequest = z.object({
  workspace_id: Int64Text,
  page_number: z.number().int().positive().default(1),
  page_size: z.number().int().min(1).max(200).default(20),
  /** Part of the key or the name (Cozeloop matches a prefix; a prefix is a part). */
  key_word: z.string().max(200).optional(),
  /** A user id, or `created_by` as answered. */
  creator: z.string().max(200).optional(),
});

export const CreatePromptOApiRequest = z.object({
  workspace_id: Int64Text,
  prompt_name: z.string().trim().min(1).max(200),
  prompt_key: PromptKey,
  prompt_description: z.string().max(4000).optional(),
  prompt_type: z
    .enum(['normal'], { error: 'only normal prompts are supported (snippets are not)' })
    .optional(),
  /** Accepted for compatibility; Spanloop has no security levels. */
  security_level: z.string().max(32).optional(),
});

export const GetPromptOApiQuery = z.object({
  workspace_id: z.string().optional(),
  with_commit: BoolText,
  commit_version: VersionName.optional(),
  with_draft: BoolText,
});

const TemplateIn = z.object({
  template_type: z.enum(['normal', 'jinja2'], { error: 'template_type must be normal or jinja2' }).optional(),
  messages: z.array(Message).max(1000).optional(),
  variable_defs: z
    .array(z.object({ key: z.string(), desc: z.string().optional(), type: z.string().optional() }))
    .max(500)
    .optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});

/** The content of a draft as SDKs send it: template, tools, tool choice and model. */
export const PromptDetailIn = z.object({
  prompt_template: TemplateIn.optional(),
  tools: z.array(Tool).max(128).optional(),
  tool_call_config: ToolCallConfig.optional(),
  model_config: ModelConfig.optional(),
});
export type PromptDetailIn = z.output<typeof PromptDetailIn>;

export const SaveDraftOApiRequest = z.object({
  workspace_id: Int64Text,
  prompt_draft: z.object({
    detail: PromptDetailIn,
    draft_info: z.object({ base_version: VersionName.optional() }).optional(),
  }),
});

export const ListCommitOApiRequest = z.object({
  workspace_id: Int64Text,
  page_size: z.number().int().min(1).max(200),
  /** The next_page_token of the previous page. */
  page_token: z
    .string()
    .regex(/^\d{1,15}$/, 'a next_page_token')
    .optional(),
});

export const ListCommitOApiQuery = z.object({ with_commit_detail: BoolText });

export const CommitDraftOApiRequest = z.object({
  workspace_id: Int64Text,
  commit_version: VersionName,
  commit_description: z.string().max(4000).optional(),
});

const Ms = z.string().describe('epoch milliseconds as text');

export const CozeloopPromptBasic = z.object({
  id: z.string(),
  workspace_id: z.string(),
  prompt_key: z.string(),
  display_name: z.string(),
  description: z.string(),
  latest_version: z.string().optional().describe('absent before the first commit'),
  created_by: z.string(),
  created_at: Ms,
  updated_at: Ms,
  latest_committed_at: Ms.optional(),
});
export type CozeloopPromptBasic = z.output<typeof CozeloopPromptBasic>;

export const CozeloopCommitInfo = z.object({
  version: z.string(),
  base_version: z.string().optional(),
  description: z.string(),
  committed_by: z.string(),
  committed_at: Ms,
});

export const CozeloopDraftInfo = z.object({
  user_id: z.string().describe('the draft’s owner: user:<id> or key:<id>'),
  base_version: z.string().optional(),
  is_modified: z.boolean().describe('whether it differs from its base version'),
  updated_at: Ms,
});

const code = { code: z.number().int(), msg: z.string() };

export const CozeloopListPromptsResponse = z.object({
  ...code,
  data: z.object({ prompts: z.array(CozeloopPromptBasic), total: z.number().int() }).optional(),
});

export const CozeloopCreatePromptResponse = z.object({ ...code, prompt_id: z.string().optional() });

export const CozeloopGetPromptResponse = z.object({
  ...code,
  prompt: z
    .object({
      id: z.string(),
      workspace_id: z.string(),
      prompt_key: z.string(),
      prompt_basic: CozeloopPromptBasic,
      prompt_draft: z.object({ detail: CozeloopPromptDetail, draft_info: CozeloopDraftInfo }).optional(),
      prompt_commit: z.object({ detail: CozeloopPromptDetail, commit_info: CozeloopCommitInfo }).optional(),
    })
    .optional(),
});

export const CozeloopSaveDraftResponse = z.object({ ...code, draft_info: CozeloopDraftInfo.optional() });

export const CozeloopListCommitsResponse = z.object({
  ...code,
  prompt_commit_infos: z.array(CozeloopCommitInfo).optional(),
  prompt_commit_detail_mapping: z
    .record(z.string(), CozeloopPromptDetail)
    .optional()
    .describe('by version, with with_commit_detail=true'),
  has_more: z.boolean().optional(),
  next_page_token: z.string().optional(),
});
