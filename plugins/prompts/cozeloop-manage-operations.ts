import type { PluginOperation } from '../sdk/index';
import {
  CommitDraftOApiRequest,
  CozeloopCommitInfo,
  CozeloopCreatePromptResponse,
  CozeloopDraftInfo,
  CozeloopGetPromptResponse,
  CozeloopListCommitsResponse,
  CozeloopListPromptsResponse,
  CozeloopPromptBasic,
  CozeloopSaveDraftResponse,
  CreatePromptOApiRequest,
  GetPromptOApiQuery,
  ListCommitOApiQuery,
  ListCommitOApiRequest,
  ListPromptBasicRequest,
  PromptIdParam,
  SaveDraftOApiRequest,
} from './cozeloop-manage-schemas';
import { CozeloopPromptDetail } from './cozeloop-schemas';

// Cozeloop's prompt management OpenAPI (cozeloop-manage-routes.ts), beside its Prompt Hub and PTaaS endpoints.

export const COZELOOP_MANAGE_COMPONENTS = {
  CozeloopPromptBasic,
  CozeloopPromptDetail,
  CozeloopCommitInfo,
  CozeloopDraftInfo,
  CozeloopListPromptsResponse,
  CozeloopCreatePromptResponse,
  CozeloopGetPromptResponse,
  CozeloopSaveDraftResponse,
  CozeloopListCommitsResponse,
};

const credentialErrors = {
  '401': { description: 'the credential is missing, wrong or revoked', body: 'CozeloopCodeBody' },
  '403': { description: 'the key lacks the scope or the workspace', body: 'CozeloopCodeBody' },
  '429': { description: 'too many failed authentications; see Retry-After', body: 'CozeloopCodeBody' },
} as const;

const envelope =
  'Authenticate with `Authorization: Bearer <API key>`; `workspace_id` must be the key’s workspace (id or name). ' +
  'Failures other than the credential answer HTTP 200 with a non-zero `code` (600500404 = not found).';

const byId = {
  pathParams: { prompt_id: PromptIdParam },
  params: {
    prompt_id: {
      description: 'the prompt’s numeric id (mget’s `prompt.id`, create’s `prompt_id`)',
      example: '1',
    },
  },
};

export const COZELOOP_MANAGE_OPERATIONS: readonly PluginOperation[] = [
  {
    method: 'post',
    path: '/v1/loop/prompts/list',
    operationId: 'cozeloopListPrompts',
    summary: 'Cozeloop: a page of the workspace’s prompts (page_number, page_size ≤ 200) with the total',
    description: `\`key_word\` matches part of the key or name; \`creator\` a user id or created_by. ${envelope}`,
    body: ListPromptBasicRequest,
    response: { description: 'the page', body: 'CozeloopListPromptsResponse' },
    otherResponses: credentialErrors,
  },
  {
    method: 'post',
    path: '/v1/loop/prompts',
    operationId: 'cozeloopCreatePrompt',
    summary: 'Cozeloop: create a prompt (write scope)',
    description: `Only \`normal\` prompts; \`security_level\` is accepted and not kept. ${envelope}`,
    body: CreatePromptOApiRequest,
    response: { description: 'the new prompt’s id', body: 'CozeloopCreatePromptResponse' },
    otherResponses: credentialErrors,
  },
  {
    path: '/v1/loop/prompts/{prompt_id}',
    operationId: 'cozeloopGetPrompt',
    summary: 'Cozeloop: a prompt with its latest or a named commit and the caller’s draft, when asked',
    description: envelope,
    ...byId,
    query: GetPromptOApiQuery,
    params: {
      ...byId.params,
      workspace_id: { description: 'the workspace (id or name)' },
      with_commit: { description: 'add `prompt_commit`: `commit_version`, else the latest' },
      commit_version: { description: 'the version `with_commit` answers' },
      with_draft: { description: 'add the caller’s `prompt_draft`' },
    },
    response: { description: 'the prompt', body: 'CozeloopGetPromptResponse' },
    otherResponses: credentialErrors,
  },
  {
    method: 'delete',
    path: '/v1/loop/prompts/{prompt_id}',
    operationId: 'cozeloopDeletePrompt',
    summary: 'Cozeloop: delete a prompt (write scope); its versions stay for the traces that name them',
    description: envelope,
    ...byId,
    query: GetPromptOApiQuery.pick({ workspace_id: true }),
    params: { ...byId.params, workspace_id: { description: 'the workspace (id or name)' } },
    response: { description: 'code 0 once deleted', body: 'CozeloopCodeBody' },
    otherResponses: credentialErrors,
  },
  {
    method: 'post',
    path: '/v1/loop/prompts/{prompt_id}/drafts/save',
    operationId: 'cozeloopSaveDraft',
    summary: 'Cozeloop: save the caller’s draft from a PromptDetail (write scope)',
    description:
      '`draft_info.base_version` names the version the draft starts from (else the previous draft’s, else the ' +
      `latest). The detail is checked as any template is. ${envelope}`,
    ...byId,
    body: SaveDraftOApiRequest,
    response: { description: 'the draft’s info', body: 'CozeloopSaveDraftResponse' },
    otherResponses: credentialErrors,
  },
  {
    method: 'post',
    path: '/v1/loop/prompts/{prompt_id}/drafts/commit',
    operationId: 'cozeloopCommitDraft',
    summary: 'Cozeloop: commit the caller’s draft as an immutable version (write scope)',
    description: `A version that exists or existed is a conflict (600500409). ${envelope}`,
    ...byId,
    body: CommitDraftOApiRequest,
    response: { description: 'code 0 once committed', body: 'CozeloopCodeBody' },
    otherResponses: credentialErrors,
  },
  {
    method: 'post',
    path: '/v1/loop/prompts/{prompt_id}/commits/list',
    operationId: 'cozeloopListCommits',
    summary: 'Cozeloop: a prompt’s commits, newest first, page by page',
    description: envelope,
    ...byId,
    query: ListCommitOApiQuery,
    params: {
      ...byId.params,
      with_commit_detail: { description: 'add each commit’s PromptDetail by version' },
    },
    body: ListCommitOApiRequest,
    response: { description: 'the page', body: 'CozeloopListCommitsResponse' },
    otherResponses: credentialErrors,
  },
];
