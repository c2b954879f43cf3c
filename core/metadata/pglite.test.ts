import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { metadataStoreContract } from './contract';
import { openPgliteStore } from './pglite';

const folder = () => mkdtempSync(join(tmpdir(), 'spanloop-pglite-'));

metadataStoreContract('PGlite', () => {
  const dir = folder();
  return Promise.resolve({
    open: () => openPgliteStore({ path: join(dir, 'postgres') }),
    dispose: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  });
});

describe('PGlite metadata store', () => {
  it('refuses a second instance on the same folder while the first is open', async () => {
    const dir = folder();
    const path = join(dir, 'postgres');
    const first = await openPgliteStore({ path });
    await expect(openPgliteStore({ path })).rejects.toThrow(/in use by process/);
    await first.close();
    const second = await openPgliteStore({ path });
    await second.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
