import { Hono } from 'hono';
import { requireScope } from '../core/access/authenticator';
import { AppError } from '../core/app-error';
import type { FileInfo, FileStore } from '../core/files/types';
import type { Result } from '../core/result';
import { FileKey } from '../schemas/files';
import type { WorkspaceEnv } from './auth-middleware';
import { parseRequest } from './error-response';

export interface FileRoutesDeps {
  /** Files the Cozeloop SDKs uploaded; absent, these routes answer 503. */
  files?: FileStore;
}

const unwrap = <T>(r: Result<T>): T => {
  if (!r.ok) throw r.error;
  return r.value;
};

/**
 * Types a browser may render in place: raster images, audio, video, plain text and JSON. Everything else (HTML,
 * SVG, XML, PDF, scripts, unknown types) is served as an attachment, so an uploaded page never runs on our origin.
 */
const INLINE =
  /^(image\/(png|jpeg|gif|webp|avif|bmp)|audio\/[\w.+-]+|video\/[\w.+-]+|text\/plain|application\/json)$/;

const essence = (contentType: string) => (contentType.split(';')[0] ?? '').trim().toLowerCase();

/** RFC 6266: an ASCII fallback and the exact name as RFC 8187 UTF-8. */
function disposition(contentType: string, key: string): string {
  const kind = INLINE.test(essence(contentType)) ? 'inline' : 'attachment';
  const fallback = key.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  // attr-chars only: encodeURIComponent leaves ' ( ) * as they are.
  const exact = encodeURIComponent(key).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${exact}`;
}

const etagOf = (file: FileInfo) => `"${file.sha256}"`;

/** If-None-Match: `*` or a list of (possibly weak) tags; the comparison is weak, as RFC 9110 asks for GET. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

const headersOf = (file: FileInfo): Record<string, string> => ({
  etag: etagOf(file),
  'last-modified': file.updatedAt.toUTCString(),
  // A key can be uploaded again with other content: revalidate every time (cheap: 304 without the bytes).
  'cache-control': 'private, no-cache',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; sandbox",
});

/** GET and DELETE /files/{key} under /api/v1 (behind the API's authentication), in the caller's workspace. */
export const fileRoutes = (deps: FileRoutesDeps) => {
  const files = () => {
    if (deps.files === undefined)
      throw new AppError('unavailable', 'the file store is not running in this process', 30);
    return deps.files;
  };
  return new Hono<WorkspaceEnv>()
    .get('/files/:key', async (c) => {
      const key = unwrap(parseRequest(FileKey, c.req.param('key')));
      const workspaceId = c.get('workspaceId');
      const ifNoneMatch = c.req.header('if-none-match');
      if (ifNoneMatch !== undefined) {
        const info = await files().stat(workspaceId, key);
        if (info !== undefined && matches(ifNoneMatch, etagOf(info)))
          return c.body(null, 304, headersOf(info));
      }
      const file = await files().get(workspaceId, key);
      if (file === undefined)
        throw new AppError('not_found', `no file ${JSON.stringify(key)} in this workspace`);
      return c.body(file.data, 200, {
        ...headersOf(file),
        'content-type': file.contentType,
        'content-length': String(file.bytes),
        'content-disposition': disposition(file.contentType, file.key),
      });
    })
    .delete('/files/:key', async (c) => {
      unwrap(requireScope(c.get('principal'), 'write'));
      const key = unwrap(parseRequest(FileKey, c.req.param('key')));
      if (!(await files().delete(c.get('workspaceId'), key)))
        throw new AppError('not_found', `no file ${JSON.stringify(key)} in this workspace`);
      return c.body(null, 204);
    });
};
