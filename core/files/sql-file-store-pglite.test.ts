import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coreMetadataMigrations } from '../../schemas/postgres/core-migrations';
import { createWorkspace } from '../access/workspaces';
import { migrateMetadata } from '../metadata/migrate';
import { openPgliteStore } from '../metadata/pglite';
import { fileStoreContract } from './contract';
import { createSqlFileStore } from './sql-file-store';
import type { FileLimits } from './types';

const LIMITS: FileLimits = { maxFileBytes: 20 * 1024 * 1024, maxWorkspaceBytes: 1024 * 1024 * 1024 };

async function openAt(path: string) {
  const db = await openPgliteStore({ path });
  await migrateMetadata(db, coreMetadataMigrations);
  return db;
}

fileStoreContract('PGlite', async (limits) => {
  const dir = mkdtempSync(join(tmpdir(), 'spanloop-files-'));
  const db = await openAt(join(dir, 'postgres'));
  let n = 0;
  return {
    store: createSqlFileStore(db, limits),
    workspace: async () => {
      const ws = await createWorkspace(db, { name: `files-${n++}` });
      if (!ws) throw new Error('workspace not created');
      return ws.id;
    },
    close: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('FileStore on PGlite across a restart', () => {
  it('reads a 20 MiB file back byte for byte after the database is closed and opened again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spanloop-files-'));
    const path = join(dir, 'postgres');
    const data = Buffer.alloc(LIMITS.maxFileBytes);
    for (let i = 0; i < data.length; i += 4) data.writeUInt32LE((i * 2654435761) >>> 0, i);
    let db = await openAt(path);
    const ws = await createWorkspace(db, { name: 'restart' });
    if (!ws) throw new Error('workspace not created');
    const put = await createSqlFileStore(db, LIMITS).put(ws.id, {
      key: 'large_text',
      contentType: 'text/plain',
      data,
    });
    expect(put.ok).toBe(true);
    await db.close();
    db = await openAt(path);
    const got = await createSqlFileStore(db, LIMITS).get(ws.id, 'large_text');
    expect(got?.bytes).toBe(data.byteLength);
    expect(Buffer.from(got?.data ?? []).equals(data)).toBe(true);
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
