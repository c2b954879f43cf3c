import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { FileLimits, FileStore, NewFile } from './types';

/** A store with these limits, and a workspace id it knows (created when the engine has workspaces). */
export type OpenFileStore = (limits: FileLimits) => Promise<{
  store: FileStore;
  workspace: () => Promise<string>;
  close: () => Promise<void>;
}>;

const LIMITS: FileLimits = { maxFileBytes: 1024 * 1024, maxWorkspaceBytes: 4 * 1024 * 1024 };

const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0xff,
]);

const makeFile = (overrides: Partial<NewFile> = {}): NewFile => ({
  key: `${randomBytes(16).toString('hex')}_${randomBytes(8).toString('hex')}_input_image_${randomBytes(8).toString('hex')}`,
  contentType: 'image/png',
  data: PNG,
  ...overrides,
});

/**
 * One suite for every FileStore: run by sql-file-store-pglite.test.ts, sql-file-store-pg.test.ts and
 * memory-file-store.test.ts. `knowsWorkspaces` is false for a store that cannot tell a missing workspace.
 */
export const fileStoreContract = (name: string, open: OpenFileStore, knowsWorkspaces = true) =>
  describe(`FileStore on ${name}`, () => {
    const withStore = async (
      limits: FileLimits,
      run: (store: FileStore, ws: () => Promise<string>) => Promise<void>,
    ) => {
      const opened = await open(limits);
      try {
        await run(opened.store, opened.workspace);
      } finally {
        await opened.close();
      }
    };

    it('returns every byte it was given, with the type, size and SHA-256', async () => {
      await withStore(LIMITS, async (store, workspace) => {
        const ws = await workspace();
        const binary = makeFile({ data: Uint8Array.from({ length: 256 * 3 }, (_, i) => i % 256) });
        const put = await store.put(ws, binary);
        expect(put.ok).toBe(true);
        const got = await store.get(ws, binary.key);
        expect(Buffer.from(got?.data ?? []).equals(Buffer.from(binary.data))).toBe(true);
        expect(got).toMatchObject({
          key: binary.key,
          contentType: 'image/png',
          bytes: 768,
          sha256: createHash('sha256').update(binary.data).digest('hex'),
        });
        expect(await store.stat(ws, binary.key)).toEqual(put.ok ? put.value : undefined);
        const empty = makeFile({ data: new Uint8Array(0), contentType: 'application/octet-stream' });
        expect((await store.put(ws, empty)).ok).toBe(true);
        expect((await store.get(ws, empty.key))?.data.byteLength).toBe(0);
      });
    });

    it('keeps workspaces apart: the same key is two files, and neither is visible from the other', async () => {
      await withStore(LIMITS, async (store, workspace) => {
        const [a, b] = [await workspace(), await workspace()];
        const file = makeFile();
        await store.put(a, file);
        expect(await store.get(b, file.key)).toBeUndefined();
        expect(await store.stat(b, file.key)).toBeUndefined();
        expect(await store.delete(b, file.key)).toBe(false);
        await store.put(b, { ...file, data: Uint8Array.from([1, 2, 3]) });
        expect((await store.get(a, file.key))?.bytes).toBe(PNG.byteLength);
        expect((await store.get(b, file.key))?.bytes).toBe(3);
        expect(await store.usage(a)).toEqual({ files: 1, bytes: PNG.byteLength });
      });
    });

    it('replaces a key uploaded again, keeping its creation time and counting it once', async () => {
      await withStore(LIMITS, async (store, workspace) => {
        const ws = await workspace();
        const file = makeFile();
        const first = await store.put(ws, file);
        const again = await store.put(ws, {
          ...file,
          contentType: 'text/plain; charset=utf-8',
          data: Buffer.from('v2'),
        });
        if (!first.ok || !again.ok) throw new Error('put failed');
        expect(again.value.sha256).not.toBe(first.value.sha256);
        expect(again.value.createdAt).toEqual(first.value.createdAt);
        expect(again.value.updatedAt.getTime()).toBeGreaterThanOrEqual(first.value.updatedAt.getTime());
        const got = await store.get(ws, file.key);
        expect([got?.contentType, Buffer.from(got?.data ?? []).toString()]).toEqual([
          'text/plain; charset=utf-8',
          'v2',
        ]);
        expect(await store.usage(ws)).toEqual({ files: 1, bytes: 2 });
      });
    });

    it('refuses a file past the per-file limit and stores nothing', async () => {
      await withStore(LIMITS, async (store, workspace) => {
        const ws = await workspace();
        const exact = makeFile({ data: new Uint8Array(LIMITS.maxFileBytes).fill(7) });
        expect((await store.put(ws, exact)).ok).toBe(true);
        expect((await store.get(ws, exact.key))?.data.every((b) => b === 7)).toBe(true);
        const over = makeFile({ data: new Uint8Array(LIMITS.maxFileBytes + 1) });
        const refused = await store.put(ws, over);
        expect(refused.ok).toBe(false);
        if (!refused.ok) {
          expect(refused.error.kind).toBe('too_large');
          expect(refused.error.message).toContain(String(LIMITS.maxFileBytes));
        }
        expect(await store.stat(ws, over.key)).toBeUndefined();
        // A failed replacement leaves the file that was there.
        expect((await store.put(ws, { ...exact, data: over.data })).ok).toBe(false);
        expect((await store.stat(ws, exact.key))?.bytes).toBe(LIMITS.maxFileBytes);
      });
    });

    it("refuses a put past the workspace's total, counting a replaced file's old size out", async () => {
      const limits = { maxFileBytes: 1000, maxWorkspaceBytes: 2500 };
      await withStore(limits, async (store, workspace) => {
        const [ws, other] = [await workspace(), await workspace()];
        const a = makeFile({ data: new Uint8Array(1000) });
        const b = makeFile({ data: new Uint8Array(1000) });
        expect((await store.put(ws, a)).ok).toBe(true);
        expect((await store.put(ws, b)).ok).toBe(true);
        const c = await store.put(ws, makeFile({ data: new Uint8Array(501) }));
        expect(c.ok ? '' : c.error.message).toMatch(/2501 bytes, more than its 2500 bytes/);
        // Replacing b with 1000 other bytes fits: its old content is not counted twice.
        expect((await store.put(ws, { ...b, data: new Uint8Array(1000).fill(1) })).ok).toBe(true);
        expect((await store.put(ws, makeFile({ data: new Uint8Array(500) }))).ok).toBe(true);
        expect(await store.usage(ws)).toEqual({ files: 3, bytes: 2500 });
        expect((await store.put(other, makeFile({ data: new Uint8Array(1000) }))).ok).toBe(true);
        expect(await store.delete(ws, a.key)).toBe(true);
        expect(await store.delete(ws, a.key)).toBe(false);
        expect((await store.put(ws, makeFile({ data: new Uint8Array(1000) }))).ok).toBe(true);
      });
    });

    it('never lets concurrent puts pass the total together', async () => {
      const limits = { maxFileBytes: 1000, maxWorkspaceBytes: 5000 };
      await withStore(limits, async (store, workspace) => {
        const ws = await workspace();
        const results = await Promise.all(
          Array.from({ length: 12 }, () => store.put(ws, makeFile({ data: randomBytes(1000) }))),
        );
        expect(results.filter((r) => r.ok)).toHaveLength(5);
        expect(await store.usage(ws)).toEqual({ files: 5, bytes: 5000 });
        const retried = await workspace();
        const key = makeFile().key;
        const retries = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            store.put(retried, { key, contentType: 'text/plain', data: Buffer.from(`attempt ${i}`) }),
          ),
        );
        expect(retries.every((r) => r.ok)).toBe(true);
        expect((await store.usage(retried)).files).toBe(1);
        const kept = Buffer.from((await store.get(retried, key))?.data ?? []).toString();
        expect(kept).toMatch(/^attempt \d+$/);
      });
    });

    // Only stores on the metadata database know which workspaces exist; the in-memory fake takes any.
    if (knowsWorkspaces)
      it('refuses a workspace that does not exist', async () => {
        await withStore(LIMITS, async (store) => {
          const r = await store.put('no-such-workspace', makeFile());
          expect(r.ok ? '' : r.error.kind).toBe('not_found');
        });
      });
  });
