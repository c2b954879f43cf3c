import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticate, Principal } from '../../core/access/principal';
import { AppError } from '../../core/app-error';
import { contentTypeOf } from '../../core/files/content-type';
import { diskFull, isDiskFull } from '../../core/storage-failure';
import type { FileInfo, FileStore } from '../../core/files/types';
import { err, ok, type Result } from '../../core/result';
import { FileKey, type CozeloopUploadData } from '../../schemas/files';
import { discardBody } from '../discard-body';
import { readBodyWithLimit } from '../otlp/gzip-limit';
import { admitLoopPost, failEnvelope as fail, sendEnvelope as send } from './envelope';

export interface CozeloopUploadOptions {
  files: FileStore;
  authenticate: Authenticate;
  /** The store's per-file limit; a body may be this plus the multipart framing. */
  maxFileBytes: number;
  /** Upload bodies held in memory at once, over all requests; past it, 503 with Retry-After. */
  maxInFlightBytes: number;
}

/** Part headers, boundaries and the `workspace_id` field around the file. */
const FRAMING_BYTES = 64 * 1024;

const invalid = (message: string) => err(new AppError('invalid_argument', message));

async function parseForm(body: Buffer, contentType: string | undefined): Promise<Result<FormData>> {
  if (contentType === undefined || !/^multipart\/form-data\s*;/i.test(contentType))
    return invalid(
      `the body must be multipart/form-data with a "file" part, not ${JSON.stringify((contentType ?? '').slice(0, 100))}`,
    );
  try {
    // undici's parser behind Request.formData(); the body was already read within its limit.
    const request = new Request('http://upload.invalid/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });
    return ok(await request.formData());
  } catch {
    return invalid('the body is not valid multipart/form-data');
  }
}

/** The `file` part, its filename as the key, and the workspace the SDK names (which must be the key's). */
async function upload(files: FileStore, form: FormData, principal: Principal): Promise<Result<FileInfo>> {
  const part = form.get('file');
  if (part === null) return invalid('the multipart body has no "file" part');
  if (typeof part === 'string')
    return invalid('the "file" part has no filename: send it as a file whose filename is the object key');
  const key = FileKey.safeParse(part.name);
  if (!key.success)
    return invalid(
      `filename ${JSON.stringify(part.name.slice(0, 100))}: ${key.error.issues[0]?.message ?? ''}`,
    );
  const workspace = form.get('workspace_id');
  if (typeof workspace === 'string' && workspace.trim() !== '' && workspace.trim() !== principal.workspaceId)
    return err(
      new AppError(
        'permission_denied',
        `workspace_id ${JSON.stringify(workspace.slice(0, 100))} is not the workspace of this key (${principal.workspaceId})`,
      ),
    );
  const data = new Uint8Array(await part.arrayBuffer());
  return files.put(principal.workspaceId, {
    key: key.data,
    contentType: contentTypeOf(data, part.type),
    data,
  });
}

/** A store that throws (a full disk, a value it cannot take) answers with its AppError; bugs still throw. */
const storeFailure = (e: unknown): Result<never> => {
  if (e instanceof AppError) return err(e);
  if (isDiskFull(e)) return err(diskFull());
  throw e;
};

/**
 * `POST /v1/loop/files/upload`: a multimodal input or large text the Cozeloop SDKs upload, stored under the
 * part's filename in the key's workspace; spans then name it in `object_storage`. Answers
 * `{code: 0, msg: "", data: {bytes: "<int64>", file_name}}`.
 */
export function createCozeloopUploadHandler(opts: CozeloopUploadOptions) {
  const bodyLimit = opts.maxFileBytes + FRAMING_BYTES;
  const tooLarge = new AppError(
    'too_large',
    `the upload is larger than the ${opts.maxFileBytes} bytes a file may have; nothing was stored`,
  );
  let inFlight = 0;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const principal = await admitLoopPost(req, res, opts.authenticate, 'ingest');
    if (principal === undefined) return;
    const declared = Number(req.headers['content-length']);
    if (declared > bodyLimit) {
      discardBody(req, res);
      return fail(res, tooLarge);
    }
    // A body of unknown length is counted at the largest it may be.
    const reserved = Number.isFinite(declared) ? declared : bodyLimit;
    if (inFlight > 0 && inFlight + reserved > opts.maxInFlightBytes) {
      discardBody(req, res);
      return fail(res, new AppError('unavailable', 'too many uploads in progress; retry shortly', 1));
    }
    inFlight += reserved;
    try {
      const body = await readBodyWithLimit(req, bodyLimit, req.headers['content-encoding']);
      if (!body.ok) {
        discardBody(req, res);
        return fail(res, body.error.kind === 'too_large' ? tooLarge : body.error);
      }
      const form = await parseForm(body.value, req.headers['content-type']);
      if (!form.ok) return fail(res, form.error);
      const stored = await upload(opts.files, form.value, principal).catch(storeFailure);
      if (!stored.ok) return fail(res, stored.error);
      const data: CozeloopUploadData = { bytes: String(stored.value.bytes), file_name: stored.value.key };
      send(res, 200, { code: 0, msg: '', data });
    } finally {
      inFlight -= reserved;
    }
  };
}
