import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createWorkspace } from '../core/access/workspaces';
import { createEgressPolicy } from '../core/egress/egress-policy';
import { createMemoryFileStore } from '../core/files/memory-file-store';
import { migrateMetadata } from '../core/metadata/migrate';
import { openPgliteStore } from '../core/metadata/pglite';
import type { MetadataStore } from '../core/metadata/types';
import { coreMetadataMigrations } from '../schemas/postgres/core-migrations';
import { datasetMigrations } from '../plugins/datasets/migrations';
import { createDatasetStore } from '../plugins/datasets/sql-dataset-store';
import type { FieldSchemaInput } from '../plugins/datasets/types';
import { seededRandom } from './store-data';

const WS = 'bench';
const field = (name: string): FieldSchemaInput => ({
  name,
  description: '',
  contentType: 'text',
  valueType: 'string',
  displayFormat: 'plain_text',
  required: false,
});

const quantile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
const ms = (n: number) => Math.round(n * 100) / 100;

/**
 * The dataset store at scale on embedded PGlite: `items` rows bulk-inserted with SQL (the write path is the
 * contract suite's), a version committed, then pages of 100 items read at random cursors of the version and of
 * the draft after edits: the bounds are a page p95 under 50 ms and a commit under 5 s at 1M items.
 */
export async function benchDatasetsStore(options: { items: number; reads: number; path?: string }) {
  const dir = options.path ?? mkdtempSync(join(tmpdir(), 'spanloop-bench-datasets-'));
  const sql: MetadataStore = await openPgliteStore({ path: join(dir, 'postgres') });
  try {
    await migrateMetadata(sql, coreMetadataMigrations);
    await migrateMetadata(sql, { owner: 'plugin:datasets', migrations: datasetMigrations });
    await createWorkspace(sql, { id: WS, name: WS });
    const store = createDatasetStore({
      sql,
      files: createMemoryFileStore({ maxFileBytes: 1 << 24, maxWorkspaceBytes: 1 << 30 }),
      egress: createEgressPolicy({ allow: [] }),
    });
    const ds = await store.create(WS, { name: 'bench', fields: [field('input'), field('output')] }, 'bench');
    const [input, output] = ds.fields.map((f) => f.key) as [string, string];

    const insertStart = performance.now();
    const chunk = 100_000;
    for (let from = 1; from <= options.items; from += chunk) {
      const to = Math.min(options.items, from + chunk - 1);
      await sql.query(
        `INSERT INTO dataset_items (dataset_id, item_id, add_vn, turns, search_text, created_by, updated_by)
         SELECT $1::bigint, nextval('dataset_item_ids'), 1,
           jsonb_build_array(jsonb_build_object('id', 't' || g, 'fields', jsonb_build_object(
             $4::text, jsonb_build_object('content_type', 'text', 'text', 'question number ' || g),
             $5::text, jsonb_build_object('content_type', 'text', 'text', 'answer ' || md5(g::text))))),
           'question number ' || g, 'bench', 'bench'
         FROM generate_series($2::int, $3::int) AS g`,
        [ds.id, from, to, input, output],
      );
    }
    await sql.query('UPDATE datasets SET draft_item_count = $2, draft_changed = true WHERE id = $1::bigint', [
      ds.id,
      options.items,
    ]);
    await sql.query('ANALYZE dataset_items');
    const insertSeconds = (performance.now() - insertStart) / 1000;

    const commitStart = performance.now();
    const v1 = await store.commitVersion(WS, ds.id, { version: 'v1' }, 'bench');
    const commitMs = performance.now() - commitStart;

    // Draft edits after the commit: 1,000 changed items (new rows beside v1's) and 1,000 deleted.
    const [range] = await sql.query(
      'SELECT min(item_id) AS lo, max(item_id) AS hi FROM dataset_items WHERE dataset_id = $1::bigint',
      [ds.id],
    );
    const lo = Number(range?.lo);
    const hi = Number(range?.hi);
    const random = seededRandom(7);
    const pick = () => String(lo + Math.floor(random() * (hi - lo + 1)));
    const editStart = performance.now();
    for (let b = 0; b < 10; b++)
      await store.writeItems(
        WS,
        ds.id,
        Array.from({ length: 100 }, () => ({
          id: pick(),
          turns: [{ fields: { [input]: { content_type: 'text' as const, text: 'edited' } } }],
        })),
        { skipInvalid: true },
        'bench',
      );
    const editBatchMs = (performance.now() - editStart) / 10;
    await store.deleteItems(WS, ds.id, Array.from({ length: 1000 }, pick), 'bench');

    const pages = async (version: { versionId: string } | { draft: true }) => {
      const times: number[] = [];
      let rows = 0;
      for (let i = 0; i < options.reads; i++) {
        const cursor = i === 0 ? undefined : pick();
        const start = performance.now();
        const page = await store.listItems(WS, ds.id, { version, limit: 100, ...(cursor ? { cursor } : {}) });
        times.push(performance.now() - start);
        rows += page.items.length;
      }
      times.sort((a, b) => a - b);
      return {
        reads: times.length,
        itemsPerPage: rows / times.length,
        p50Ms: ms(quantile(times, 0.5)),
        p95Ms: ms(quantile(times, 0.95)),
        maxMs: ms(times.at(-1) ?? 0),
      };
    };
    const versionPages = await pages({ versionId: v1.id });
    const draftPages = await pages({ draft: true });
    const searchStart = performance.now();
    const search = await store.listItems(WS, ds.id, {
      version: { versionId: v1.id },
      search: 'number 4242',
      limit: 100,
    });
    const searchMs = performance.now() - searchStart;
    const commit2Start = performance.now();
    const v2 = await store.commitVersion(WS, ds.id, { version: 'v2' }, 'bench');
    const commit2Ms = performance.now() - commit2Start;
    return {
      engine: 'pglite',
      items: options.items,
      bulkInsertSeconds: Math.round(insertSeconds * 10) / 10,
      commitMs: ms(commitMs),
      commitAfterEditsMs: ms(commit2Ms),
      versionItemCounts: [v1.itemCount, v2.itemCount],
      editBatchOf100Ms: ms(editBatchMs),
      versionPages,
      draftPages,
      searchOneVersion: { ms: ms(searchMs), total: search.total },
      bounds: { pageP95Ms: 50, commitMs: 5000 },
    };
  } finally {
    await sql.close();
    if (options.path === undefined) rmSync(dir, { recursive: true, force: true });
  }
}
