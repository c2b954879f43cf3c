import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { AppError } from '../../core/app-error';
import { err, ok } from '../../core/result';
import type { Result } from '../../core/result';

/** Content codings we can undo; HTTP "deflate" is the zlib format (RFC 9110 §8.4.1.2). */
export type ContentCoding = 'gzip' | 'deflate';

class LimitExceeded extends Error {}

// Larger than zlib's 16 KiB default: fewer thread-pool round trips per request.
const CHUNK_BYTES = 64 * 1024;

/**
 * Inflates a gzip (or zlib) body, stopping as soon as the output passes `limitBytes`.
 * Returns 'too_large' past the limit and 'invalid_argument' for corrupt or truncated data.
 *
 * @example
 * const body = await inflateWithLimit(req, 64 * 1024 * 1024);
 * if (!body.ok) return reply(body.error); // 413 or 400
 */
export async function inflateWithLimit(
  compressed: Uint8Array | AsyncIterable<Uint8Array>,
  limitBytes: number,
  coding: ContentCoding = 'gzip',
): Promise<Result<Buffer>> {
  const source = compressed instanceof Uint8Array ? [compressed] : compressed;
  // Deflate never expands by more than ~0.1%, so a far larger compressed body cannot fit: stop reading it early.
  const compressedLimit = limitBytes + Math.ceil(limitBytes / 64) + 4096;
  const inflater =
    coding === 'gzip'
      ? zlib.createGunzip({ chunkSize: CHUNK_BYTES })
      : zlib.createInflate({ chunkSize: CHUNK_BYTES });
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    await pipeline(detached(source, compressedLimit), inflater, async (inflated: AsyncIterable<Buffer>) => {
      for await (const chunk of inflated) {
        total += chunk.byteLength;
        if (total > limitBytes) throw new LimitExceeded();
        chunks.push(chunk);
      }
    });
  } catch (e) {
    if (e instanceof LimitExceeded) return err(tooLarge(limitBytes, ' after decompression'));
    const why = e instanceof Error ? e.message : String(e);
    return err(new AppError('invalid_argument', `invalid ${coding} body: ${why}`));
  }
  return ok(Buffer.concat(chunks, total));
}

/**
 * Reads a request body, undoing its Content-Encoding, and enforces `limitBytes` on the decoded size while reading.
 * On 'too_large' the source is left unread rather than destroyed, so the caller can still send its 413.
 */
export async function readBodyWithLimit(
  stream: AsyncIterable<Uint8Array>,
  limitBytes: number,
  encoding: string | undefined,
): Promise<Result<Buffer>> {
  const coding = (encoding ?? '').trim().toLowerCase();
  if (coding === '' || coding === 'identity') return readIdentity(stream, limitBytes);
  if (coding === 'gzip' || coding === 'x-gzip') return inflateWithLimit(stream, limitBytes, 'gzip');
  if (coding === 'deflate') return inflateWithLimit(stream, limitBytes, 'deflate');
  return err(
    new AppError(
      'unsupported_media_type',
      `unsupported Content-Encoding ${JSON.stringify(coding.slice(0, 64))}`,
    ),
  );
}

async function readIdentity(stream: AsyncIterable<Uint8Array>, limitBytes: number): Promise<Result<Buffer>> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of detached(stream, limitBytes)) {
      chunks.push(chunk);
      total += chunk.byteLength;
    }
  } catch (e) {
    if (e instanceof LimitExceeded) return err(tooLarge(limitBytes, ''));
    const why = e instanceof Error ? e.message : String(e);
    return err(new AppError('invalid_argument', `could not read the request body: ${why}`));
  }
  return ok(Buffer.concat(chunks, total));
}

/**
 * Yields the source's chunks up to `maxBytes` in total. Iterates by hand so that stopping early never calls the
 * source's return(): for an http.IncomingMessage that would destroy the socket and lose the error response.
 */
async function* detached(source: Iterable<Uint8Array> | AsyncIterable<Uint8Array>, maxBytes: number) {
  const it = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  let total = 0;
  for (;;) {
    const next = await it.next();
    if (next.done === true) return;
    total += next.value.byteLength;
    if (total > maxBytes) throw new LimitExceeded();
    yield next.value;
  }
}

const tooLarge = (limitBytes: number, when: string) =>
  new AppError('too_large', `request body exceeds ${limitBytes} bytes${when}`);
