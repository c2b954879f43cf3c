import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../../core/access/workspaces';
import { createEgressPolicy } from '../../core/egress/egress-policy';
import { createSqlFileStore } from '../../core/files/sql-file-store';
import type { TestDatabase } from '../../core/metadata/contract';
import { migrateMetadata } from '../../core/metadata/migrate';
import type { MetadataStore } from '../../core/metadata/types';
import { textContent } from '../../schemas/content';
import { coreMetadataMigrations } from '../../schemas/postgres/core-migrations';
import { datasetMigrations } from './migrations';
import { DEFAULT_LIMITS, type DatasetsOptions } from './options';
import { createDatasetStore } from './sql-dataset-store';
import type { DatasetItem, DatasetStore, FieldSchemaInput, NewItem } from './types';

const WS = 'ws-a';
const OTHER = 'ws-b';
const ACTOR = 'user:test';

export const textField = (name: string, over: Partial<FieldSchemaInput> = {}): FieldSchemaInput => ({
  name,
  description: '',
  contentType: 'text',
  valueType: 'string',
  displayFormat: 'plain_text',
  required: false,
  ...over,
});

/** An item of one turn whose fields are given by key. */
export const itemOf = (fields: Record<string, string>, over: Partial<NewItem> = {}): NewItem => ({
  turns: [{ fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, textContent(v)])) }],
  ...over,
});

/** Text values of items by item id, field key → text, for comparing whole states. */
const snapshot = (items: DatasetItem[]) =>
  Object.fromEntries(
    items.map((i) => [
      i.id,
      i.turns.map((t) => Object.fromEntries(Object.entries(t.fields).map(([k, c]) => [k, c.text]))),
    ]),
  );

/** One suite for the DatasetStore, run on PGlite and on PostgreSQL. */
export const datasetStoreContract = (engine: string, database: () => Promise<TestDatabase>) =>
  describe(`DatasetStore on ${engine}`, () => {
    let db: TestDatabase;
    let sql: MetadataStore;
    let media: Server;
    let mediaUrl: string;
    let n = 0;
    const open = (limits: Partial<DatasetsOptions> = {}) =>
      createDatasetStore({
        sql,
        files: createSqlFileStore(sql, {
          maxFileBytes: 10 * 1024 * 1024,
          maxWorkspaceBytes: 100 * 1024 * 1024,
        }),
        egress: createEgressPolicy({
          allow: [{ kind: 'host', host: '127.0.0.1', port: Number(new URL(mediaUrl).port) }],
        }),
        limits: { ...DEFAULT_LIMITS, ...limits },
      });
    const newDataset = async (store: DatasetStore, fields = [textField('input'), textField('output')]) =>
      store.create(WS, { name: `ds-${++n}`, fields }, ACTOR);
    const all = async (store: DatasetStore, id: string, version?: string) =>
      (
        await store.listItems(WS, id, {
          limit: 200,
          ...(version === undefined ? {} : { version: { versionId: version } }),
        })
      ).items;

    beforeAll(async () => {
      media = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'image/png' });
        res.end(Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
      });
      await new Promise<void>((resolve) => media.listen(0, '127.0.0.1', resolve));
      mediaUrl = `http://127.0.0.1:${(media.address() as AddressInfo).port}/cat.png`;
      db = await database();
      sql = await db.open();
      await migrateMetadata(sql, coreMetadataMigrations);
      await migrateMetadata(sql, { owner: 'plugin:datasets', migrations: datasetMigrations });
      await createWorkspace(sql, { id: WS, name: WS });
      await createWorkspace(sql, { id: OTHER, name: OTHER });
    });
    afterAll(async () => {
      await sql.close();
      await db.dispose();
      await new Promise((resolve) => media.close(resolve));
    });

    it('creates, lists, renames and deletes datasets; a deleted name is free; other workspaces see nothing', async () => {
      const store = open();
      const ds = await store.create(
        WS,
        { name: 'qa', description: 'd', tags: ['t'], fields: [textField('q')] },
        ACTOR,
      );
      expect(ds).toMatchObject({ name: 'qa', itemCount: 0, uncommittedChanges: false, tags: ['t'] });
      expect(ds.fields[0]?.key).toMatch(/^f_[0-9a-f]{12}$/);
      await expect(store.create(WS, { name: 'qa', fields: [] }, ACTOR)).rejects.toMatchObject({
        kind: 'conflict',
      });
      expect(await store.get(OTHER, ds.id)).toBeUndefined();
      expect((await store.list(OTHER, {})).items.map((d) => d.id)).not.toContain(ds.id);
      await expect(store.update(OTHER, ds.id, { name: 'x' }, ACTOR)).rejects.toMatchObject({
        kind: 'not_found',
      });
      expect(await store.remove(OTHER, ds.id)).toBe(false);
      await expect(store.listItems(OTHER, ds.id, {})).rejects.toMatchObject({ kind: 'not_found' });
      expect((await store.update(WS, ds.id, { name: 'qa2' }, ACTOR)).name).toBe('qa2');
      const listed = await store.list(WS, { search: 'QA2' });
      expect(listed.items.map((d) => d.id)).toEqual([ds.id]);
      expect(listed.total).toBe(1);
      expect(await store.remove(WS, ds.id)).toBe(true);
      expect(await store.get(WS, ds.id)).toBeUndefined();
      await store.create(WS, { name: 'qa2', fields: [] }, ACTOR);
    });

    it('reads every version exactly as committed across edits, deletes and schema changes', async () => {
      const store = open();
      const ds = await newDataset(store);
      const [input, output] = ds.fields.map((f) => f.key) as [string, string];
      const first = await store.writeItems(
        WS,
        ds.id,
        [1, 2, 3].map((i) => itemOf({ [input]: `q${i}`, [output]: `a${i}` })),
        {},
        ACTOR,
      );
      expect(first.written).toBe(true);
      const [id1, id2, id3] = first.outputs.map((o) => o.itemId) as [string, string, string];
      const v1 = await store.commitVersion(WS, ds.id, { version: 'v1', description: 'first' }, ACTOR);
      expect(v1).toMatchObject({ versionNum: 1, itemCount: 3 });
      const atV1 = snapshot(await all(store, ds.id, v1.id));

      // An edit of an item v1 holds, a delete, an add, an edit of the same item twice in the draft.
      await store.writeItems(
        WS,
        ds.id,
        [itemOf({ [input]: 'q1-edited', [output]: 'a1' }, { id: id1 })],
        {},
        ACTOR,
      );
      await store.writeItems(
        WS,
        ds.id,
        [itemOf({ [input]: 'q1-again', [output]: 'a1' }, { id: id1 })],
        {},
        ACTOR,
      );
      expect(await store.deleteItems(WS, ds.id, [id2], ACTOR)).toBe(1);
      const added = await store.writeItems(WS, ds.id, [itemOf({ [input]: 'q4' })], {}, ACTOR);
      const id4 = added.outputs[0]?.itemId as string;
      // Schema: rename input, drop output, add a column.
      const changed = await store.updateSchema(
        WS,
        ds.id,
        [{ ...textField('question'), key: input }, textField('context')],
        { confirmDelete: true },
        ACTOR,
      );
      expect(changed.uncommittedChanges).toBe(true);
      expect(changed.itemCount).toBe(3);
      const v2 = await store.commitVersion(WS, ds.id, { version: 'v2' }, ACTOR);
      expect(v2.itemCount).toBe(3);
      expect(v2.fields.map((f) => f.name)).toEqual(['question', 'context']);
      const atV2 = snapshot(await all(store, ds.id, v2.id));
      expect(atV2).toEqual({
        [id1]: [{ [input]: 'q1-again' }],
        [id3]: [{ [input]: 'q3' }],
        [id4]: [{ [input]: 'q4' }],
      });

      // More draft changes, then read both versions again.
      await store.writeItems(WS, ds.id, [itemOf({ [input]: 'q3-new' }, { id: id3 })], {}, ACTOR);
      await store.deleteItems(WS, ds.id, [id1, id4], ACTOR);
      expect(await store.clearDraft(WS, ds.id, ACTOR)).toBe(1);
      expect(snapshot(await all(store, ds.id, v1.id))).toEqual(atV1);
      expect(atV1).toEqual({
        [id1]: [{ [input]: 'q1', [output]: 'a1' }],
        [id2]: [{ [input]: 'q2', [output]: 'a2' }],
        [id3]: [{ [input]: 'q3', [output]: 'a3' }],
      });
      expect(snapshot(await all(store, ds.id, v2.id))).toEqual(atV2);
      expect((await store.listItems(WS, ds.id, {})).total).toBe(0);
      expect((await store.get(WS, ds.id))?.latestVersion?.version).toBe('v2');
      await expect(store.commitVersion(WS, ds.id, { version: 'v2' }, ACTOR)).rejects.toMatchObject({
        kind: 'conflict',
      });
      expect((await store.findVersion(WS, ds.id, 'v1'))?.id).toBe(v1.id);
      const versions = await store.listVersions(WS, ds.id, { limit: 1 });
      expect(versions.items.map((v) => v.version)).toEqual(['v2']);
      expect(versions.total).toBe(2);
      const next = await store.listVersions(WS, ds.id, { cursor: versions.nextCursor as string, limit: 1 });
      expect(next.items.map((v) => v.version)).toEqual(['v1']);
      expect((await store.getItem(WS, ds.id, id2, { versionId: v1.id }))?.addedIn).toBe(1);
      expect(await store.getItem(WS, ds.id, id2)).toBeUndefined();
      // A deleted dataset's versions stay readable; its draft does not.
      await store.remove(WS, ds.id);
      expect(snapshot(await all(store, ds.id, v1.id))).toEqual(atV1);
      await expect(store.listItems(WS, ds.id, {})).rejects.toMatchObject({ kind: 'not_found' });
    });

    it('diffs two versions and the draft: items added, removed, changed and schema fields', async () => {
      const store = open();
      const ds = await newDataset(store);
      const [input, output] = ds.fields.map((f) => f.key) as [string, string];
      const w = await store.writeItems(
        WS,
        ds.id,
        [itemOf({ [input]: 'a' }), itemOf({ [input]: 'b' }), itemOf({ [input]: 'c' })],
        {},
        ACTOR,
      );
      const [a, b] = w.outputs.map((o) => o.itemId) as [string, string];
      const v1 = await store.commitVersion(WS, ds.id, { version: '1' }, ACTOR);
      await store.writeItems(WS, ds.id, [itemOf({ [input]: 'a2' }, { id: a })], {}, ACTOR);
      await store.deleteItems(WS, ds.id, [b], ACTOR);
      const d = (await store.writeItems(WS, ds.id, [itemOf({ [input]: 'd' })], {}, ACTOR)).outputs[0]?.itemId;
      await store.updateSchema(
        WS,
        ds.id,
        [
          { ...textField('input'), key: input },
          { ...textField('answer'), key: output },
        ],
        { confirmDelete: false },
        ACTOR,
      );
      const diff = await store.diff(WS, ds.id, { versionId: v1.id }, { draft: true }, {});
      expect(diff.added.map((i) => i.id)).toEqual([d]);
      expect(diff.removed.map((i) => i.id)).toEqual([b]);
      expect(
        diff.changed.map((c) => [
          c.before.turns[0]?.fields[input]?.text,
          c.after.turns[0]?.fields[input]?.text,
        ]),
      ).toEqual([['a', 'a2']]);
      expect(diff.fields.changed.map((c) => [c.before.name, c.after.name])).toEqual([['output', 'answer']]);
      const v2 = await store.commitVersion(WS, ds.id, { version: '2' }, ACTOR);
      const paged = await store.diff(WS, ds.id, { versionId: v1.id }, { versionId: v2.id }, { limit: 2 });
      expect(paged.changed.length + paged.removed.length + paged.added.length).toBe(2);
      const rest = await store.diff(
        WS,
        ds.id,
        { versionId: v1.id },
        { versionId: v2.id },
        { cursor: paged.nextCursor as string, limit: 2 },
      );
      expect(rest.added.map((i) => i.id)).toEqual([d]);
      expect(rest.nextCursor).toBeUndefined();
      const none = await store.diff(WS, ds.id, { versionId: v2.id }, { draft: true }, {});
      expect([none.added, none.removed, none.changed]).toEqual([[], [], []]);
    });

    it('leaves one item when concurrent writers upsert the same item key', async () => {
      const store = open();
      const ds = await newDataset(store);
      const key = ds.fields[0]?.key as string;
      await store.commitVersion(WS, ds.id, { version: 'empty' }, ACTOR);
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          store.writeItems(WS, ds.id, [itemOf({ [key]: `w${i}` }, { itemKey: 'same' })], {}, ACTOR),
        ),
      );
      const ids = new Set(results.map((r) => r.outputs[0]?.itemId));
      expect(ids.size).toBe(1);
      expect(results.filter((r) => r.outputs[0]?.isNew === true)).toHaveLength(1);
      const page = await store.listItems(WS, ds.id, {});
      expect(page.total).toBe(1);
      expect(page.items).toHaveLength(1);
      expect(page.items[0]?.itemKey).toBe('same');
      // After a commit, the upsert closes the committed row and the draft still holds one item.
      const v = await store.commitVersion(WS, ds.id, { version: 'one' }, ACTOR);
      await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          store.writeItems(WS, ds.id, [itemOf({ [key]: `x${i}` }, { itemKey: 'same' })], {}, ACTOR),
        ),
      );
      expect((await store.listItems(WS, ds.id, {})).items).toHaveLength(1);
      expect((await store.listItems(WS, ds.id, { version: { versionId: v.id } })).items).toHaveLength(1);
    });

    it('validates each item and reports grouped errors with row indices; all-or-nothing unless told', async () => {
      const store = open({ maxItemBytes: 4096, maxNestedDepth: 3 });
      const fields = [
        textField('n', { valueType: 'integer', required: true }),
        textField('obj', { valueType: 'object', jsonSchema: '{"type":"object","required":["a"]}' }),
        textField('chat', { valueType: 'chat_messages' }),
        textField('img', { contentType: 'image' }),
      ];
      const ds = await newDataset(store, fields);
      const [nk, ok, ck, ik] = ds.fields.map((f) => f.key) as [string, string, string, string];
      const items: NewItem[] = [
        itemOf({ [nk]: '1', [ok]: '{"a":1}', [ck]: '[{"role":"user","content":"hi"}]' }),
        itemOf({ [nk]: 'one' }),
        itemOf({ [ok]: '{"a":1}' }),
        itemOf({ [nk]: '2', [ok]: '{"b":1}' }),
        itemOf({ [nk]: '3', [ok]: '{"a":{"b":{"c":{"d":1}}}}' }),
        itemOf({ [nk]: '4', [ck]: 'x'.repeat(5000) }),
        { turns: [] },
        itemOf({ [nk]: '5', nope: 'x' }),
        {
          turns: [
            {
              fields: {
                [nk]: textContent('6'),
                [ik]: { content_type: 'image', image: { url: 'http://10.0.0.1/a.png' } },
              },
            },
          ],
        },
        ...Array.from({ length: 6 }, () => itemOf({ [nk]: 'bad' })),
      ];
      const refused = await store.writeItems(WS, ds.id, items, {}, ACTOR);
      expect(refused.written).toBe(false);
      expect(refused.outputs).toEqual([]);
      const byCode = Object.fromEntries(refused.errors.map((g) => [g.code, g]));
      expect(byCode.mismatch_schema?.count).toBe(9);
      expect(byCode.mismatch_schema?.details.map((d) => d.index)).toEqual([1, 3, 7, 9, 10]);
      expect(byCode.missing_required_field?.details.map((d) => d.index)).toEqual([2]);
      expect(byCode.exceed_max_nested_depth?.details.map((d) => d.index)).toEqual([4]);
      expect(byCode.exceed_max_item_size?.details.map((d) => d.index)).toEqual([5]);
      expect(byCode.empty_data?.details.map((d) => d.index)).toEqual([6]);
      expect(byCode.get_media_failed?.details.map((d) => d.index)).toEqual([8]);
      expect(byCode.get_media_failed?.details[0]?.message).toMatch(/10\.0\.0\.1.*private/);
      expect((await store.listItems(WS, ds.id, {})).total).toBe(0);

      const skipped = await store.writeItems(WS, ds.id, items, { skipInvalid: true }, ACTOR);
      expect(skipped.written).toBe(true);
      expect(skipped.outputs.map((o) => o.index)).toEqual([0]);
      expect((await store.get(WS, ds.id))?.itemCount).toBe(1);
      await expect(store.writeItems(WS, ds.id, [], {}, ACTOR)).rejects.toMatchObject({
        kind: 'invalid_argument',
      });
      await expect(
        store.writeItems(
          WS,
          ds.id,
          Array.from({ length: 101 }, () => itemOf({ [nk]: '1' })),
          {},
          ACTOR,
        ),
      ).rejects.toMatchObject({ kind: 'invalid_argument' });
    });

    it('refuses items past capacity unless partial writes are allowed', async () => {
      const store = open({ maxItems: 3 });
      const ds = await newDataset(store);
      const key = ds.fields[0]?.key as string;
      await store.writeItems(WS, ds.id, [itemOf({ [key]: 'a' }, { itemKey: 'a' })], {}, ACTOR);
      const batch = ['b', 'c', 'd'].map((v) => itemOf({ [key]: v }));
      const refused = await store.writeItems(WS, ds.id, batch, {}, ACTOR);
      expect(refused.written).toBe(false);
      expect(refused.errors).toEqual([
        expect.objectContaining({ code: 'exceed_dataset_capacity', count: 1 }),
      ]);
      expect(refused.errors[0]?.details.map((d) => d.index)).toEqual([2]);
      const partial = await store.writeItems(WS, ds.id, batch, { allowPartial: true }, ACTOR);
      expect(partial.outputs.map((o) => o.index)).toEqual([0, 1]);
      expect((await store.get(WS, ds.id))?.itemCount).toBe(3);
      // An upsert of a held key still fits a full dataset.
      const upsert = await store.writeItems(
        WS,
        ds.id,
        [itemOf({ [key]: 'a2' }, { itemKey: 'a' })],
        {},
        ACTOR,
      );
      expect(upsert.outputs[0]?.isNew).toBe(false);
    });

    it('keeps large values in the file store and lists them as content_omitted', async () => {
      const store = open({ inlineValueBytes: 256 });
      const ds = await newDataset(store);
      const key = ds.fields[0]?.key as string;
      const big = `héllo ${'x'.repeat(1000)} needle`;
      const w = await store.writeItems(
        WS,
        ds.id,
        [itemOf({ [key]: big, [ds.fields[1]?.key as string]: 'small' })],
        {},
        ACTOR,
      );
      const id = w.outputs[0]?.itemId as string;
      const [item] = (await store.listItems(WS, ds.id, {})).items;
      const cell = item?.turns[0]?.fields[key];
      expect(cell).toMatchObject({
        content_type: 'text',
        content_omitted: true,
        full_content_bytes: Buffer.byteLength(big),
      });
      expect(cell?.text).toBeUndefined();
      expect(cell?.full_content?.url).toBe(
        `/api/v1/datasets/${ds.id}/items/${id}/value?field=input&turnId=${item?.turns[0]?.id}`,
      );
      expect((await store.listItems(WS, ds.id, { full: true })).items[0]?.turns[0]?.fields[key]?.text).toBe(
        big,
      );
      expect((await store.fullValue(WS, ds.id, { itemId: id, fieldKey: key }))?.text).toBe(big);
      // Still found by search.
      expect((await store.listItems(WS, ds.id, { search: 'HÉLLO' })).total).toBe(1);
    });

    it('copies media into the file store with media: store, through the egress policy', async () => {
      const store = open();
      const ds = await newDataset(store, [textField('img', { contentType: 'image' })]);
      const key = ds.fields[0]?.key as string;
      const item = {
        turns: [{ fields: { [key]: { content_type: 'image' as const, image: { url: mediaUrl } } } }],
      };
      const kept = await store.writeItems(WS, ds.id, [item], { media: 'passthrough' }, ACTOR);
      const stored = await store.writeItems(WS, ds.id, [item], { media: 'store' }, ACTOR);
      const read = async (id: string) => (await store.getItem(WS, ds.id, id))?.turns[0]?.fields[key]?.image;
      expect(await read(kept.outputs[0]?.itemId as string)).toEqual({ url: mediaUrl });
      const image = await read(stored.outputs[0]?.itemId as string);
      expect(image?.uri).toMatch(new RegExp(`^datasets-${ds.id}-media-[0-9a-f]{64}$`));
      expect(image?.url).toBe(`/api/v1/files/${image?.uri}`);
      const other = open();
      const refused = await other.writeItems(
        WS,
        ds.id,
        [
          {
            turns: [
              { fields: { [key]: { content_type: 'image', image: { url: 'http://127.0.0.1:1/x.png' } } } },
            ],
          },
        ],
        {},
        ACTOR,
      );
      expect(refused.errors[0]?.code).toBe('get_media_failed');
    });

    it('pages by item id, searches text values and counts totals', async () => {
      const store = open();
      const ds = await newDataset(store);
      const key = ds.fields[0]?.key as string;
      for (let b = 0; b < 3; b++)
        await store.writeItems(
          WS,
          ds.id,
          Array.from({ length: 100 }, (_, i) =>
            itemOf({ [key]: `row ${b * 100 + i}${i % 10 === 0 ? ' Apple' : ''}` }),
          ),
          {},
          ACTOR,
        );
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listItems(WS, ds.id, {
          limit: 120,
          ...(cursor === undefined ? {} : { cursor }),
        });
        expect(page.total).toBe(300);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      expect(seen).toHaveLength(300);
      expect(new Set(seen).size).toBe(300);
      expect([...seen].sort((a, b) => Number(a) - Number(b))).toEqual(seen);
      const found = await store.listItems(WS, ds.id, { search: 'apple', limit: 7 });
      expect(found.total).toBe(30);
      expect(found.items).toHaveLength(7);
      expect((await store.listItems(WS, ds.id, { search: '100%' })).total).toBe(0);
      await expect(store.listItems(WS, ds.id, { cursor: 'nope' })).rejects.toMatchObject({
        kind: 'invalid_argument',
      });
    });

    it('guards schema changes: removing a column needs confirmation, retyping a held column is refused', async () => {
      const store = open();
      const ds = await newDataset(store);
      const [input, output] = ds.fields.map((f) => f.key) as [string, string];
      await store.writeItems(WS, ds.id, [itemOf({ [input]: 'x' })], {}, ACTOR);
      await expect(
        store.updateSchema(
          WS,
          ds.id,
          [{ ...textField('input'), key: input }],
          { confirmDelete: false },
          ACTOR,
        ),
      ).rejects.toMatchObject({ kind: 'conflict' });
      await expect(
        store.updateSchema(
          WS,
          ds.id,
          [
            { ...textField('input', { valueType: 'integer' }), key: input },
            { ...textField('output'), key: output },
          ],
          { confirmDelete: false },
          ACTOR,
        ),
      ).rejects.toThrow(/mismatch_schema/);
      // The empty column may change type.
      const changed = await store.updateSchema(
        WS,
        ds.id,
        [
          { ...textField('input'), key: input },
          { ...textField('output', { valueType: 'float' }), key: output },
        ],
        { confirmDelete: false },
        ACTOR,
      );
      expect(changed.fields[1]?.valueType).toBe('float');
      await expect(
        store.updateSchema(WS, ds.id, [textField('a'), textField('a')], { confirmDelete: true }, ACTOR),
      ).rejects.toMatchObject({ kind: 'invalid_argument' });
      await expect(
        store.updateSchema(
          WS,
          ds.id,
          [textField('a', { jsonSchema: '{"type": 12}' })],
          { confirmDelete: true },
          ACTOR,
        ),
      ).rejects.toMatchObject({ kind: 'invalid_argument' });
    });
  });
