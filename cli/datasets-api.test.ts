import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '../core/access/workspaces';
import { callApi, keyHeaders, newWorkspace, type Headers } from './access-test-kit';
import { startTestInstance, type TestInstance } from './test-instance';
import type {
  Dataset,
  DatasetItem,
  DatasetVersion,
  Turn,
  VersionDiff,
  WriteResult,
} from '../plugins/datasets/types';

// The datasets REST API as a script meets it: a real embedded Spanloop over HTTP, with API keys.
let spanloop: TestInstance;
let team: Workspace;
let writer: Headers;
let reader: Headers;
let stranger: Headers;

beforeAll(async () => {
  spanloop = await startTestInstance({
    auth: { mode: 'required', maxFailures: 1000 },
    plugins: [{ module: 'builtin:datasets', options: { inlineValueBytes: 256 } }],
  });
  team = await newWorkspace(spanloop, 'dataset-team');
  writer = await keyHeaders(spanloop, team.id, ['read', 'write'], 'rw');
  reader = await keyHeaders(spanloop, team.id, ['read'], 'ro');
  const other = await newWorkspace(spanloop, 'other-team');
  stranger = await keyHeaders(spanloop, other.id, ['read', 'write'], 'other');
}, 120_000);
afterAll(async () => {
  await spanloop?.stop();
});

/** Every answer the test reads, as JSON: the views of types.ts, or the error body with a refused batch. */
interface Answer extends Partial<Dataset & DatasetVersion & WriteResult> {
  items?: (DatasetItem & DatasetVersion)[];
  nextCursor?: string;
  total?: number;
  turns?: Turn[];
  deleted?: number;
  text?: string;
  error?: { code: string; message: string };
  result?: WriteResult;
  added?: DatasetItem[];
  removed?: DatasetItem[];
  changed?: { before: DatasetItem; after: DatasetItem }[];
}
const list = <T>(v: T[] | undefined): T[] => v ?? [];

const api = async (path: string, headers: Headers, init: { method?: string; body?: unknown } = {}) => {
  const res = await callApi(spanloop, `/api/v1/datasets${path === '/' ? '' : path}`, headers, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    ...init,
  });
  return { ...res, json: res.text === '' ? undefined : (JSON.parse(res.text) as Answer) };
};

const text = (t: string) => ({ content_type: 'text', text: t });

describe('datasets REST API through a running Spanloop', () => {
  let id: string;
  let v1: string;
  let itemIds: string[];

  it('creates a dataset, writes items by field name and reads them back by name', async () => {
    const created = await api('/', writer, {
      body: {
        name: 'support-qa',
        category: 'evaluation',
        fields: [
          { name: 'question', required: true },
          { name: 'score', valueType: 'integer' },
        ],
      },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: 'support-qa', category: 'evaluation', itemCount: 0 });
    id = created.json?.id as string;
    expect((await api('/', writer, { body: { name: 'support-qa' } })).status).toBe(409);

    const written = await api(`/${id}/items`, writer, {
      body: {
        items: [
          { turns: [{ fields: { question: text('Where is my parcel?'), score: text('3') } }], itemKey: 'k1' },
          { turns: [{ fields: { question: text('How do I return shoes?') } }] },
          { turns: [{ fields: { question: text('x'.repeat(1000)) } }] },
        ],
      },
    });
    expect(written.status).toBe(200);
    expect(written.json).toMatchObject({ written: true, errors: [] });
    itemIds = list<{ itemId: string }>(written.json?.outputs).map((o) => o.itemId);

    const page = await api(`/${id}/items?limit=2`, reader);
    expect(page.status).toBe(200);
    expect(page.json?.total).toBe(3);
    expect(page.json?.items?.[0]?.turns?.[0]?.fields).toEqual({
      question: text('Where is my parcel?'),
      score: text('3'),
    });
    const next = await api(`/${id}/items?limit=2&cursor=${page.json?.nextCursor as string}`, reader);
    const big = next.json?.items?.[0]?.turns?.[0]?.fields?.question;
    expect(big).toMatchObject({ content_omitted: true, full_content_bytes: 1000 });
    const whole = await callApi(spanloop, String(big?.full_content?.url), reader);
    expect(JSON.parse(whole.text)).toEqual(text('x'.repeat(1000)));
    const byName = await api(`/${id}/items/${itemIds[2]}/value?field=question`, reader);
    expect(byName.json?.text).toHaveLength(1000);
    expect((await api(`/${id}/items?search=PARCEL`, reader)).json?.total).toBe(1);
  });

  it('refuses a bad batch whole with the per-row report, and writes the valid rows with skipInvalid', async () => {
    const items = [
      { turns: [{ fields: { question: text('ok'), score: text('1') } }] },
      { turns: [{ fields: { question: text('bad'), score: text('many') } }] },
      { turns: [{ fields: { score: text('2') } }] },
      { turns: [{ fields: { nope: text('?') } }] },
    ];
    const refused = await api(`/${id}/items`, writer, { body: { items } });
    expect(refused.status).toBe(400);
    expect(refused.json?.error?.code).toBe('invalid_argument');
    expect(refused.json?.result?.written).toBe(false);
    const codes = list<{ code: string; details: { index: number }[] }>(refused.json?.result?.errors).map(
      (g) => [g.code, g.details.map((d) => d.index)],
    );
    expect(codes).toEqual([
      ['mismatch_schema', [1, 3]],
      ['missing_required_field', [2]],
    ]);
    const skipped = await api(`/${id}/items`, writer, { body: { items, skipInvalid: true } });
    expect(skipped.status).toBe(200);
    expect(list<{ index: number }>(skipped.json?.outputs).map((o) => o.index)).toEqual([0]);
    expect((await api(`/${id}/items`, writer, { body: { items: [] } })).status).toBe(400);
  });

  it('commits versions, edits the draft, reads old versions exactly and diffs them', async () => {
    const committed = await api(`/${id}/versions`, writer, { body: { version: 'v1', description: 'first' } });
    expect(committed.status).toBe(201);
    v1 = committed.json?.id as string;
    expect(committed.json).toMatchObject({ version: 'v1', versionNum: 1, itemCount: 4 });
    expect((await api(`/${id}/versions`, writer, { body: { version: 'v1' } })).status).toBe(409);

    const edited = await api(`/${id}/items/${itemIds[0]}`, writer, {
      method: 'PUT',
      body: { turns: [{ fields: { question: text('Where is my order?') } }] },
    });
    expect(edited.status).toBe(200);
    expect(edited.json?.turns?.[0]?.fields?.question?.text).toBe('Where is my order?');
    const deleted = await api(`/${id}/items`, writer, { method: 'DELETE', body: { itemIds: [itemIds[1]] } });
    expect(deleted.json).toEqual({ deleted: 1 });
    const schema = await api(`/${id}/schema`, writer, {
      method: 'PUT',
      body: {
        fields: [
          { key: (await api(`/${id}`, reader)).json?.fields?.[0]?.key, name: 'query', required: true },
        ],
      },
    });
    expect(schema.status).toBe(409);
    const fields = list<{ key: string; name: string }>((await api(`/${id}`, reader)).json?.fields);
    const renamed = await api(`/${id}/schema`, writer, {
      method: 'PUT',
      body: { fields: [{ ...fields[0], name: 'query' }, fields[1]] },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.json?.uncommittedChanges).toBe(true);

    const old = await api(`/${id}/items/${itemIds[0]}?version=${v1}`, reader);
    expect(old.json?.turns?.[0]?.fields?.question?.text).toBe('Where is my parcel?');
    const draft = await api(`/${id}/items/${itemIds[0]}`, reader);
    expect(draft.json?.turns?.[0]?.fields).toEqual({ query: text('Where is my order?') });
    expect((await api(`/${id}/items?version=${v1}`, reader)).json?.total).toBe(4);
    expect((await api(`/${id}/items/${itemIds[1]}`, reader)).status).toBe(404);

    const diff = await api(`/${id}/diff?from=${v1}&to=draft`, reader);
    expect(diff.status).toBe(200);
    expect(list<{ id: string }>(diff.json?.removed).map((i) => i.id)).toEqual([itemIds[1]]);
    expect(diff.json?.changed?.[0]?.before?.turns?.[0]?.fields?.question?.text).toBe('Where is my parcel?');
    expect(diff.json?.changed?.[0]?.after?.turns?.[0]?.fields?.query?.text).toBe('Where is my order?');
    expect((diff.json as unknown as VersionDiff).fields.changed[0]?.after.name).toBe('query');

    const v2 = await api(`/${id}/versions`, writer, { body: { version: 'v2' } });
    const versions = await api(`/${id}/versions?limit=1`, reader);
    expect(list<{ version: string }>(versions.json?.items).map((v) => v.version)).toEqual(['v2']);
    expect(versions.json?.total).toBe(2);
    expect((await api(`/${id}/versions/${v2.json?.id as string}`, reader)).json?.itemCount).toBe(3);
    expect((await api(`/${id}`, reader)).json?.latestVersion?.version).toBe('v2');
  });

  it('does not let a read-only key change anything', async () => {
    const calls: [string, string, unknown][] = [
      ['POST', '/', { name: 'ro', fields: [] }],
      ['PATCH', `/${id}`, { name: 'x' }],
      ['DELETE', `/${id}`, undefined],
      ['PUT', `/${id}/schema`, { fields: [] }],
      ['POST', `/${id}/items`, { items: [{ turns: [] }] }],
      ['PUT', `/${id}/items/${itemIds[0]}`, { turns: [] }],
      ['DELETE', `/${id}/items`, { itemIds: [itemIds[0]] }],
      ['POST', `/${id}/versions`, { version: 'ro' }],
    ];
    for (const [method, path, body] of calls)
      expect(
        (await api(path, reader, { method, ...(body === undefined ? {} : { body }) })).status,
        `${method} ${path}`,
      ).toBe(403);
    expect((await api(`/${id}`, reader)).json?.name).toBe('support-qa');
  });

  it("answers 404 for another workspace's dataset through every route", async () => {
    const calls: [string, string, unknown][] = [
      ['GET', `/${id}`, undefined],
      ['PATCH', `/${id}`, { name: 'stolen' }],
      ['PUT', `/${id}/schema`, { fields: [], confirmDelete: true }],
      ['GET', `/${id}/items`, undefined],
      ['GET', `/${id}/items?version=${v1}`, undefined],
      ['POST', `/${id}/items`, { items: [{ turns: [{ fields: { question: text('x') } }] }] }],
      ['GET', `/${id}/items/${itemIds[0]}`, undefined],
      ['GET', `/${id}/items/${itemIds[0]}?version=${v1}`, undefined],
      ['PUT', `/${id}/items/${itemIds[0]}`, { turns: [{ fields: { question: text('x') } }] }],
      ['DELETE', `/${id}/items`, { itemIds: [itemIds[0]] }],
      ['GET', `/${id}/items/${itemIds[0]}/value?field=question&version=${v1}`, undefined],
      ['POST', `/${id}/versions`, { version: 'stolen' }],
      ['GET', `/${id}/versions`, undefined],
      ['GET', `/${id}/versions/${v1}`, undefined],
      ['GET', `/${id}/diff?from=${v1}`, undefined],
      ['DELETE', `/${id}`, undefined],
    ];
    for (const [method, path, body] of calls) {
      const res = await api(path, stranger, { method, ...(body === undefined ? {} : { body }) });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.json?.error?.code).toBe('not_found');
    }
    expect((await api('/', stranger)).json?.total).toBe(0);
    expect((await api(`/${id}`, reader)).json?.name).toBe('support-qa');
    expect((await api(`/${id}/items?version=${v1}`, reader)).json?.total).toBe(4);
  });

  it('deletes a dataset: its name is free again and its versions stay readable', async () => {
    expect((await api(`/${id}`, writer, { method: 'DELETE' })).status).toBe(204);
    expect((await api(`/${id}`, reader)).status).toBe(404);
    expect((await api(`/${id}/items?version=${v1}`, reader)).json?.total).toBe(4);
    expect((await api('/', writer, { body: { name: 'support-qa' } })).status).toBe(201);
    expect((await api('/abc', reader)).status).toBe(400);
  });
});
