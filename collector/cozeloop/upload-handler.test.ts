import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../core/access/principal';
import { createMemoryFileStore } from '../../core/files/memory-file-store';
import type { FileStore } from '../../core/files/types';
import { listen } from '../../core/http-listen';
import { ok } from '../../core/result';
import { createCozeloopUploadHandler, type CozeloopUploadOptions } from './upload-handler';

const principal: Principal = {
  workspaceId: 'ws-1',
  retentionDays: 0,
  scopes: ['ingest'],
  subject: { kind: 'anonymous' },
};

const servers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of servers.splice(0)) await close();
});

async function serve(files: FileStore, overrides: Partial<CozeloopUploadOptions> = {}) {
  const handle = createCozeloopUploadHandler({
    files,
    authenticate: () => Promise.resolve(ok(principal)),
    maxFileBytes: 1024 * 1024,
    maxInFlightBytes: 64 * 1024 * 1024,
    ...overrides,
  });
  const server = createServer((req, res) => void handle(req, res));
  const running = await listen(server, 0, '127.0.0.1');
  // A client cut off mid-body keeps its socket busy; tests do not wait for it.
  servers.push(() => {
    const closed = running.close();
    server.closeAllConnections();
    return closed;
  });
  return `http://127.0.0.1:${running.port}/v1/loop/files/upload`;
}

const form = (key: string, data: Uint8Array | string) => {
  const body = new FormData();
  body.append('file', new Blob([data]), key);
  body.append('workspace_id', 'ws-1');
  return body;
};

describe('the Cozeloop upload handler', () => {
  it('answers 503 with Retry-After while other uploads hold the in-flight budget, then takes it again', async () => {
    const files = createMemoryFileStore({ maxFileBytes: 1024 * 1024, maxWorkspaceBytes: 1 << 30 });
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow: FileStore = { ...files, put: async (ws, f) => (await held, files.put(ws, f)) };
    const url = await serve(slow, { maxInFlightBytes: 300 * 1024 });
    const first = fetch(url, { method: 'POST', body: form('a', new Uint8Array(200 * 1024)) });
    await new Promise((r) => setTimeout(r, 100));
    const refused = await fetch(url, { method: 'POST', body: form('b', new Uint8Array(200 * 1024)) });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({
      code: 503,
      msg: expect.stringMatching(/uploads in progress/) as string,
    });
    release();
    expect(await (await first).json()).toEqual({
      code: 0,
      msg: '',
      data: { bytes: '204800', file_name: 'a' },
    });
    const again = await fetch(url, { method: 'POST', body: form('b', new Uint8Array(200 * 1024)) });
    expect(await again.json()).toMatchObject({ code: 0 });
    expect(await files.usage('ws-1')).toEqual({ files: 2, bytes: 400 * 1024 });
  });

  it('refuses a declared length past the limit before reading the body', async () => {
    const files = createMemoryFileStore({ maxFileBytes: 1024 * 1024, maxWorkspaceBytes: 1 << 30 });
    const url = await serve(files);
    const res = await fetch(url, { method: 'POST', body: form('big', new Uint8Array(2 * 1024 * 1024)) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({
      code: 413,
      msg: expect.stringMatching(/1048576 bytes/) as string,
    });
    expect(await files.usage('ws-1')).toEqual({ files: 0, bytes: 0 });
  });

  it('answers a body that is not multipart, and a broken one, with HTTP 200 and code 400', async () => {
    const url = await serve(createMemoryFileStore({ maxFileBytes: 1024, maxWorkspaceBytes: 4096 }));
    const json = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({
      code: 400,
      msg: expect.stringMatching(/multipart\/form-data/) as string,
    });
    const broken = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="k"\r\n\r\nno closing boundary',
    });
    expect(await broken.json()).toMatchObject({
      code: 400,
      msg: 'the body is not valid multipart/form-data',
    });
    const get = await fetch(url);
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
  });
});
