import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bodyOf,
  chatTemplate,
  openPromptsTestbed,
  type ManageAnswer,
  type PromptsTestbed,
} from './prompts-test-kit';

let t: PromptsTestbed;
beforeAll(async () => {
  t = await openPromptsTestbed();
});
afterAll(() => t.close());

const json = (res: Response) => bodyOf<ManageAnswer>(res);
let n = 0;
const newKey = () => `prompt-${++n}`;

async function createWithVersions(key: string, versions: number) {
  expect((await t.call('/api/v1/prompts', { body: { key, name: 'Travel agent' } })).status).toBe(201);
  for (let i = 0; i < versions; i++) {
    const res = await t.call(`/api/v1/prompts/${key}/versions`, {
      body: { template: chatTemplate({ metadata: { i: String(i) } }), commitMessage: `commit ${i}` },
    });
    expect(res.status).toBe(201);
  }
}

describe('prompts: CRUD, drafts, versions and labels', () => {
  it('creates a prompt with a draft, commits the draft as 1.0.0, then auto-increments', async () => {
    const key = newKey();
    const created = await t.call('/api/v1/prompts', {
      body: { key, description: 'plans trips', template: chatTemplate() },
    });
    expect(created.status).toBe(201);
    const body = await json(created);
    expect(body.prompt).toMatchObject({ key, name: key, description: 'plans trips' });
    expect(typeof body.prompt.id).toBe('string');
    expect(body.draft.baseVersion).toBeNull();

    const first = await json(
      await t.call(`/api/v1/prompts/${key}/versions`, { body: { commitMessage: 'first' } }),
    );
    expect(first.version).toMatchObject({
      version: '1.0.0',
      commitMessage: 'first',
    });
    expect(first.version.author).toMatch(/^key:/);
    expect(first.version.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await json(await t.call(`/api/v1/prompts/${key}/draft`))).draft.baseVersion).toBe('1.0.0');

    const second = await json(
      await t.call(`/api/v1/prompts/${key}/versions`, {
        body: { template: chatTemplate(), commitMessage: 'same content' },
      }),
    );
    expect(second.version.version).toBe('1.0.1');
    expect(second.version.contentHash).toBe(first.version.contentHash);
    const chosen = await t.call(`/api/v1/prompts/${key}/versions`, {
      body: { version: '2.0.0', template: chatTemplate() },
    });
    expect(chosen.status).toBe(201);
    const next = await json(
      await t.call(`/api/v1/prompts/${key}/versions`, { body: { template: chatTemplate() } }),
    );
    expect(next.version.version).toBe('2.0.1');

    const list = await json(await t.call(`/api/v1/prompts/${key}/versions`));
    expect(list.versions.map((v: { version: string }) => v.version)).toEqual([
      '2.0.1',
      '2.0.0',
      '1.0.1',
      '1.0.0',
    ]);
  });

  it('refuses a duplicate key, a duplicate version and a bad key, each naming the problem', async () => {
    const key = newKey();
    await createWithVersions(key, 1);
    const dup = await t.call('/api/v1/prompts', { body: { key } });
    expect(dup.status).toBe(409);
    expect((await json(dup)).error.message).toContain(`"${key}" already exists`);
    const again = await t.call(`/api/v1/prompts/${key}/versions`, {
      body: { version: '1.0.0', template: chatTemplate() },
    });
    expect(again.status).toBe(409);
    expect((await json(again)).error.message).toBe(
      `version 1.0.0 of "${key}" already exists; versions are immutable`,
    );
    const badKey = await t.call('/api/v1/prompts', { body: { key: 'has space' } });
    expect(badKey.status).toBe(400);
    expect((await json(badKey)).error.message).toMatch(/^key: /);
  });

  it('keeps one draft per caller', async () => {
    const key = newKey();
    await createWithVersions(key, 0);
    const mine = chatTemplate({ metadata: { who: 'writer' } });
    const theirs = chatTemplate({ metadata: { who: 'writer2' } });
    expect(
      (await t.call(`/api/v1/prompts/${key}/draft`, { method: 'PUT', body: { template: mine } })).status,
    ).toBe(200);
    expect(
      (
        await t.call(`/api/v1/prompts/${key}/draft`, {
          method: 'PUT',
          body: { template: theirs },
          key: t.keys.writer2,
        })
      ).status,
    ).toBe(200);
    expect((await json(await t.call(`/api/v1/prompts/${key}/draft`))).draft.template.metadata).toEqual({
      who: 'writer',
    });
    expect(
      (await json(await t.call(`/api/v1/prompts/${key}/draft`, { key: t.keys.writer2 }))).draft.template
        .metadata,
    ).toEqual({ who: 'writer2' });
  });

  it('moves labels, and refuses to delete a labelled version (a label never points at nothing)', async () => {
    const key = newKey();
    await createWithVersions(key, 2);
    const set = await t.call(`/api/v1/prompts/${key}/labels/production`, {
      method: 'PUT',
      body: { version: '1.0.0' },
    });
    expect(set.status).toBe(200);
    const refused = await t.call(`/api/v1/prompts/${key}/versions/1.0.0`, { method: 'DELETE' });
    expect(refused.status).toBe(409);
    expect((await json(refused)).error.message).toContain(
      'is labelled production; move or remove those labels first',
    );
    expect((await json(await t.call(`/api/v1/prompts/${key}?label=production`))).version.version).toBe(
      '1.0.0',
    );

    await t.call(`/api/v1/prompts/${key}/labels/production`, { method: 'PUT', body: { version: '1.0.1' } });
    expect((await t.call(`/api/v1/prompts/${key}/versions/1.0.0`, { method: 'DELETE' })).status).toBe(204);
    const gone = await t.call(`/api/v1/prompts/${key}?version=1.0.0`);
    expect(gone.status).toBe(404);
    expect((await json(gone)).error.message).toBe(`version 1.0.0 of "${key}" was deleted`);
    const onto = await t.call(`/api/v1/prompts/${key}/labels/beta`, {
      method: 'PUT',
      body: { version: '1.0.0' },
    });
    expect(onto.status).toBe(404);
    const reuse = await t.call(`/api/v1/prompts/${key}/versions`, {
      body: { version: '1.0.0', template: chatTemplate() },
    });
    expect(reuse.status).toBe(409);
    expect((await json(reuse)).error.message).toContain('was deleted; version names are never reused');
    expect(
      (await t.call(`/api/v1/prompts/${key}/labels/latest`, { method: 'PUT', body: { version: '1.0.1' } }))
        .status,
    ).toBe(400);
    const labels = await json(await t.call(`/api/v1/prompts/${key}/labels`));
    expect(labels.labels).toEqual([expect.objectContaining({ label: 'production', version: '1.0.1' })]);
    const missing = await t.call(`/api/v1/prompts/${key}?label=beta`);
    expect(missing.status).toBe(404);
    expect((await json(missing)).error.message).toBe(`prompt "${key}" has no label beta`);
  });

  it('diffs two versions per field and as a unified patch', async () => {
    const key = newKey();
    await createWithVersions(key, 1);
    const changed = chatTemplate({ metadata: { i: '0' } });
    (changed.messages as { content: string }[])[1] = {
      role: 'user',
      content: 'Plan {{days}} days in {{city}}, cheaply.',
    } as never;
    await t.call(`/api/v1/prompts/${key}/versions`, { body: { template: changed } });
    const diff = await json(await t.call(`/api/v1/prompts/${key}/versions/1.0.0/diff/1.0.1`));
    expect(diff).toMatchObject({ from: '1.0.0', to: '1.0.1', identical: false, changed: ['messages'] });
    expect(diff.patch).toContain('-Plan {{days}} days in {{city}}.');
    expect(diff.patch).toContain('+Plan {{days}} days in {{city}}, cheaply.');
    const same = await json(await t.call(`/api/v1/prompts/${key}/versions/1.0.0/diff/1.0.0`));
    expect(same).toMatchObject({ identical: true, changed: [] });
  });

  it('never loses a version when many commits of one prompt race', async () => {
    const key = newKey();
    await createWithVersions(key, 0);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.call(`/api/v1/prompts/${key}/versions`, {
          body: { template: chatTemplate({ metadata: { i: String(i) } }) },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    const versions = (await json(await t.call(`/api/v1/prompts/${key}/versions`))).versions as {
      version: string;
    }[];
    expect(versions).toHaveLength(12);
    expect(new Set(versions.map((v) => v.version)).size).toBe(12);
    const named = await Promise.all(
      [0, 1, 2].map(() =>
        t.call(`/api/v1/prompts/${key}/versions`, { body: { version: '9.9.9', template: chatTemplate() } }),
      ),
    );
    expect(named.map((r) => r.status).sort()).toEqual([201, 409, 409]);
  });

  it('accepts a template of 1,000,000 bytes and refuses one over 1 MiB with a 413 naming the limit', async () => {
    const key = newKey();
    await createWithVersions(key, 0);
    const big = (chars: number) =>
      chatTemplate({ messages: [{ role: 'system', content: 'x'.repeat(chars) }], variables: [] });
    const ok = await t.call(`/api/v1/prompts/${key}/versions`, { body: { template: big(1_000_000) } });
    expect(ok.status).toBe(201);
    const fetched = await json(await t.call(`/api/v1/prompts/${key}`));
    expect(fetched.version.template.messages[0]?.content).toHaveLength(1_000_000);
    const tooBig = await t.call(`/api/v1/prompts/${key}/versions`, { body: { template: big(1_100_000) } });
    expect(tooBig.status).toBe(413);
    expect((await json(tooBig)).error.message).toMatch(
      /^the prompt template is \d+ bytes as JSON; the limit is 1048576 bytes/,
    );
    const hugeBody = await t.call(`/api/v1/prompts/${key}/versions`, { body: { template: big(5_000_000) } });
    expect(hugeBody.status).toBe(413);
    expect((await json(await t.call(`/api/v1/prompts/${key}/versions`))).versions).toHaveLength(1);
  });

  it('keeps workspaces apart and needs the write scope for changes', async () => {
    const key = newKey();
    await createWithVersions(key, 1);
    expect((await t.call(`/api/v1/prompts/${key}`, { key: t.keys.otherWorkspace })).status).toBe(404);
    expect((await t.call('/api/v1/prompts', { body: { key }, key: t.keys.otherWorkspace })).status).toBe(201);
    expect((await t.call(`/api/v1/prompts/${key}`, { key: t.keys.reader })).status).toBe(200);
    const denied = await t.call(`/api/v1/prompts/${key}/versions`, {
      body: { template: chatTemplate() },
      key: t.keys.reader,
    });
    expect(denied.status).toBe(403);
    const listed = await json(await t.call(`/api/v1/prompts?search=${key}`));
    expect(listed.prompts.map((p: { key: string }) => p.key)).toContain(key);
  });

  it('frees a deleted prompt key for a new prompt', async () => {
    const key = newKey();
    await createWithVersions(key, 1);
    expect((await t.call(`/api/v1/prompts/${key}`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.call(`/api/v1/prompts/${key}`)).status).toBe(404);
    expect((await t.call('/api/v1/prompts', { body: { key } })).status).toBe(201);
    expect((await t.call(`/api/v1/prompts/${key}`)).status).toBe(404);
  });
});
