import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../core/access/api-keys';
import { createWorkspace, type Workspace } from '../core/access/workspaces';
import type { TraceView } from '../schemas/span-view';
import { bearer, callApi, type Headers } from './access-test-kit';
import { hexId } from './otlp-json-request';
import { startTestInstance, type TestInstance } from './test-instance';

let spanloop: TestInstance;
let team: Workspace;
let other: Workspace;
/** ingest + read: what an SDK is given. */
let sdk: Headers;
let otherSdk: Headers;
let viewer: Headers;
let ingestOnly: Headers;
let admin: Headers;

const MiB = 1024 * 1024;

beforeAll(async () => {
  spanloop = await startTestInstance({ auth: { mode: 'required', maxFailures: 1000 } });
  const workspace = async (name: string) => {
    const ws = await createWorkspace(spanloop.metadata, { name });
    if (!ws) throw new Error('workspace not created');
    return ws;
  };
  team = await workspace('files-team');
  other = await workspace('files-other');
  const key = async (workspaceId: string, scopes: ('ingest' | 'read' | 'write')[]) =>
    bearer((await createApiKey(spanloop.metadata, { workspaceId, name: scopes.join('+'), scopes })).secret);
  sdk = await key(team.id, ['ingest', 'read']);
  otherSdk = await key(other.id, ['ingest', 'read']);
  viewer = await key(team.id, ['read']);
  ingestOnly = await key(team.id, ['ingest']);
  admin = await key(team.id, ['ingest', 'read', 'write']);
});
afterAll(async () => {
  await spanloop.stop();
});

/** PNG signature, IHDR of a 1x1 image and an IEND: what a base64 image part decodes to. */
const PNG = Buffer.concat([
  Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'),
  randomBytes(64),
  Buffer.from('0000000049454e44ae426082', 'hex'),
]);

/** The SDK's object key: `{trace_id}_{span_id}_{tag}_{kind}_{id}`. */
const objectKey = (traceId: string, spanId: string, kind: string) =>
  `${traceId}_${spanId}_input_${kind}_${hexId(8)}`;

/** The multipart body the Go SDK writes: the `file` part (octet-stream, filename = key), then `workspace_id`. */
function sdkForm(key: string, data: Uint8Array | string, workspaceId: string, type?: string): FormData {
  const form = new FormData();
  form.append('file', new Blob([data], type === undefined ? {} : { type }), key);
  form.append('workspace_id', workspaceId);
  return form;
}

async function upload(headers: Headers, body: FormData) {
  const res = await fetch(`${spanloop.api}/v1/loop/files/upload`, { method: 'POST', headers, body });
  return { status: res.status, body: (await res.json()) as { code: number; msg: string; data?: unknown } };
}

const download = (headers: Headers, key: string, extra: Headers = {}) =>
  fetch(`${spanloop.api}/api/v1/files/${encodeURIComponent(key)}`, { headers: { ...headers, ...extra } });

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe('POST /v1/loop/files/upload and GET /api/v1/files/{key}', () => {
  it('stores an SDK upload and serves it back byte for byte, typed by its content', async () => {
    const key = objectKey(hexId(16), hexId(8), 'image');
    const up = await upload(sdk, sdkForm(key, PNG, team.id));
    expect(up).toEqual({
      status: 200,
      body: { code: 0, msg: '', data: { bytes: String(PNG.byteLength), file_name: key } },
    });

    const res = await download(sdk, key);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(PNG.byteLength),
      'content-disposition': `inline; filename="${key}"; filename*=UTF-8''${key}`,
      etag: `"${sha256(PNG)}"`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-cache',
    });
    const cached = await download(sdk, key, { 'if-none-match': `W/"${sha256(PNG)}"` });
    expect([cached.status, await cached.text()]).toEqual([304, '']);
  });

  it('keeps a large text (UltraLargeReport) whole, as UTF-8 text', async () => {
    const text = JSON.stringify({ messages: [{ role: 'user', content: 'ünïcode ✓ '.repeat(160_000) }] });
    expect(Buffer.byteLength(text)).toBeGreaterThan(MiB);
    const key = `${hexId(16)}_${hexId(8)}_input_text_large_text`;
    const up = await upload(sdk, sdkForm(key, text, team.id));
    expect(up.body).toMatchObject({ code: 0, data: { bytes: String(Buffer.byteLength(text)) } });
    const res = await download(sdk, key);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe(text);
  });

  it('names a file with any characters its key has in Content-Disposition', async () => {
    const id = hexId(4);
    const key = `résumé (final) ${id}.txt`;
    expect((await upload(sdk, sdkForm(key, 'bonjour', team.id))).body).toMatchObject({ code: 0 });
    const res = await download(sdk, key);
    expect(await res.text()).toBe('bonjour');
    const header = res.headers.get('content-disposition') ?? '';
    expect(header).toBe(
      `inline; filename="r_sum_ (final) ${id}.txt"; filename*=UTF-8''${encodeURIComponent(key).replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'))}`,
    );
  });

  it('replaces the file when the SDK uploads the same key again', async () => {
    const key = objectKey(hexId(16), hexId(8), 'file');
    await upload(sdk, sdkForm(key, 'first attempt', team.id));
    const firstTag = (await download(sdk, key)).headers.get('etag') ?? '';
    const again = await upload(sdk, sdkForm(key, PNG, team.id));
    expect(again.body).toMatchObject({ code: 0, data: { bytes: String(PNG.byteLength) } });
    const res = await download(sdk, key, { 'if-none-match': firstTag });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it("never shows or takes another workspace's files", async () => {
    const key = objectKey(hexId(16), hexId(8), 'image');
    await upload(sdk, sdkForm(key, PNG, team.id));
    const elsewhere = await download(otherSdk, key);
    expect(elsewhere.status).toBe(404);
    expect(await elsewhere.json()).toMatchObject({ error: { code: 'not_found' } });

    const foreign = await upload(otherSdk, sdkForm(key, 'overwrite attempt', team.id));
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ code: 403, msg: expect.stringContaining(team.id) as string });
    expect(Buffer.from(await (await download(sdk, key)).arrayBuffer()).equals(PNG)).toBe(true);
    expect((await download(otherSdk, key)).status).toBe(404);
  });

  it('refuses a file over 20 MiB with a clear error and stores nothing; 20 MiB itself fits', async () => {
    const over = objectKey(hexId(16), hexId(8), 'file');
    const refused = await upload(sdk, sdkForm(over, new Uint8Array(20 * MiB + 1), team.id));
    expect(refused).toEqual({
      status: 413,
      body: {
        code: 413,
        msg: 'the file is 20971521 bytes, more than the 20971520 bytes (20 MiB) a file may have',
      },
    });
    // Far larger: refused on its Content-Length, before the body is read.
    const huge = await upload(sdk, sdkForm(over, new Uint8Array(64 * MiB), team.id));
    expect(huge).toEqual({
      status: 413,
      body: {
        code: 413,
        msg: 'the upload is larger than the 20971520 bytes a file may have; nothing was stored',
      },
    });
    expect((await download(sdk, over)).status).toBe(404);

    const exact = objectKey(hexId(16), hexId(8), 'file');
    const data = randomBytes(20 * MiB);
    expect((await upload(sdk, sdkForm(exact, data, team.id))).body).toMatchObject({ code: 0 });
    const res = await download(sdk, exact);
    expect(res.headers.get('etag')).toBe(`"${sha256(data)}"`);
    expect(Buffer.from(await res.arrayBuffer()).equals(data)).toBe(true);
  });

  it('answers a body without a usable file part with HTTP 200 and a non-zero code', async () => {
    const noFile = new FormData();
    noFile.append('workspace_id', team.id);
    expect(await upload(sdk, noFile)).toEqual({
      status: 200,
      body: { code: 400, msg: 'the multipart body has no "file" part' },
    });
    const textField = new FormData();
    textField.append('file', 'not a file');
    expect((await upload(sdk, textField)).body).toEqual({
      code: 400,
      msg: 'the "file" part has no filename: send it as a file whose filename is the object key',
    });
    const slash = await upload(sdk, sdkForm('a/b', PNG, team.id));
    expect(slash).toEqual({
      status: 200,
      body: {
        code: 400,
        msg: 'filename "a/b": the file key may not contain "/", "\\" or control characters',
      },
    });
    expect((await download(sdk, 'b')).status).toBe(404);
    const control = await download(sdk, 'a\u0001b');
    expect([
      control.status,
      ((await control.json()) as { error: { message: string } }).error.message,
    ]).toEqual([400, 'the file key may not contain "/", "\\" or control characters']);
  });

  it('needs the ingest scope to upload and the read scope to download', async () => {
    const key = objectKey(hexId(16), hexId(8), 'image');
    const anonymous = await upload({}, sdkForm(key, PNG, team.id));
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 401]);
    const readOnly = await upload(viewer, sdkForm(key, PNG, team.id));
    expect([readOnly.status, readOnly.body.msg]).toEqual([403, 'this credential lacks the ingest scope']);
    expect((await upload(ingestOnly, sdkForm(key, PNG, team.id))).body.code).toBe(0);
    expect((await download(ingestOnly, key)).status).toBe(403);
    expect((await download(viewer, key)).status).toBe(200);
    expect((await download({}, key)).status).toBe(401);
  });

  it('serves HTML and SVG as attachments, never inline', async () => {
    for (const [type, body] of [
      ['text/html', '<script>alert(document.cookie)</script>'],
      ['image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'],
    ] as const) {
      const key = objectKey(hexId(16), hexId(8), 'file');
      await upload(sdk, sdkForm(key, body, team.id, type));
      const res = await download(sdk, key);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; /);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    }
  });

  it('deletes a file with the write scope only', async () => {
    const key = objectKey(hexId(16), hexId(8), 'image');
    await upload(sdk, sdkForm(key, PNG, team.id));
    const path = `/api/v1/files/${key}`;
    expect((await callApi(spanloop, path, sdk, { method: 'DELETE' })).status).toBe(403);
    expect((await callApi(spanloop, path, admin, { method: 'DELETE' })).status).toBe(204);
    expect((await callApi(spanloop, path, admin, { method: 'DELETE' })).status).toBe(404);
    expect((await download(sdk, key)).status).toBe(404);
  });
});

describe('a span that references uploaded files through object_storage', () => {
  it('keeps the references, and every key they name downloads as uploaded', async () => {
    const traceId = hexId(16);
    const spanId = hexId(8);
    const imageKey = objectKey(traceId, spanId, 'image');
    const textKey = `${traceId}_${spanId}_input_text_large_text`;
    const largeInput = JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(1_200_000) }] });
    // The SDK sends the spans first, then the files (one request each).
    const objectStorage = JSON.stringify({
      input_tos_key: textKey,
      Attachments: [{ field: 'input', name: '', type: 'image', tos_key: imageKey }],
    });
    const input = JSON.stringify({
      messages: [
        {
          role: 'user',
          parts: [
            { type: 'text', text: 'What is in this picture?' },
            { type: 'image_url', image_url: { url: imageKey } },
          ],
        },
      ],
    });
    const ingest = await callApi(spanloop, '/v1/loop/traces/ingest', sdk, {
      method: 'POST',
      body: {
        spans: [
          {
            trace_id: traceId,
            span_id: spanId,
            parent_id: '0',
            workspace_id: team.id,
            span_name: 'ChatCompletion',
            span_type: 'model',
            started_at_micros: String(Date.now() * 1000 - 2_000_000),
            duration_micros: '800000',
            input: input.slice(0, 1000),
            object_storage: objectStorage,
            tags_string: { model_name: 'gpt-4o', model_provider: 'openai' },
          },
        ],
      },
    });
    expect(JSON.parse(ingest.text)).toEqual({ code: 0, msg: '' });
    expect((await upload(sdk, sdkForm(textKey, largeInput, team.id))).body.code).toBe(0);
    expect((await upload(sdk, sdkForm(imageKey, PNG, team.id))).body.code).toBe(0);

    const trace = await callApi(spanloop, `/api/v1/traces/${traceId}`, sdk);
    expect(trace.status).toBe(200);
    const [span] = (JSON.parse(trace.text) as TraceView).spans;
    const stored = span?.attributes['cozeloop.object_storage'];
    expect(typeof stored).toBe('string');
    const refs = JSON.parse(stored as string) as {
      input_tos_key: string;
      Attachments: { tos_key: string }[];
    };
    expect(refs).toEqual(JSON.parse(objectStorage));
    expect(await (await download(sdk, refs.input_tos_key)).text()).toBe(largeInput);
    const image = await download(sdk, refs.Attachments[0]?.tos_key ?? '');
    expect(Buffer.from(await image.arrayBuffer()).equals(PNG)).toBe(true);
  });
});
