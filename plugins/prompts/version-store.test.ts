import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../../core/access/workspaces';
import type { TestDatabase } from '../../core/metadata/contract';
import { migrateMetadata } from '../../core/metadata/migrate';
import { createTestDatabase } from '../../core/metadata/pg-test-database';
import { openPgliteStore } from '../../core/metadata/pglite';
import type { MetadataStore } from '../../core/metadata/types';
import { coreMetadataMigrations } from '../../schemas/postgres/core-migrations';
import { setLabel } from './label-store';
import { promptMigrations } from './migrations';
import { createPrompt, listPrompts } from './prompt-store';
import { PromptTemplate } from './template-schema';
import { commitVersion, deleteVersion, listVersions } from './version-store';

const url = process.env.SPANLOOP_TEST_POSTGRES_URL;
const template = (i: number) => PromptTemplate.parse({ messages: [{ role: 'user', content: `v${i}` }] });

/** Races on one prompt's versions, run on every metadata engine: nothing committed may be lost. */
function versionRaces(engine: string, open: () => Promise<TestDatabase>) {
  describe(`prompt versions under concurrency on ${engine}`, () => {
    let db: TestDatabase;
    let store: MetadataStore;
    let n = 0;
    const newPrompt = async () => {
      const key = `race-${++n}`;
      await createPrompt(store, {
        workspaceId: 'ws-race',
        key,
        name: key,
        description: '',
        createdBy: 'test',
      });
      return key;
    };
    beforeAll(async () => {
      db = await open();
      store = await db.open();
      await migrateMetadata(store, coreMetadataMigrations);
      await migrateMetadata(store, { owner: 'prompts', migrations: promptMigrations });
      await createWorkspace(store, { id: 'ws-race', name: 'ws-race' });
    });
    afterAll(async () => {
      await store.close();
      await db.dispose();
    });

    it('gives 30 concurrent auto-versioned commits 30 distinct versions in commit order', async () => {
      const key = await newPrompt();
      const commits = await Promise.allSettled(
        Array.from({ length: 30 }, (_, i) =>
          commitVersion(store, {
            workspaceId: 'ws-race',
            key,
            template: template(i),
            commitMessage: `c${i}`,
            author: 'test',
          }),
        ),
      );
      expect(commits.filter((c) => c.status === 'rejected')).toEqual([]);
      const versions = await listVersions(
        store,
        (await store.query('SELECT id FROM prompts WHERE key = $1', [key]))[0]?.id as number,
        {
          includeDeleted: true,
          limit: 100,
        },
      );
      expect(versions).toHaveLength(30);
      expect(versions.map((v) => v.version).reverse()).toEqual(
        Array.from({ length: 30 }, (_, i) => `1.0.${i}`),
      );
      expect(new Set(versions.map((v) => v.commitMessage)).size).toBe(30);
    });

    it('lets exactly one of several commits naming the same version win; the rest are 409s', async () => {
      const key = await newPrompt();
      const commits = await Promise.allSettled(
        Array.from({ length: 8 }, (_, i) =>
          commitVersion(store, {
            workspaceId: 'ws-race',
            key,
            version: '2.0.0',
            template: template(i),
            commitMessage: '',
            author: 'test',
          }),
        ),
      );
      expect(commits.filter((c) => c.status === 'fulfilled')).toHaveLength(1);
      for (const c of commits)
        if (c.status === 'rejected') expect(c.reason).toMatchObject({ kind: 'conflict' });
    });

    it('lists prompts with their latest live version, version count and labels', async () => {
      const key = await newPrompt();
      for (const i of [0, 1, 2])
        await commitVersion(store, {
          workspaceId: 'ws-race',
          key,
          template: template(i),
          commitMessage: '',
          author: 't',
        });
      await setLabel(store, { workspaceId: 'ws-race', key, label: 'production', version: '1.0.1', by: 't' });
      await deleteVersion(store, 'ws-race', key, '1.0.2');
      const [item] = await listPrompts(store, 'ws-race', { search: key.toUpperCase(), limit: 5 });
      expect(item).toMatchObject({
        key,
        latestVersion: '1.0.1',
        versionCount: 2,
        labels: { production: '1.0.1' },
      });
      expect(await listPrompts(store, 'ws-race', { search: key, afterKey: key, limit: 5 })).toEqual([]);
    });

    it('never leaves a label on a deleted version when a label move and a delete race', async () => {
      const key = await newPrompt();
      for (const i of [0, 1])
        await commitVersion(store, {
          workspaceId: 'ws-race',
          key,
          template: template(i),
          commitMessage: '',
          author: 't',
        });
      for (let round = 0; round < 5; round++) {
        const version = round % 2 === 0 ? '1.0.0' : '1.0.1';
        await Promise.allSettled([
          setLabel(store, { workspaceId: 'ws-race', key, label: `l${round}`, version, by: 't' }),
          deleteVersion(store, 'ws-race', key, version),
        ]);
      }
      const dangling = await store.query(
        `SELECT l.label FROM prompt_labels l JOIN prompt_versions v ON v.prompt_id = l.prompt_id AND v.version = l.version
         JOIN prompts p ON p.id = l.prompt_id WHERE p.key = $1 AND v.deleted_at IS NOT NULL`,
        [key],
      );
      expect(dangling).toEqual([]);
    });
  });
}

versionRaces('PGlite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spanloop-prompt-races-'));
  return Promise.resolve({
    open: () => openPgliteStore({ path: join(dir, 'postgres') }),
    dispose: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  });
});

// PGlite runs one transaction at a time, so only PostgreSQL proves the row lock: CI must never skip it.
if (!url && process.env.CI) {
  describe('prompt versions under concurrency on PostgreSQL', () => {
    it('has a server in CI', () => expect(url, 'SPANLOOP_TEST_POSTGRES_URL is unset').toBeDefined());
  });
}
if (url) versionRaces('PostgreSQL', () => createTestDatabase(url));
else
  describe.skip('prompt versions under concurrency on PostgreSQL (skipped: set SPANLOOP_TEST_POSTGRES_URL)', () => {
    it('races commits on a server', () => undefined);
  });
