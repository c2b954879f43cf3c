import type { Context, Hono } from 'hono';
import { AppError } from '../../core/app-error';
import type { PluginEnv } from '../sdk/index';
import {
  CommitBody,
  CreateDatasetBody,
  DeleteItemsBody,
  DiffQuery,
  Id,
  ItemQuery,
  ItemsQuery,
  ListDatasetsQuery,
  PutItemBody,
  SchemaBody,
  UpdateDatasetBody,
  ValueQuery,
  VersionsQuery,
  WriteItemsBody,
} from './api-schemas';
import { diffToNames, fieldByName, itemToNames, newItemToKeys } from './field-names';
import { actorOf, jsonBody, limitJson, parse, queryOf } from './request-input';
import type { DatasetStore, FieldSchema, FieldSchemaInput, NewItem, VersionRef, WriteResult } from './types';

type Ctx = Context<PluginEnv>;

const refOf = (version: string | undefined): VersionRef =>
  version === undefined || version === 'draft' ? { draft: true } : { versionId: version };

/** Drops `undefined` members zod leaves for absent optional keys (exactOptionalPropertyTypes). */
type Defined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};
const defined = <T extends object>(o: T): Defined<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Defined<T>;

/** The refusal of a whole batch: the API's error body with the per-row report beside it. */
function refusal(c: Ctx, result: WriteResult) {
  const first = result.errors[0];
  const message =
    first === undefined
      ? 'no item was written'
      : `no item was written: ${result.errors.map((g) => `${g.count} × ${g.code}`).join(', ')}` +
        (first.details[0] === undefined
          ? ''
          : ` (row ${first.details[0].index}: ${first.details[0].message})`);
  return c.json({ error: { code: 'invalid_argument', message }, result }, 400);
}

/** Spanloop's datasets REST API under /api/v1/datasets; values travel keyed by field name. */
export function datasetRoutes(app: Hono<PluginEnv>, store: DatasetStore): void {
  const ws = (c: Ctx) => c.get('workspaceId');
  const idOf = (c: Ctx, name = 'id') => parse(Id, c.req.param(name), name);
  const notFound = (id: string): never => {
    throw new AppError('not_found', `no dataset ${id} in this workspace`);
  };
  const datasetOf = async (c: Ctx, id: string) => (await store.get(ws(c), id)) ?? notFound(id);
  /** The schema of the state a request reads, to name its values. */
  const fieldsOf = async (c: Ctx, id: string, ref: VersionRef): Promise<FieldSchema[]> => {
    if ('draft' in ref) return (await datasetOf(c, id)).fields;
    const version = await store.getVersion(ws(c), id, ref.versionId);
    if (version === undefined)
      throw new AppError('not_found', `no version ${ref.versionId} of dataset ${id}`);
    return version.fields;
  };

  app.get('/', async (c) => {
    const q = queryOf(c, ListDatasetsQuery);
    return c.json(await store.list(ws(c), defined(q)));
  });

  app.post('/', limitJson, async (c) => {
    const body = await jsonBody(c, CreateDatasetBody);
    const input = { ...defined(body), fields: body.fields.map((f) => defined(f) as FieldSchemaInput) };
    return c.json(await store.create(ws(c), input, actorOf(c.get('principal'))), 201);
  });

  app.get('/:id', async (c) => c.json(await datasetOf(c, idOf(c))));

  app.patch('/:id', limitJson, async (c) => {
    const id = idOf(c);
    const body = await jsonBody(c, UpdateDatasetBody);
    return c.json(await store.update(ws(c), id, defined(body), actorOf(c.get('principal'))));
  });

  app.delete('/:id', async (c) => {
    const id = idOf(c);
    if (!(await store.remove(ws(c), id))) notFound(id);
    return c.body(null, 204);
  });

  app.put('/:id/schema', limitJson, async (c) => {
    const id = idOf(c);
    const body = await jsonBody(c, SchemaBody);
    const fields = body.fields.map((f) => defined(f) as FieldSchemaInput);
    return c.json(
      await store.updateSchema(
        ws(c),
        id,
        fields,
        { confirmDelete: body.confirmDelete },
        actorOf(c.get('principal')),
      ),
    );
  });

  app.get('/:id/items', async (c) => {
    const id = idOf(c);
    const q = queryOf(c, ItemsQuery);
    const version = refOf(q.version);
    const fields = await fieldsOf(c, id, version);
    const page = await store.listItems(
      ws(c),
      id,
      defined({ version, cursor: q.cursor, limit: q.limit, search: q.search }),
    );
    return c.json({ ...page, items: page.items.map((i) => itemToNames(i, fields)) });
  });

  const write = async (
    c: Ctx,
    id: string,
    items: NewItem[],
    options: Parameters<DatasetStore['writeItems']>[3],
  ) => {
    const dataset = await datasetOf(c, id);
    const keyed = items.map((i) => newItemToKeys(i, dataset.fields));
    return store.writeItems(ws(c), id, keyed, options, actorOf(c.get('principal')));
  };

  app.post('/:id/items', limitJson, async (c) => {
    const id = idOf(c);
    const body = await jsonBody(c, WriteItemsBody);
    const result = await write(
      c,
      id,
      body.items.map((i) => defined(i) as NewItem),
      defined({ skipInvalid: body.skipInvalid, allowPartial: body.allowPartial, media: body.media }),
    );
    if (!result.written && result.errors.length > 0 && body.skipInvalid !== true) return refusal(c, result);
    return c.json(result);
  });

  app.delete('/:id/items', limitJson, async (c) => {
    const id = idOf(c);
    const body = await jsonBody(c, DeleteItemsBody);
    await datasetOf(c, id);
    return c.json({ deleted: await store.deleteItems(ws(c), id, body.itemIds, actorOf(c.get('principal'))) });
  });

  app.get('/:id/items/:itemId', async (c) => {
    const id = idOf(c);
    const itemId = idOf(c, 'itemId');
    const version = refOf(queryOf(c, ItemQuery).version);
    const fields = await fieldsOf(c, id, version);
    const item = await store.getItem(ws(c), id, itemId, version);
    if (item === undefined)
      throw new AppError('not_found', `no item ${itemId} in this state of dataset ${id}`);
    return c.json(itemToNames(item, fields));
  });

  app.put('/:id/items/:itemId', limitJson, async (c) => {
    const id = idOf(c);
    const itemId = idOf(c, 'itemId');
    const body = await jsonBody(c, PutItemBody);
    if ((await store.getItem(ws(c), id, itemId)) === undefined)
      throw new AppError('not_found', `no item ${itemId} in the draft of dataset ${id}`);
    const result = await write(
      c,
      id,
      [defined({ id: itemId, itemKey: body.itemKey, turns: body.turns })],
      defined({ media: body.media }),
    );
    if (!result.written) return refusal(c, result);
    const item = await store.getItem(ws(c), id, itemId);
    if (item === undefined)
      throw new AppError('not_found', `no item ${itemId} in the draft of dataset ${id}`);
    return c.json(itemToNames(item, (await datasetOf(c, id)).fields));
  });

  app.get('/:id/items/:itemId/value', async (c) => {
    const id = idOf(c);
    const itemId = idOf(c, 'itemId');
    const q = queryOf(c, ValueQuery);
    const version = refOf(q.version);
    const fields = await fieldsOf(c, id, version);
    const fieldKey = fieldByName(fields, q.field)?.key;
    if (fieldKey === undefined)
      throw new AppError('not_found', `no field "${q.field}" in this state of the dataset`);
    const value = await store.fullValue(ws(c), id, defined({ itemId, turnId: q.turnId, fieldKey, version }));
    if (value === undefined) throw new AppError('not_found', `item ${itemId} has no such value`);
    return c.json(value);
  });

  app.post('/:id/versions', limitJson, async (c) => {
    const id = idOf(c);
    const body = await jsonBody(c, CommitBody);
    return c.json(await store.commitVersion(ws(c), id, defined(body), actorOf(c.get('principal'))), 201);
  });

  app.get('/:id/versions', async (c) => {
    const id = idOf(c);
    const q = queryOf(c, VersionsQuery);
    await datasetOf(c, id);
    return c.json(await store.listVersions(ws(c), id, defined(q)));
  });

  app.get('/:id/versions/:versionId', async (c) => {
    const id = idOf(c);
    const versionId = idOf(c, 'versionId');
    const version = await store.getVersion(ws(c), id, versionId);
    if (version === undefined) throw new AppError('not_found', `no version ${versionId} of dataset ${id}`);
    return c.json(version);
  });

  app.get('/:id/diff', async (c) => {
    const id = idOf(c);
    const q = queryOf(c, DiffQuery);
    const from = refOf(q.from);
    const to = refOf(q.to);
    const [before, after] = [await fieldsOf(c, id, from), await fieldsOf(c, id, to)];
    const diff = await store.diff(ws(c), id, from, to, defined({ cursor: q.cursor, limit: q.limit }));
    return c.json(diffToNames(diff, before, after));
  });
}
