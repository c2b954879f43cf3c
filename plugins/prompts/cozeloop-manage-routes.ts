import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import { AppError } from '../../core/app-error';
import type { Logger } from '../../core/logger';
import type { MetadataStore } from '../../core/metadata/types';
import type { RootAuthenticate } from '../sdk/index';
import { hashTemplate } from './content-hash';
import { authenticateBody, authenticateQuery } from './cozeloop-auth';
import { detailOut } from './cozeloop-convert';
import { asAppError, cozeloopError } from './cozeloop-envelope';
import { basicOut, commitInfoOut, draftInfoOut, templateIn } from './cozeloop-manage-convert';
import {
  CommitDraftOApiRequest,
  CreatePromptOApiRequest,
  GetPromptOApiQuery,
  ListCommitOApiQuery,
  ListCommitOApiRequest,
  ListPromptBasicRequest,
  PromptIdParam,
  SaveDraftOApiRequest,
} from './cozeloop-manage-schemas';
import { draftOf, rebaseDraft, saveDraft } from './draft-store';
import type { Draft } from './prompt-rows';
import { countPrompts, createPrompt, deletePrompt, listPrompts, promptById } from './prompt-store';
import { actorOf, MAX_BODY_BYTES, parse } from './request-input';
import { commitVersion, latestVersion, listVersions, versionByName } from './version-store';

export interface CozeloopManageDeps {
  sql: Pick<MetadataStore, 'query' | 'transaction'>;
  authenticate: RootAuthenticate;
  logger: Logger;
}

const ok = <T extends object>(c: Context, fields: T) => c.json({ code: 0, msg: '', ...fields });

/**
 * Cozeloop's prompt management OpenAPI under /v1/loop/prompts: list, create, get, delete, save the caller's
 * draft, commit it, list commits. Answers carry Cozeloop's `{code, msg}` envelope; reads need `read`, changes
 * `write`. `prompt_id` is the prompt's numeric id (mget's `prompt.id`).
 */
export function cozeloopManageRoutes(app: Hono, deps: CozeloopManageDeps): void {
  const { sql } = deps;
  /** The body, once the key is checked against its `workspace_id`. */
  const withBody = async <S extends z.ZodType>(c: Context, scope: 'read' | 'write', schema: S) => {
    const { principal, body } = await authenticateBody(c, deps.authenticate, scope);
    return { principal, req: parse(schema, body) };
  };
  const promptIn = (c: Context, workspaceId: string) =>
    promptById(sql, workspaceId, parse(PromptIdParam, c.req.param('prompt_id'), 'prompt_id'));
  /** Whether a draft differs from the version it started from. */
  const modified = async (promptId: number, draft: Draft) => {
    if (draft.baseVersion === null) return true;
    const base = await versionByName(sql, promptId, draft.baseVersion);
    return base?.contentHash !== hashTemplate(draft.template).hash;
  };

  // Per route: a middleware for every path here would also catch mget and execute (their limit is 20 MiB).
  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new AppError('too_large', `the request body is larger than ${MAX_BODY_BYTES} bytes (4 MiB)`);
    },
  });
  const manage = new Hono();
  manage.onError((e, c) => cozeloopError(c, asAppError(e, deps.logger)));

  manage.post('/list', limit, async (c) => {
    const { principal, req } = await withBody(c, 'read', ListPromptBasicRequest);
    const filter = { search: req.key_word, creator: req.creator };
    const [items, total] = await Promise.all([
      listPrompts(sql, principal.workspaceId, {
        ...filter,
        offset: (req.page_number - 1) * req.page_size,
        limit: req.page_size,
      }),
      countPrompts(sql, principal.workspaceId, filter),
    ]);
    const prompts = items.map((p) =>
      basicOut(p, p.latestVersion === null ? undefined : { version: p.latestVersion }),
    );
    return ok(c, { data: { prompts, total } });
  });

  manage.post('/', limit, async (c) => {
    const { principal, req } = await withBody(c, 'write', CreatePromptOApiRequest);
    const prompt = await createPrompt(sql, {
      workspaceId: principal.workspaceId,
      key: req.prompt_key,
      name: req.prompt_name,
      description: req.prompt_description ?? '',
      createdBy: actorOf(principal),
    });
    if (prompt === undefined)
      throw new AppError('conflict', `a prompt with key "${req.prompt_key}" already exists`);
    return ok(c, { prompt_id: String(prompt.id) });
  });

  manage.get('/:prompt_id', async (c) => {
    const principal = await authenticateQuery(c, deps.authenticate, 'read');
    const q = parse(GetPromptOApiQuery, c.req.query());
    const prompt = await promptIn(c, principal.workspaceId);
    const latest = await latestVersion(sql, prompt.id);
    let commit;
    if (q.with_commit) {
      const version =
        q.commit_version === undefined ? latest : await versionByName(sql, prompt.id, q.commit_version);
      if (q.commit_version !== undefined && (version === undefined || version.deletedAt !== null))
        throw new AppError('not_found', `version ${q.commit_version} of "${prompt.key}" not found`);
      if (version !== undefined)
        commit = { detail: detailOut(version.template), commit_info: commitInfoOut(version) };
    }
    let draft;
    if (q.with_draft) {
      const owner = actorOf(principal);
      const found = await draftOf(sql, prompt.id, owner);
      if (found !== undefined)
        draft = {
          detail: detailOut(found.template),
          draft_info: draftInfoOut(found, owner, await modified(prompt.id, found)),
        };
    }
    return ok(c, {
      prompt: {
        id: String(prompt.id),
        workspace_id: prompt.workspaceId,
        prompt_key: prompt.key,
        prompt_basic: basicOut(prompt, latest),
        ...(draft === undefined ? {} : { prompt_draft: draft }),
        ...(commit === undefined ? {} : { prompt_commit: commit }),
      },
    });
  });

  manage.delete('/:prompt_id', async (c) => {
    const principal = await authenticateQuery(c, deps.authenticate, 'write');
    const prompt = await promptIn(c, principal.workspaceId);
    await deletePrompt(sql, principal.workspaceId, prompt.key);
    return ok(c, {});
  });

  manage.post('/:prompt_id/drafts/save', limit, async (c) => {
    const { principal, req } = await withBody(c, 'write', SaveDraftOApiRequest);
    const prompt = await promptIn(c, principal.workspaceId);
    const owner = actorOf(principal);
    const template = templateIn(req.prompt_draft.detail);
    const asked = req.prompt_draft.draft_info?.base_version;
    const baseVersion =
      asked ??
      (await draftOf(sql, prompt.id, owner))?.baseVersion ??
      (await latestVersion(sql, prompt.id))?.version ??
      null;
    if (asked !== undefined && (await versionByName(sql, prompt.id, asked)) === undefined)
      throw new AppError('not_found', `version ${asked} of "${prompt.key}" not found`);
    const draft = await saveDraft(sql, {
      workspaceId: principal.workspaceId,
      key: prompt.key,
      owner,
      template,
      baseVersion,
    });
    return ok(c, { draft_info: draftInfoOut(draft, owner, await modified(prompt.id, draft)) });
  });

  manage.post('/:prompt_id/drafts/commit', limit, async (c) => {
    const { principal, req } = await withBody(c, 'write', CommitDraftOApiRequest);
    const prompt = await promptIn(c, principal.workspaceId);
    const author = actorOf(principal);
    const draft = await draftOf(sql, prompt.id, author);
    if (draft === undefined)
      throw new AppError(
        'invalid_argument',
        `there is no draft of "${prompt.key}" for this caller; save one first`,
      );
    const version = await commitVersion(sql, {
      workspaceId: principal.workspaceId,
      key: prompt.key,
      version: req.commit_version,
      template: draft.template,
      commitMessage: req.commit_description ?? '',
      author,
      baseVersion: draft.baseVersion,
    });
    await rebaseDraft(sql, prompt.id, author, version.version);
    return ok(c, {});
  });

  manage.post('/:prompt_id/commits/list', limit, async (c) => {
    const { principal, req } = await withBody(c, 'read', ListCommitOApiRequest);
    const { with_commit_detail: withDetail } = parse(ListCommitOApiQuery, c.req.query());
    const prompt = await promptIn(c, principal.workspaceId);
    const page = await listVersions(sql, prompt.id, {
      includeDeleted: false,
      beforeSeq: req.page_token === undefined ? undefined : Number(req.page_token),
      limit: req.page_size + 1,
    });
    const commits = page.slice(0, req.page_size);
    const hasMore = page.length > req.page_size;
    const details = withDetail
      ? Object.fromEntries(
          await Promise.all(
            commits.map(async (v) => {
              const full = await versionByName(sql, prompt.id, v.version);
              if (full === undefined) throw new AppError('internal', `version ${v.version} vanished`);
              return [v.version, detailOut(full.template)] as const;
            }),
          ),
        )
      : undefined;
    return ok(c, {
      prompt_commit_infos: commits.map(commitInfoOut),
      ...(details === undefined ? {} : { prompt_commit_detail_mapping: details }),
      has_more: hasMore,
      ...(hasMore ? { next_page_token: String(commits.at(-1)?.seq) } : {}),
    });
  });

  app.route('/v1/loop/prompts', manage);
}
