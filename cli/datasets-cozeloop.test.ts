import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyHeaders, newWorkspace, type Headers } from './access-test-kit';
import { openPromptsInstance, type Method, type PromptsInstance } from './prompts-instance-kit';

// Cozeloop's evaluation-set OpenAPI (/v1/loop/evaluation/evaluation_sets*) as scripts call it, over real HTTP on a
// running Spanloop: every answer is checked against the OpenAPI document the instance serves, and the shapes
// against Cozeloop's IDL (field names, lower-case enums, int64s as text, paging tokens, the error envelope).
let i: PromptsInstance;
let reader: Headers;
let other: { id: string; writer: Headers };
const BASE = '/v1/loop/evaluation/evaluation_sets';

interface Loop {
  code: number;
  msg: string;
  data?: Record<string, unknown>;
  field_data?: { name: string; content: Record<string, unknown> };
}

const call = async (method: Method, path: string, url: string, body?: unknown, headers?: Headers) => {
  const a = await i.call(method, `${BASE}${path}`, `${BASE}${url}`, body, headers);
  return { status: a.status, body: a.body as Loop };
};
const ws = () => i.team.id;
const q = (extra = '') => `?workspace_id=${ws()}${extra}`;
const text = (t: string) => ({ content_type: 'text', text: t });
const item = (key: string, input: string | undefined, output: string) => ({
  item_key: key,
  turns: [
    {
      field_datas: [
        ...(input === undefined ? [] : [{ name: 'input', content: text(input) }]),
        { name: 'reference_output', content: text(output) },
      ],
    },
  ],
});

const DIGITS = /^\d+$/;
let setId = '';

beforeAll(async () => {
  i = await openPromptsInstance('coze-sets');
  reader = await keyHeaders(i.spanloop, ws(), ['read'], 'reader');
  const team = await newWorkspace(i.spanloop, 'coze-sets-other');
  other = { id: team.id, writer: await keyHeaders(i.spanloop, team.id, ['read', 'write'], 'other') };
}, 120_000);
afterAll(() => i.stop());

describe('Cozeloop evaluation sets', () => {
  it('creates a set with its schema and answers it in Cozeloop’s shape', async () => {
    const created = await call('post', '', '', {
      workspace_id: ws(),
      name: 'support-qa',
      description: 'questions from support',
      evaluation_set_schema: {
        field_schemas: [
          { name: 'input', content_type: 'text', is_required: true, default_display_format: 'markdown' },
          { name: 'reference_output', content_type: 'text', schema_key: 'string' },
          { name: 'score', content_type: 'text', schema_key: 'float' },
          { name: 'meta', content_type: 'text', text_schema: '{"type":"object"}' },
        ],
      },
      tags: [{ tag_name: 'support' }],
    });
    expect(created).toMatchObject({ status: 200, body: { code: 0, msg: '' } });
    setId = String(created.body.data?.evaluation_set_id);
    expect(setId).toMatch(DIGITS);

    const got = await call('get', '/{evaluation_set_id}', `/${setId}${q()}`);
    const set = got.body.data?.evaluation_set as Record<string, unknown>;
    expect(set).toMatchObject({
      id: setId,
      name: 'support-qa',
      description: 'questions from support',
      status: 'active',
      item_count: '0',
      latest_version: '',
      type: 'default',
      tags: [{ tag_name: 'support' }],
      base_info: {
        created_by: { user_id: expect.stringMatching(/^key:/) as string },
        created_at: expect.stringMatching(DIGITS) as string,
      },
    });
    const fields = (
      set.current_version as { evaluation_set_schema: { field_schemas: Record<string, unknown>[] } }
    ).evaluation_set_schema.field_schemas;
    expect(fields.map((f) => [f.name, f.schema_key, f.content_type])).toEqual([
      ['input', 'string', 'text'],
      ['reference_output', 'string', 'text'],
      ['score', 'float', 'text'],
      ['meta', undefined, 'text'],
    ]);
    expect(fields[0]).toMatchObject({ is_required: true, default_display_format: 'markdown', locked: false });
    expect(fields[3]).toMatchObject({ text_schema: '{"type":"object"}' });
    for (const f of fields) expect(f.key).toEqual(expect.any(String));

    const taken = await call('post', '', '', { workspace_id: ws(), name: 'support-qa' });
    expect(taken).toMatchObject({ status: 200, body: { code: 600500409 } });
    const templated = await call('post', '', '', { workspace_id: ws(), name: 'x', template_dataset_id: '1' });
    expect(templated.body).toMatchObject({
      code: 600500400,
      msg: expect.stringMatching(/templates/) as string,
    });
  });

  it('writes items all or nothing, skips invalid ones when asked and upserts by item_key', async () => {
    const refused = await call('post', '/{evaluation_set_id}/items', `/${setId}/items`, {
      workspace_id: ws(),
      items: [item('q1', 'Where is my order?', 'It ships today.'), item('q2', undefined, 'no input')],
    });
    expect(refused.body.code).toBe(0);
    expect(refused.body.data).toMatchObject({
      itemOutputs: [],
      errors: [{ error_code: 7, error_count: 1, details: [{ index: 1 }] }],
    });
    const skipped = await call('post', '/{evaluation_set_id}/items', `/${setId}/items`, {
      workspace_id: ws(),
      items: [
        item('q1', 'Where is my order?', 'It ships today.'),
        item('q2', undefined, 'no input'),
        item('q3', 'Can I get a refund?', 'Yes, within 30 days.'),
      ],
      is_skip_invalid_items: true,
      field_write_options: [
        { fieldName: 'input', multi_modal_store_opt: { multi_modal_store_strategy: 'passthrough' } },
      ],
    });
    const data = skipped.body.data as { itemOutputs: Record<string, unknown>[]; errors: unknown[] };
    expect(data.itemOutputs).toEqual([
      { item_index: 0, item_key: 'q1', item_id: expect.stringMatching(DIGITS) as string, is_new_item: true },
      { item_index: 2, item_key: 'q3', item_id: expect.stringMatching(DIGITS) as string, is_new_item: true },
    ]);
    expect(data.errors).toEqual([
      {
        error_code: 7,
        error_message: expect.any(String) as string,
        error_count: 1,
        details: [expect.objectContaining({ index: 1 })],
      },
    ]);
    const again = await call('post', '/{evaluation_set_id}/items', `/${setId}/items`, {
      workspace_id: ws(),
      items: [item('q1', 'Where is my order now?', 'It ships today.')],
    });
    expect(again.body.data).toMatchObject({
      itemOutputs: [{ item_key: 'q1', is_new_item: false }],
      errors: [],
    });
    const unknown = await call('post', '/{evaluation_set_id}/items', `/${setId}/items`, {
      workspace_id: ws(),
      items: [
        {
          turns: [
            {
              field_datas: [
                { name: 'input', content: text('x') },
                { name: 'typo', content: text('y') },
              ],
            },
          ],
        },
      ],
    });
    expect(unknown.body.data).toMatchObject({ itemOutputs: [], errors: [{ error_code: 1 }] });
    const tooMany = await call('post', '/{evaluation_set_id}/items', `/${setId}/items`, {
      workspace_id: ws(),
      items: Array.from({ length: 101 }, (_, n) => item(`k${n}`, 'a', 'b')),
    });
    expect(tooMany.body.code).toBe(600500400);
  });

  it('lists the draft’s items page by page with Cozeloop’s tokens; a set’s item_count is the draft’s', async () => {
    const first = await call('get', '/{evaluation_set_id}/items', `/${setId}/items${q('&page_size=1')}`);
    const page = first.body.data as {
      items: Record<string, unknown>[];
      has_more: boolean;
      next_page_token: string;
      total: string;
    };
    expect(page).toMatchObject({ has_more: true, total: '2', next_page_token: expect.any(String) as string });
    expect(page.items[0]).toMatchObject({
      id: expect.stringMatching(DIGITS) as string,
      item_key: expect.stringMatching(/^q[13]$/) as string,
      turns: [
        {
          id: expect.stringMatching(DIGITS) as string,
          field_datas: [{ name: 'input' }, { name: 'reference_output' }],
        },
      ],
    });
    const second = await call(
      'get',
      '/{evaluation_set_id}/items',
      `/${setId}/items${q(`&page_size=1&page_token=${encodeURIComponent(page.next_page_token)}`)}`,
    );
    const rest = second.body.data as { items: { item_key: string }[]; has_more: boolean };
    expect(rest.has_more).toBe(false);
    expect(rest.items.map((x) => x.item_key)).not.toContain(page.items[0]?.item_key);
    const set = await call('get', '/{evaluation_set_id}', `/${setId}${q()}`);
    expect(set.body.data?.evaluation_set).toMatchObject({ item_count: '2', is_change_uncommitted: true });
    const big = await call('get', '/{evaluation_set_id}/items', `/${setId}/items${q('&page_size=201')}`);
    expect(big.body.code).toBe(600500400);
  });

  it('commits versions that keep their items and schema while the draft changes', async () => {
    const v1 = await call('post', '/{evaluation_set_id}/versions', `/${setId}/versions`, {
      workspace_id: ws(),
      version: 'v1.0.0',
      description: 'first',
    });
    const versionId = String(v1.body.data?.version_id);
    expect(versionId).toMatch(DIGITS);
    const dup = await call('post', '/{evaluation_set_id}/versions', `/${setId}/versions`, {
      workspace_id: ws(),
      version: 'v1.0.0',
    });
    expect(dup.body.code).toBe(600500409);

    const items = (await call('get', '/{evaluation_set_id}/items', `/${setId}/items${q()}`)).body.data as {
      items: { id: string; item_key: string; turns: { id: string }[] }[];
    };
    const q1 = items.items.find((x) => x.item_key === 'q1');
    const q3 = items.items.find((x) => x.item_key === 'q3');
    const updated = await call('put', '/{evaluation_set_id}/items', `/${setId}/items`, {
      workspace_id: ws(),
      items: [{ id: q1?.id, ...item('q1', 'Where is order 7?', 'Shipped.') }],
    });
    expect(updated.body.data).toMatchObject({ itemOutputs: [{ item_id: q1?.id, is_new_item: false }] });
    expect(
      (
        await call('delete', '/{evaluation_set_id}/items', `/${setId}/items`, {
          workspace_id: ws(),
          item_ids: [q3?.id],
        })
      ).body,
    ).toEqual({ code: 0, msg: '' });
    const schema = await call('put', '/{evaluation_set_id}/schema', `/${setId}/schema`, {
      workspace_id: ws(),
      fields: [
        { key: (await fieldKeys())[0], name: 'input', content_type: 'text', is_required: true },
        { name: 'notes' },
      ],
    });
    expect(schema.body).toEqual({ code: 0, msg: '' });

    const draft = (await call('get', '/{evaluation_set_id}', `/${setId}${q()}`)).body.data
      ?.evaluation_set as {
      item_count: string;
      latest_version: string;
      is_change_uncommitted: boolean;
      current_version: { evaluation_set_schema: { field_schemas: { name: string }[] } };
    };
    expect(draft).toMatchObject({ item_count: '1', latest_version: 'v1.0.0', is_change_uncommitted: true });
    expect(draft.current_version.evaluation_set_schema.field_schemas.map((f) => f.name)).toEqual([
      'input',
      'notes',
    ]);

    const frozen = (
      await call('get', '/{evaluation_set_id}/items', `/${setId}/items${q(`&version_id=${versionId}`)}`)
    ).body.data as {
      items: { item_key: string; turns: { field_datas: { name: string; content: { text: string } }[] }[] }[];
      total: string;
    };
    expect(frozen.total).toBe('2');
    const oldQ1 = frozen.items.find((x) => x.item_key === 'q1');
    expect(oldQ1?.turns[0]?.field_datas).toEqual([
      { name: 'input', content: text('Where is my order now?') },
      { name: 'reference_output', content: text('It ships today.') },
    ]);

    const versions = await call('get', '/{evaluation_set_id}/versions', `/${setId}/versions${q()}`);
    expect(versions.body.data).toMatchObject({
      total: '1',
      versions: [
        {
          id: versionId,
          version: 'v1.0.0',
          description: 'first',
          item_count: '2',
          evaluation_set_schema: {
            field_schemas: [
              { name: 'input' },
              { name: 'reference_output' },
              { name: 'score' },
              { name: 'meta' },
            ],
          },
        },
      ],
    });
    const one = await call(
      'get',
      '/{evaluation_set_id}/versions/{version_id}',
      `/${setId}/versions/${versionId}${q()}`,
    );
    expect(one.body.data?.version).toMatchObject({ id: versionId, version: 'v1.0.0' });
    const like = await call(
      'get',
      '/{evaluation_set_id}/versions',
      `/${setId}/versions${q('&version_like=v2')}`,
    );
    expect(like.body.data).toMatchObject({ total: '0', versions: [] });

    const field = await call(
      'get',
      '/{evaluation_set_id}/items/{item_id}/field',
      `/${setId}/items/${q1?.id}/field${q(`&field_name=reference_output&version_id=${versionId}`)}`,
    );
    expect(field.body).toEqual({
      code: 0,
      msg: '',
      field_data: { name: 'reference_output', content: text('It ships today.') },
    });
    const draftField = await call(
      'get',
      '/{evaluation_set_id}/items/{item_id}/field',
      `/${setId}/items/${q1?.id}/field${q('&field_name=input')}`,
    );
    expect(draftField.body.field_data).toEqual({ name: 'input', content: text('Where is order 7?') });
  });

  it('lists, renames and deletes sets; pages carry has_more, next_page_token and total as text', async () => {
    for (const name of ['alpha-set', 'beta-set'])
      expect((await call('post', '', '', { workspace_id: ws(), name })).body.code).toBe(0);
    const page = (await call('get', '', q('&page_size=2'))).body.data as {
      sets: { id: string; name: string }[];
      has_more: boolean;
      next_page_token: string;
      total: string;
    };
    expect(page).toMatchObject({ has_more: true, total: '3' });
    const next = (
      await call('get', '', q(`&page_size=2&page_token=${encodeURIComponent(page.next_page_token)}`))
    ).body.data as { sets: { id: string; name: string }[]; has_more: boolean };
    expect(next.has_more).toBe(false);
    expect(next.sets).toHaveLength(1);
    const byName = (await call('get', '', q('&name=ALPHA'))).body.data as { sets: { name: string }[] };
    expect(byName.sets.map((s) => s.name)).toEqual(['alpha-set']);
    const byIds = (await call('get', '', q(`&evaluation_set_ids=${setId}`))).body.data as {
      sets: { id: string }[];
      total: string;
    };
    expect(byIds).toMatchObject({ total: '1', sets: [{ id: setId }] });
    const alpha = page.sets.concat(next.sets).find((s) => s.name === 'alpha-set') ?? { id: '0', name: '' };
    expect(
      (await call('put', '/{evaluation_set_id}', `/${alpha.id}`, { workspace_id: ws(), name: 'gamma-set' }))
        .body,
    ).toEqual({
      code: 0,
      msg: '',
      data: {},
    });
    expect((await call('delete', '/{evaluation_set_id}', `/${alpha.id}${q()}`)).body.code).toBe(0);
    expect((await call('get', '/{evaluation_set_id}', `/${alpha.id}${q()}`)).body.code).toBe(600500404);
  });

  it('imports an uploaded CSV into the draft and reports the job as dataset_job.thrift does', async () => {
    const key = `imports-qa-${Date.now()}.csv`;
    const form = new FormData();
    form.append('file', new Blob(['question,answer\n"Is it open?","Yes"\n"Is it free?","No"\n']), key);
    form.append('workspace_id', ws());
    const up = await fetch(`${i.spanloop.api}/v1/loop/files/upload`, {
      method: 'POST',
      headers: i.writer,
      body: form,
    });
    expect(((await up.json()) as { code: number }).code).toBe(0);
    const made = await call('post', '', '', {
      workspace_id: ws(),
      name: 'imported-qa',
      evaluation_set_schema: {
        field_schemas: [
          { name: 'input', content_type: 'text' },
          { name: 'reference_output', content_type: 'text' },
        ],
      },
    });
    const importSet = String(made.body.data?.evaluation_set_id);
    const started = await call('post', '/{evaluation_set_id}/import', `/${importSet}/import`, {
      workspace_id: ws(),
      file: { provider: 5, path: key, format: 3 },
      field_mappings: [
        { source: 'question', target: 'input' },
        { source: 'answer', target: 'reference_output' },
      ],
      option: { overwrite_dataset: false },
    });
    expect(started.body, JSON.stringify(started.body)).toMatchObject({ code: 0 });
    const jobId = String(started.body.data?.job_id);
    expect(jobId).toMatch(DIGITS);
    let job: Record<string, unknown> | undefined;
    for (let n = 0; n < 120; n += 1) {
      job = (await call('get', '/io_job/{job_id}', `/io_job/${jobId}${q()}`)).body.data?.job as
        Record<string, unknown> | undefined;
      if (job?.status === 3 || job?.status === 4) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(job).toMatchObject({
      id: jobId,
      dataset_id: importSet,
      job_type: 1,
      status: 3,
      progress: { processed: '2', added: '2' },
      errors: [],
      created_at: expect.stringMatching(DIGITS) as string,
    });
    const foreign = await call(
      'get',
      '/io_job/{job_id}',
      `/io_job/${jobId}?workspace_id=${other.id}`,
      undefined,
      other.writer,
    );
    expect(foreign.body.code).toBe(600500404);
    const unknown = await call('get', '/io_job/{job_id}', `/io_job/999999${q()}`);
    expect(unknown.body.code).not.toBe(0);
  });
});

/** The draft's column keys, in schema order. */
async function fieldKeys(): Promise<string[]> {
  const got = await call('get', '/{evaluation_set_id}', `/${setId}${q()}`);
  const set = got.body.data?.evaluation_set as {
    current_version: { evaluation_set_schema: { field_schemas: { key: string }[] } };
  };
  return set.current_version.evaluation_set_schema.field_schemas.map((f) => f.key);
}

describe('Cozeloop evaluation sets across workspaces and scopes', () => {
  it('hides another workspace’s set through every route', async () => {
    const ow = other.writer;
    const oq = `?workspace_id=${other.id}`;
    const missing = [
      await call('get', '/{evaluation_set_id}', `/${setId}${oq}`, undefined, ow),
      await call('put', '/{evaluation_set_id}', `/${setId}`, { workspace_id: other.id, name: 'stolen' }, ow),
      await call('delete', '/{evaluation_set_id}', `/${setId}${oq}`, undefined, ow),
      await call(
        'post',
        '/{evaluation_set_id}/versions',
        `/${setId}/versions`,
        { workspace_id: other.id, version: 'x' },
        ow,
      ),
      await call('get', '/{evaluation_set_id}/versions', `/${setId}/versions${oq}`, undefined, ow),
      await call(
        'put',
        '/{evaluation_set_id}/schema',
        `/${setId}/schema`,
        { workspace_id: other.id, fields: [] },
        ow,
      ),
      await call(
        'post',
        '/{evaluation_set_id}/items',
        `/${setId}/items`,
        { workspace_id: other.id, items: [item('z', 'a', 'b')] },
        ow,
      ),
      await call(
        'put',
        '/{evaluation_set_id}/items',
        `/${setId}/items`,
        { workspace_id: other.id, items: [{ id: '1', ...item('z', 'a', 'b') }] },
        ow,
      ),
      await call(
        'delete',
        '/{evaluation_set_id}/items',
        `/${setId}/items`,
        { workspace_id: other.id, is_delete_all: true },
        ow,
      ),
      await call('get', '/{evaluation_set_id}/items', `/${setId}/items${oq}`, undefined, ow),
      await call(
        'get',
        '/{evaluation_set_id}/items/{item_id}/field',
        `/${setId}/items/1/field${oq}&field_name=input`,
        undefined,
        ow,
      ),
      await call(
        'post',
        '/{evaluation_set_id}/import',
        `/${setId}/import`,
        {
          workspace_id: other.id,
          file: { path: 'a.csv' },
          field_mappings: [{ source: 'a', target: 'input' }],
        },
        ow,
      ),
    ];
    for (const m of missing) expect(m).toMatchObject({ status: 200, body: { code: 600500404 } });
    const listed = (await call('get', '', oq, undefined, ow)).body.data as { sets: unknown[]; total: string };
    expect(listed).toMatchObject({ sets: [], total: '0' });
    const byIds = (await call('get', '', `${oq}&evaluation_set_ids=${setId}`, undefined, ow)).body.data as {
      sets: unknown[];
    };
    expect(byIds.sets).toEqual([]);
    // Naming the other workspace with this workspace's key is refused before anything is read.
    const crossed = await call('get', '/{evaluation_set_id}', `/${setId}${oq}`);
    expect(crossed).toMatchObject({ status: 403, body: { code: 600500403 } });
    // The set is untouched.
    expect(
      (await call('get', '/{evaluation_set_id}', `/${setId}${q()}`)).body.data?.evaluation_set,
    ).toMatchObject({
      name: 'support-qa',
      item_count: '1',
    });
  });

  it('lets a reader key read but not write', async () => {
    expect((await call('get', '/{evaluation_set_id}', `/${setId}${q()}`, undefined, reader)).body.code).toBe(
      0,
    );
    expect(
      (await call('get', '/{evaluation_set_id}/items', `/${setId}/items${q()}`, undefined, reader)).body.code,
    ).toBe(0);
    const writes = [
      await call('post', '', '', { workspace_id: ws(), name: 'r' }, reader),
      await call('put', '/{evaluation_set_id}', `/${setId}`, { workspace_id: ws(), name: 'r' }, reader),
      await call('delete', '/{evaluation_set_id}', `/${setId}${q()}`, undefined, reader),
      await call(
        'post',
        '/{evaluation_set_id}/versions',
        `/${setId}/versions`,
        { workspace_id: ws(), version: 'r' },
        reader,
      ),
      await call(
        'put',
        '/{evaluation_set_id}/schema',
        `/${setId}/schema`,
        { workspace_id: ws(), fields: [] },
        reader,
      ),
      await call(
        'post',
        '/{evaluation_set_id}/items',
        `/${setId}/items`,
        { workspace_id: ws(), items: [item('r', 'a', 'b')] },
        reader,
      ),
      await call(
        'delete',
        '/{evaluation_set_id}/items',
        `/${setId}/items`,
        { workspace_id: ws(), is_delete_all: true },
        reader,
      ),
    ];
    for (const w of writes) expect(w).toMatchObject({ status: 403, body: { code: 600500403 } });
    expect(
      (await call('get', '/{evaluation_set_id}', `/${setId}${q()}`)).body.data?.evaluation_set,
    ).toMatchObject({
      name: 'support-qa',
      item_count: '1',
    });
  });
});
