import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../../core/access/workspaces';
import { migrateMetadata } from '../../core/metadata/migrate';
import { openPgliteStore } from '../../core/metadata/pglite';
import type { MetadataStore } from '../../core/metadata/types';
import { coreMetadataMigrations } from '../../schemas/postgres/core-migrations';
import { CHUNK_BYTES, chunkSource, storeChunks } from './jobs-chunks';
import { jobsTable } from './jobs-store';
import { datasetMigrations } from './migrations';

let dir: string;
let sql: MetadataStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'spanloop-chunks-'));
  sql = await openPgliteStore({ path: join(dir, 'db') });
  await migrateMetadata(sql, coreMetadataMigrations);
  await migrateMetadata(sql, { owner: 'plugin:datasets', migrations: datasetMigrations });
  await createWorkspace(sql, { id: 'ws', name: 'ws' });
});
afterAll(async () => {
  await sql.close();
  rmSync(dir, { recursive: true, force: true });
});

const newJob = () =>
  jobsTable(sql).create(
    {
      workspaceId: 'ws',
      datasetId: '1',
      format: 'csv',
      encoding: 'utf-8',
      mode: 'append',
      partial: false,
      mapping: undefined,
      source: { kind: 'upload' },
      actor: 'test',
    },
    'uploading',
  );

describe('stored import files', () => {
  it('keeps bytes in 1 MiB rows and reads them back in order and by range across rows', async () => {
    const job = await newJob();
    const data = new Uint8Array(2.5 * CHUNK_BYTES + 17).map((_, i) => (i * 31) & 255);
    const pieces = [data.subarray(0, 300_000), data.subarray(300_000, 2_000_000), data.subarray(2_000_000)];
    const size = await storeChunks(sql, job.id, pieces, 10 * CHUNK_BYTES, () => Promise.resolve());
    expect(size).toBe(data.byteLength);
    const source = chunkSource(sql, job.id, size);
    const parts: Uint8Array[] = [];
    for await (const part of source.chunks()) parts.push(part);
    expect(parts.map((p) => p.byteLength)).toEqual([
      CHUNK_BYTES,
      CHUNK_BYTES,
      data.byteLength - 2 * CHUNK_BYTES,
    ]);
    expect(Buffer.concat(parts).equals(Buffer.from(data))).toBe(true);
    for (const [start, end] of [
      [CHUNK_BYTES - 5, CHUNK_BYTES + 5],
      [10, 2 * CHUNK_BYTES + 100],
      [data.byteLength - 8, data.byteLength + 50],
    ] as const)
      expect(Buffer.from(await source.read(start, end)).equals(Buffer.from(data.subarray(start, end)))).toBe(
        true,
      );
  });

  it('stops reading past the bound', async () => {
    const job = await newJob();
    const endless = (function* () {
      for (;;) yield new Uint8Array(CHUNK_BYTES);
    })();
    await expect(
      storeChunks(sql, job.id, endless, 3 * CHUNK_BYTES, () => Promise.resolve()),
    ).rejects.toMatchObject({
      kind: 'too_large',
    });
  });
});
