import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import type { Logger } from '../../core/logger';
import { authenticateBody, authenticateQuery } from '../prompts/cozeloop-auth';
import { asAppError, cozeloopError } from '../prompts/cozeloop-envelope';
import { actorOf, parse } from '../prompts/request-input';
import { AppError, type Principal, type RootAuthenticate } from '../sdk/index';
import {
  evaluationSetOut,
  fieldSchemaIn,
  itemIn,
  itemOut,
  versionOut,
  writeResultOut,
} from './cozeloop-convert';
import { type CozeloopImports, importRoutes } from './cozeloop-import-routes';
import {
  BatchCreateItemsRequest,
  BatchDeleteItemsRequest,
  BatchUpdateItemsRequest,
  CreateEvaluationSetRequest,
  CreateVersionRequest,
  IdParam,
  ItemFieldQuery,
  ListEvaluationSetsQuery,
  ListItemsQuery,
  ListVersionsQuery,
  UpdateEvaluationSetRequest,
  UpdateSchemaRequest,
  WorkspaceQuery,
  type FieldWriteOption,
} from './cozeloop-schemas';
import type { Dataset, DatasetStore, DatasetVersion, Page, WriteOptions } from './types';

export interface CozeloopEvaluationSetDeps {
  store: DatasetStore;
  authenticate: RootAuthenticate;
  logger: Logger;
  /** Import jobs (the datasets import API); without it `/import` and `/io_job` answer a clear error. */
  imports?: CozeloopImports;
}

/** 100 items of Cozeloop's 200 KB each fit. */
export const MAX_ITEMS_BODY_BYTES = 24 * 1024 * 1024;
/** As the prompts plugin's Cozeloop routes: a 1 MiB value still reaches validation and its clear message. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;
const DEFAULT_PAGE_SIZE = 20;

const limitOf = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new AppError('too_large', `the request body is larger than ${maxSize} bytes`);
    },
  });

const ok = <T>(c: Context, data: T) => c.json({ code: 0, msg: '', data });
const done = (c: Context) => c.json({ code: 0, msg: '' });

/** `store` when any field asks for it (Cozeloop's strategy is per field; Spanloop's per batch). */
function mediaOf(options: readonly FieldWriteOption[] | undefined): WriteOptions['media'] {
  const strategies = (options ?? []).map((o) => o.multi_modal_store_opt?.multi_modal_store_strategy);
  if (strategies.includes('store')) return 'store';
  return strategies.includes('passthrough') ? 'passthrough' : undefined;
}

/** Query values that may repeat (`?ids=1&ids=2`) or be comma-separated. */
const listOf = (c: Context, name: string) => {
  const values = (c.req.queries(name) ?? []).flatMap((v) => v.split(',')).filter((v) => v !== '');
  return values.length === 0 ? undefined : values;
};

/** One page of `all` from an offset token (`o<n>`). */
function pageOf<T>(all: readonly T[], token: string | undefined, size: number) {
  const from = token === undefined ? 0 : Number(/^o(\d{1,9})$/.exec(token)?.[1] ?? NaN);
  if (!Number.isInteger(from)) throw new AppError('invalid_argument', 'page_token is not one this list gave');
  const items = all.slice(from, from + size);
  const next = from + size < all.length ? `o${from + size}` : undefined;
  return { items, next };
}

/**
 * Cozeloop's evaluation-set OpenAPI under /v1/loop/evaluation/evaluation_sets, over the datasets store: sets,
 * versions, the schema, items of the draft or a version, one whole value, and file imports. Answers carry
 * Cozeloop's `{code, msg, data}` envelope (business errors on HTTP 200); reads need `read`, changes `write`.
 */
export function cozeloopEvaluationSetRoutes(app: Hono, deps: CozeloopEvaluationSetDeps): void {
  const { store } = deps;
  const sets = new Hono();
  sets.onError((e, c) => {
    const error = asAppError(e, deps.logger);
    // The body may still be arriving: the client must not send its next request on this connection.
    if (error.kind === 'too_large' || error.kind === 'unsupported_media_type')
      c.header('connection', 'close');
    return cozeloopError(c, error);
  });
  const small = limitOf(MAX_BODY_BYTES);
  const large = limitOf(MAX_ITEMS_BODY_BYTES);

  const withBody = async <S extends z.ZodType>(c: Context, scope: 'read' | 'write', schema: S) => {
    const { principal, body } = await authenticateBody(c, deps.authenticate, scope);
    return { principal, req: parse(schema, body) };
  };
  const withQuery = async <S extends z.ZodType>(c: Context, scope: 'read' | 'write', schema: S) => {
    const principal = await authenticateQuery(c, deps.authenticate, scope);
    return { principal, q: parse(schema, c.req.query()) };
  };
  const paramOf = (c: Context, name: string) => parse(IdParam, c.req.param(name), name);
  const setOf = async (principal: Principal, c: Context): Promise<Dataset> => {
    const id = paramOf(c, 'evaluation_set_id');
    const set = await store.get(principal.workspaceId, id);
    if (set === undefined) throw new AppError('not_found', `evaluation set ${id} not found`);
    return set;
  };
  const versionIn = async (
    principal: Principal,
    set: Dataset,
    versionId: string,
  ): Promise<DatasetVersion> => {
    const version = await store.getVersion(principal.workspaceId, set.id, versionId);
    if (version === undefined) throw new AppError('not_found', `version ${versionId} not found`);
    return version;
  };

  sets.post('/', small, async (c) => {
    const { principal, req } = await withBody(c, 'write', CreateEvaluationSetRequest);
    const set = await store.create(
      principal.workspaceId,
      {
        name: req.name,
        description: req.description ?? '',
        category: 'evaluation',
        tags: (req.tags ?? []).map((t) => t.tag_name),
        fields: (req.evaluation_set_schema?.field_schemas ?? []).map(fieldSchemaIn),
      },
      actorOf(principal),
    );
    return ok(c, { evaluation_set_id: set.id });
  });

  sets.get('/', async (c) => {
    const principal = await authenticateQuery(c, deps.authenticate, 'read');
    const q = parse(ListEvaluationSetsQuery, {
      ...c.req.query(),
      evaluation_set_ids: listOf(c, 'evaluation_set_ids'),
    });
    for (const unsupported of ['creators', 'tag_names', 'dataset_keys', 'shared_option'])
      if (c.req.query(unsupported) !== undefined)
        throw new AppError('invalid_argument', `${unsupported} is not supported`);
    const size = q.page_size ?? DEFAULT_PAGE_SIZE;
    if (q.evaluation_set_ids !== undefined) {
      const name = q.name?.toLowerCase();
      const found = (
        await Promise.all(
          [...new Set(q.evaluation_set_ids)].map((id) => store.get(principal.workspaceId, id)),
        )
      ).filter(
        (s): s is Dataset => s !== undefined && (name === undefined || s.name.toLowerCase().includes(name)),
      );
      const page = pageOf(found, q.page_token, size);
      return ok(c, {
        sets: page.items.map(evaluationSetOut),
        has_more: page.next !== undefined,
        ...(page.next === undefined ? {} : { next_page_token: page.next }),
        total: String(found.length),
      });
    }
    const page = await store.list(principal.workspaceId, {
      limit: size,
      ...(q.page_token === undefined ? {} : { cursor: q.page_token }),
      ...(q.name === undefined || q.name === '' ? {} : { search: q.name }),
    });
    return ok(c, {
      sets: page.items.map(evaluationSetOut),
      has_more: page.nextCursor !== undefined,
      ...(page.nextCursor === undefined ? {} : { next_page_token: page.nextCursor }),
      total: String(page.total),
    });
  });

  importRoutes(sets, { ...deps, setOf, withBody, withQuery, limit: small });

  sets.get('/:evaluation_set_id', async (c) => {
    const { principal } = await withQuery(c, 'read', WorkspaceQuery);
    return ok(c, { evaluation_set: evaluationSetOut(await setOf(principal, c)) });
  });

  sets.put('/:evaluation_set_id', small, async (c) => {
    const { principal, req } = await withBody(c, 'write', UpdateEvaluationSetRequest);
    const set = await setOf(principal, c);
    await store.update(
      principal.workspaceId,
      set.id,
      {
        ...(req.name === undefined ? {} : { name: req.name }),
        ...(req.description === undefined ? {} : { description: req.description }),
        ...(req.tags === undefined ? {} : { tags: req.tags.map((t) => t.tag_name) }),
      },
      actorOf(principal),
    );
    return ok(c, {});
  });

  sets.delete('/:evaluation_set_id', async (c) => {
    const { principal } = await withQuery(c, 'write', WorkspaceQuery);
    const set = await setOf(principal, c);
    await store.remove(principal.workspaceId, set.id);
    return ok(c, {});
  });

  sets.post('/:evaluation_set_id/versions', small, async (c) => {
    const { principal, req } = await withBody(c, 'write', CreateVersionRequest);
    const set = await setOf(principal, c);
    const version = await store.commitVersion(
      principal.workspaceId,
      set.id,
      { version: req.version, ...(req.description === undefined ? {} : { description: req.description }) },
      actorOf(principal),
    );
    return ok(c, { version_id: version.id });
  });

  sets.get('/:evaluation_set_id/versions', async (c) => {
    const { principal, q } = await withQuery(c, 'read', ListVersionsQuery);
    const set = await setOf(principal, c);
    const size = q.page_size ?? DEFAULT_PAGE_SIZE;
    if (q.version_like !== undefined && q.version_like !== '') {
      const like = q.version_like.toLowerCase();
      const all: DatasetVersion[] = [];
      let cursor: string | undefined;
      do {
        const page: Page<DatasetVersion> = await store.listVersions(principal.workspaceId, set.id, {
          limit: 200,
          ...(cursor === undefined ? {} : { cursor }),
        });
        all.push(...page.items.filter((v) => v.version.toLowerCase().includes(like)));
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      const page = pageOf(all, q.page_token, size);
      return ok(c, {
        versions: page.items.map(versionOut),
        total: String(all.length),
        ...(page.next === undefined ? {} : { next_page_token: page.next }),
      });
    }
    const page = await store.listVersions(principal.workspaceId, set.id, {
      limit: size,
      ...(q.page_token === undefined ? {} : { cursor: q.page_token }),
    });
    return ok(c, {
      versions: page.items.map(versionOut),
      total: String(page.total),
      ...(page.nextCursor === undefined ? {} : { next_page_token: page.nextCursor }),
    });
  });

  sets.get('/:evaluation_set_id/versions/:version_id', async (c) => {
    const { principal } = await withQuery(c, 'read', WorkspaceQuery);
    const set = await setOf(principal, c);
    return ok(c, { version: versionOut(await versionIn(principal, set, paramOf(c, 'version_id'))) });
  });

  sets.put('/:evaluation_set_id/schema', small, async (c) => {
    const { principal, req } = await withBody(c, 'write', UpdateSchemaRequest);
    const set = await setOf(principal, c);
    // Cozeloop deletes a column the list leaves out, without asking.
    await store.updateSchema(
      principal.workspaceId,
      set.id,
      req.fields.map(fieldSchemaIn),
      { confirmDelete: true },
      actorOf(principal),
    );
    return done(c);
  });

  sets.post('/:evaluation_set_id/items', large, async (c) => {
    const { principal, req } = await withBody(c, 'write', BatchCreateItemsRequest);
    const set = await setOf(principal, c);
    const media = mediaOf(req.field_write_options);
    // Creating never changes an item by id; `item_key` still upserts, as in Cozeloop.
    const items = req.items.map((i) => itemIn({ ...i, id: undefined }, set.fields));
    const result = await store.writeItems(
      principal.workspaceId,
      set.id,
      items,
      {
        skipInvalid: req.is_skip_invalid_items ?? false,
        allowPartial: req.is_allow_partial_add ?? false,
        ...(media === undefined ? {} : { media }),
      },
      actorOf(principal),
    );
    return ok(c, writeResultOut(result));
  });

  sets.put('/:evaluation_set_id/items', large, async (c) => {
    const { principal, req } = await withBody(c, 'write', BatchUpdateItemsRequest);
    const set = await setOf(principal, c);
    const media = mediaOf(req.field_write_options);
    const found = await store.listItems(principal.workspaceId, set.id, {
      itemIds: [...new Set(req.items.map((i) => i.id))],
      limit: 200,
    });
    const known = new Set(found.items.map((i) => i.id));
    const missing = req.items.find((i) => !known.has(i.id));
    if (missing !== undefined) throw new AppError('not_found', `item ${missing.id} not found in the draft`);
    const result = await store.writeItems(
      principal.workspaceId,
      set.id,
      req.items.map((i) => itemIn(i, set.fields)),
      { skipInvalid: req.is_skip_invalid_items ?? false, ...(media === undefined ? {} : { media }) },
      actorOf(principal),
    );
    return ok(c, writeResultOut(result));
  });

  sets.delete('/:evaluation_set_id/items', small, async (c) => {
    const { principal, req } = await withBody(c, 'write', BatchDeleteItemsRequest);
    const set = await setOf(principal, c);
    const actor = actorOf(principal);
    if (req.is_delete_all === true) await store.clearDraft(principal.workspaceId, set.id, actor);
    else await store.deleteItems(principal.workspaceId, set.id, req.item_ids ?? [], actor);
    return done(c);
  });

  sets.get('/:evaluation_set_id/items', async (c) => {
    const { principal, q } = await withQuery(c, 'read', ListItemsQuery);
    for (const unsupported of ['tag_names', 'filter', 'shared_option'])
      if (c.req.query(unsupported) !== undefined)
        throw new AppError('invalid_argument', `${unsupported} is not supported`);
    const set = await setOf(principal, c);
    const version = q.version_id === undefined ? undefined : await versionIn(principal, set, q.version_id);
    const page = await store.listItems(principal.workspaceId, set.id, {
      version: version === undefined ? { draft: true } : { versionId: version.id },
      limit: q.page_size ?? DEFAULT_PAGE_SIZE,
      ...(q.page_token === undefined ? {} : { cursor: q.page_token }),
    });
    const fields = version?.fields ?? set.fields;
    return ok(c, {
      items: page.items.map((i) => itemOut(i, fields)),
      has_more: page.nextCursor !== undefined,
      ...(page.nextCursor === undefined ? {} : { next_page_token: page.nextCursor }),
      total: String(page.total),
    });
  });

  sets.get('/:evaluation_set_id/items/:item_id/field', async (c) => {
    const { principal, q } = await withQuery(c, 'read', ItemFieldQuery);
    const set = await setOf(principal, c);
    const itemId = paramOf(c, 'item_id');
    const version = q.version_id === undefined ? undefined : await versionIn(principal, set, q.version_id);
    const ref = version === undefined ? { draft: true as const } : { versionId: version.id };
    const fields = version?.fields ?? set.fields;
    const field = fields.find((f) =>
      q.field_key === undefined ? f.name === q.field_name : f.key === q.field_key,
    );
    if (field === undefined)
      throw new AppError('not_found', `field ${q.field_key ?? q.field_name ?? ''} not found in the schema`);
    const item = await store.getItem(principal.workspaceId, set.id, itemId, ref);
    if (item === undefined) throw new AppError('not_found', `item ${itemId} not found`);
    if (q.turn_id === undefined && item.turns.length > 1)
      throw new AppError('invalid_argument', 'turn_id is required for a multi-turn item');
    const turnId = q.turn_id ?? item.turns[0]?.id;
    const content = await store.fullValue(principal.workspaceId, set.id, {
      itemId,
      fieldKey: field.key,
      version: ref,
      ...(turnId === undefined ? {} : { turnId }),
    });
    if (content === undefined)
      throw new AppError('not_found', `item ${itemId} has no value for ${field.name}`);
    return c.json({ code: 0, msg: '', field_data: { name: field.name, content } });
  });

  app.route('/v1/loop/evaluation/evaluation_sets', sets);
}
