import type { Hono } from 'hono';
import { AppError } from '../../core/app-error';
import type { MetadataStore } from '../../core/metadata/types';
import type { PluginEnv } from '../sdk/index';
import {
  CommitBody,
  CreatePromptBody,
  LabelParam,
  ListPromptsQuery,
  RevertDraftBody,
  SaveDraftBody,
  SetLabelBody,
  UpdatePromptBody,
  VersionsQuery,
} from './api-schemas';
import { deleteDraft, draftOf, rebaseDraft, saveDraft } from './draft-store';
import { deleteLabel, labelsOf, setLabel } from './label-store';
import { createPrompt, deletePrompt, listPrompts, requirePrompt, updatePrompt } from './prompt-store';
import { actorOf, jsonBody, keyParam, parse, queryOf } from './request-input';
import { diffTemplates } from './version-diff';
import { VersionName } from './version-name';
import { commitVersion, deleteVersion, listVersions, versionByName } from './version-store';
import {
  draftView,
  labelView,
  promptListItemView,
  promptView,
  versionSummaryView,
  versionView,
} from './views';

type Sql = Pick<MetadataStore, 'query' | 'transaction'>;

const versionParam = (v: string) => parse(VersionName, v, 'version');

/** Prompt CRUD, drafts, versions, labels and diffs under /api/v1/prompts. */
export function promptRoutes(app: Hono<PluginEnv>, sql: Sql): void {
  app.get('/', async (c) => {
    const q = queryOf(c, ListPromptsQuery);
    const items = await listPrompts(sql, c.get('workspaceId'), {
      search: q.search,
      afterKey: q.cursor,
      limit: q.limit + 1,
    });
    const page = items.slice(0, q.limit);
    return c.json({
      prompts: page.map(promptListItemView),
      nextCursor: items.length > q.limit ? (page.at(-1)?.key ?? null) : null,
    });
  });

  app.post('/', async (c) => {
    const body = await jsonBody(c, CreatePromptBody);
    const workspaceId = c.get('workspaceId');
    const actor = actorOf(c.get('principal'));
    const prompt = await createPrompt(sql, {
      workspaceId,
      key: body.key,
      name: body.name ?? body.key,
      description: body.description,
      createdBy: actor,
    });
    if (prompt === undefined)
      throw new AppError('conflict', `a prompt with key "${body.key}" already exists`);
    const draft =
      body.template === undefined
        ? undefined
        : await saveDraft(sql, {
            workspaceId,
            key: body.key,
            owner: actor,
            template: body.template,
            baseVersion: null,
          });
    return c.json({ prompt: promptView(prompt), draft: draft === undefined ? null : draftView(draft) }, 201);
  });

  app.patch('/:key', async (c) => {
    const body = await jsonBody(c, UpdatePromptBody);
    return c.json({ prompt: promptView(await updatePrompt(sql, c.get('workspaceId'), keyParam(c), body)) });
  });

  app.delete('/:key', async (c) => {
    await deletePrompt(sql, c.get('workspaceId'), keyParam(c));
    return c.body(null, 204);
  });

  app.get('/:key/draft', async (c) => {
    const prompt = await requirePrompt(sql, c.get('workspaceId'), keyParam(c));
    const draft = await draftOf(sql, prompt.id, actorOf(c.get('principal')));
    if (draft === undefined)
      throw new AppError('not_found', `there is no draft of "${prompt.key}" for this caller`);
    return c.json({ draft: draftView(draft) });
  });

  app.put('/:key/draft', async (c) => {
    const body = await jsonBody(c, SaveDraftBody);
    const key = keyParam(c);
    const owner = actorOf(c.get('principal'));
    const prompt = await requirePrompt(sql, c.get('workspaceId'), key);
    const baseVersion =
      body.baseVersion !== undefined
        ? body.baseVersion
        : ((await draftOf(sql, prompt.id, owner))?.baseVersion ?? null);
    const draft = await saveDraft(sql, {
      workspaceId: c.get('workspaceId'),
      key,
      owner,
      template: body.template,
      baseVersion,
    });
    return c.json({ draft: draftView(draft) });
  });

  app.post('/:key/draft/revert', async (c) => {
    const body = await jsonBody(c, RevertDraftBody);
    const key = keyParam(c);
    const prompt = await requirePrompt(sql, c.get('workspaceId'), key);
    const version = await versionByName(sql, prompt.id, body.version);
    if (version === undefined || version.deletedAt !== null)
      throw new AppError('not_found', `version ${body.version} of "${key}" not found`);
    const owner = actorOf(c.get('principal'));
    const draft = await saveDraft(sql, {
      workspaceId: c.get('workspaceId'),
      key,
      owner,
      template: version.template,
      baseVersion: version.version,
    });
    return c.json({ draft: draftView(draft) });
  });

  app.delete('/:key/draft', async (c) => {
    const prompt = await requirePrompt(sql, c.get('workspaceId'), keyParam(c));
    if (!(await deleteDraft(sql, prompt.id, actorOf(c.get('principal')))))
      throw new AppError('not_found', `there is no draft of "${prompt.key}" for this caller`);
    return c.body(null, 204);
  });

  app.post('/:key/versions', async (c) => {
    const body = await jsonBody(c, CommitBody);
    const key = keyParam(c);
    const workspaceId = c.get('workspaceId');
    const author = actorOf(c.get('principal'));
    const prompt = await requirePrompt(sql, workspaceId, key);
    const draft = body.template === undefined ? await draftOf(sql, prompt.id, author) : undefined;
    const template = body.template ?? draft?.template;
    if (template === undefined)
      throw new AppError('invalid_argument', `send a template, or save a draft of "${key}" first`);
    const version = await commitVersion(sql, {
      workspaceId,
      key,
      version: body.version,
      template,
      commitMessage: body.commitMessage,
      author,
      baseVersion: draft?.baseVersion ?? null,
    });
    if (draft !== undefined) await rebaseDraft(sql, prompt.id, author, version.version);
    return c.json({ version: versionView(version) }, 201);
  });

  app.get('/:key/versions', async (c) => {
    const q = queryOf(c, VersionsQuery);
    const prompt = await requirePrompt(sql, c.get('workspaceId'), keyParam(c));
    const [versions, labels] = await Promise.all([
      listVersions(sql, prompt.id, {
        includeDeleted: q.includeDeleted,
        beforeSeq: q.cursor,
        limit: q.limit + 1,
      }),
      labelsOf(sql, prompt.id),
    ]);
    const page = versions.slice(0, q.limit);
    const next = versions.length > q.limit ? String(page.at(-1)?.seq) : null;
    return c.json({ versions: page.map((v) => versionSummaryView(v, labels)), nextCursor: next });
  });

  app.get('/:key/versions/:version', async (c) => {
    const prompt = await requirePrompt(sql, c.get('workspaceId'), keyParam(c));
    const name = versionParam(c.req.param('version'));
    const version = await versionByName(sql, prompt.id, name);
    if (version === undefined)
      throw new AppError('not_found', `version ${name} of "${prompt.key}" not found`);
    return c.json({ version: versionView(version, await labelsOf(sql, prompt.id)) });
  });

  app.delete('/:key/versions/:version', async (c) => {
    await deleteVersion(sql, c.get('workspaceId'), keyParam(c), versionParam(c.req.param('version')));
    return c.body(null, 204);
  });

  app.get('/:key/versions/:from/diff/:to', async (c) => {
    const prompt = await requirePrompt(sql, c.get('workspaceId'), keyParam(c));
    const [from, to] = await Promise.all(
      [c.req.param('from'), c.req.param('to')].map(async (raw) => {
        const name = versionParam(raw);
        const v = await versionByName(sql, prompt.id, name);
        if (v === undefined) throw new AppError('not_found', `version ${name} of "${prompt.key}" not found`);
        return { name, template: v.template };
      }),
    );
    if (from === undefined || to === undefined) throw new AppError('internal', 'diff lost a side');
    return c.json({ from: from.name, to: to.name, ...(await diffTemplates(from, to)) });
  });

  app.get('/:key/labels', async (c) => {
    const prompt = await requirePrompt(sql, c.get('workspaceId'), keyParam(c));
    return c.json({ labels: (await labelsOf(sql, prompt.id)).map(labelView) });
  });

  app.put('/:key/labels/:label', async (c) => {
    const body = await jsonBody(c, SetLabelBody);
    const label = await setLabel(sql, {
      workspaceId: c.get('workspaceId'),
      key: keyParam(c),
      label: parse(LabelParam, c.req.param('label'), 'label'),
      version: body.version,
      by: actorOf(c.get('principal')),
    });
    return c.json({ label: labelView(label) });
  });

  app.delete('/:key/labels/:label', async (c) => {
    await deleteLabel(
      sql,
      c.get('workspaceId'),
      keyParam(c),
      parse(LabelParam, c.req.param('label'), 'label'),
    );
    return c.body(null, 204);
  });
}
