import { request as httpRequest, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../core/result';
import { inflateWithLimit, readBodyWithLimit } from './gzip-limit';

const MiB = 1024 * 1024;

/**
 * A gzip stream of `totalMiB` MiB of zeros, produced lazily: the same 1 MiB deflate segment (full-flushed, so it
 * stands alone) repeated, then a final empty block and the trailer. `pulled` counts segments handed out.
 */
function zeroBomb(totalMiB: number) {
  const segment = zlib.deflateRawSync(Buffer.alloc(MiB), {
    level: 9,
    finishFlush: zlib.constants.Z_FULL_FLUSH,
  });
  const state = { pulled: 0 };
  async function* chunks() {
    await Promise.resolve();
    yield Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff]);
    const zeros = Buffer.alloc(MiB);
    let crc = 0;
    for (let i = 0; i < totalMiB; i++) {
      state.pulled++;
      crc = zlib.crc32(zeros, crc);
      yield segment;
    }
    const trailer = Buffer.alloc(10);
    trailer.writeUInt16BE(0x0300, 0);
    trailer.writeUInt32LE(crc, 2);
    trailer.writeUInt32LE((totalMiB * MiB) % 2 ** 32, 6);
    yield trailer;
  }
  return { chunks: chunks(), state, segmentBytes: segment.byteLength };
}

function expectKind<T>(r: Result<T>, kind: string): void {
  expect(r.ok ? 'ok' : r.error.kind).toBe(kind);
}

describe('inflateWithLimit', () => {
  it('inflates gzip and deflate bodies within the limit', async () => {
    const body = Buffer.from('{"resourceSpans":[]}'.repeat(1000));
    const gz = await inflateWithLimit(zlib.gzipSync(body), body.length);
    expect(gz.ok && gz.value.equals(body)).toBe(true);
    const df = await inflateWithLimit(zlib.deflateSync(body), body.length, 'deflate');
    expect(df.ok && df.value.equals(body)).toBe(true);
    const concatenated = Buffer.concat([zlib.gzipSync(body), zlib.gzipSync(body)]);
    const twoMembers = await inflateWithLimit(concatenated, 2 * body.length);
    expect(twoMembers.ok && twoMembers.value.length).toBe(2 * body.length);
  });

  it('allows exactly the limit and refuses one byte more', async () => {
    const body = Buffer.alloc(100_000, 7);
    expectKind(await inflateWithLimit(zlib.gzipSync(body), 100_000), 'ok');
    expectKind(await inflateWithLimit(zlib.gzipSync(body), 99_999), 'too_large');
  });

  it('validates the bomb generator on a small size', async () => {
    const bomb = zeroBomb(4);
    const r = await inflateWithLimit(bomb.chunks, 4 * MiB);
    expect(r.ok && r.value.length).toBe(4 * MiB);
  });

  it('stops a 1 GiB gzip bomb early, reading little of it', async () => {
    const bomb = zeroBomb(1024);
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const r = await inflateWithLimit(bomb.chunks, 8 * MiB);
    expectKind(r, 'too_large');
    expect(!r.ok && r.error.message).toMatch(/exceeds 8388608 bytes after decompression/);
    expect(bomb.state.pulled).toBeLessThan(64);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(128 * MiB);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('stops a small but highly compressed buffer at a small limit', async () => {
    const compressed = zlib.gzipSync(Buffer.alloc(64 * MiB));
    expect(compressed.length).toBeLessThan(MiB);
    expectKind(await inflateWithLimit(compressed, MiB), 'too_large');
  });

  it('refuses a compressed body far larger than the limit without inflating it all', async () => {
    const noise = zlib.gzipSync(Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 251)));
    expectKind(await inflateWithLimit(noise, 10_000), 'too_large');
  });

  it('returns invalid_argument for corrupt, truncated or non-gzip data', async () => {
    const good = zlib.gzipSync(Buffer.from('hello world '.repeat(1000)));
    const corrupt = Buffer.from(good);
    for (let i = 12; i < corrupt.length - 8; i += 5) corrupt[i] = (corrupt[i] ?? 0) ^ 0x5a;
    expectKind(await inflateWithLimit(corrupt, MiB), 'invalid_argument');
    expectKind(await inflateWithLimit(good.subarray(0, good.length - 4), MiB), 'invalid_argument');
    expectKind(await inflateWithLimit(good.subarray(0, 5), MiB), 'invalid_argument');
    expectKind(await inflateWithLimit(Buffer.from('not gzip at all'), MiB), 'invalid_argument');
    expectKind(await inflateWithLimit(new Uint8Array(0), MiB), 'invalid_argument');
    const badCrc = Buffer.from(good);
    badCrc[badCrc.length - 6] = (badCrc[badCrc.length - 6] ?? 0) ^ 1;
    const r = await inflateWithLimit(badCrc, MiB);
    expectKind(r, 'invalid_argument');
    expect(!r.ok && r.error.message).toMatch(/^invalid gzip body: /);
  });
});

describe('readBodyWithLimit', () => {
  const body = Buffer.from('x'.repeat(10_000));

  it('reads identity bodies up to the limit', async () => {
    const r = await readBodyWithLimit(
      Readable.from([body.subarray(0, 5000), body.subarray(5000)]),
      10_000,
      undefined,
    );
    expect(r.ok && r.value.equals(body)).toBe(true);
    expectKind(await readBodyWithLimit(Readable.from([body]), 10_000, 'identity'), 'ok');
  });

  it('refuses an identity body past the limit and leaves the stream undestroyed', async () => {
    const stream = Readable.from([body, body, body]);
    const r = await readBodyWithLimit(stream, 15_000, 'identity');
    expectKind(r, 'too_large');
    expect(stream.destroyed).toBe(false);
  });

  it('undoes gzip, x-gzip and deflate regardless of case and spacing', async () => {
    for (const [encoding, compressed] of [
      ['gzip', zlib.gzipSync(body)],
      [' X-GZIP ', zlib.gzipSync(body)],
      ['Deflate', zlib.deflateSync(body)],
    ] as const) {
      const r = await readBodyWithLimit(Readable.from([compressed]), 10_000, encoding);
      expect(r.ok && r.value.equals(body)).toBe(true);
    }
    const bomb = Readable.from(zeroBomb(1024).chunks);
    expectKind(await readBodyWithLimit(bomb, MiB, 'gzip'), 'too_large');
    expect(bomb.destroyed).toBe(false);
    bomb.destroy();
  });

  it('refuses unknown content codings', async () => {
    for (const encoding of ['br', 'zstd', 'compress', 'gzip, br']) {
      const r = await readBodyWithLimit(Readable.from([body]), MiB, encoding);
      expectKind(r, 'unsupported_media_type');
    }
  });

  it('lets an HTTP server still answer 413 after refusing a large body', async () => {
    const server = createServer((req, res) => {
      void readBodyWithLimit(req, 64 * 1024, req.headers['content-encoding']).then((r) => {
        req.resume();
        res
          .writeHead(r.ok ? 200 : 413, { connection: 'close' })
          .end(r.ok ? String(r.value.length) : r.error.kind);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const post = (payload: Buffer, encoding: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = httpRequest(
          { port, host: '127.0.0.1', method: 'POST', headers: { 'content-encoding': encoding } },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (text += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    try {
      expect(await post(Buffer.alloc(4 * MiB), 'identity')).toEqual({ status: 413, text: 'too_large' });
      expect(await post(zlib.gzipSync(Buffer.alloc(32 * MiB)), 'gzip')).toEqual({
        status: 413,
        text: 'too_large',
      });
      expect(await post(zlib.gzipSync(Buffer.alloc(1000)), 'gzip')).toEqual({ status: 200, text: '1000' });
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
