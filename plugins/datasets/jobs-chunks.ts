import type { SqlClient } from '../../core/metadata/types';
import { AppError } from '../sdk/index';
import type { ByteSource } from './io/byte-source';

/** Bytes of one stored chunk: small enough for one statement, large enough to keep the row count low. */
export const CHUNK_BYTES = 1024 * 1024;

const GIB = 1024 * 1024 * 1024;

// Bytes travel as base64 text and are decoded in SQL: PGlite binds a bytea parameter ~17x slower than text.
const base64 = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

const asBytes = (value: unknown): Uint8Array => {
  if (typeof value === 'string') return new Uint8Array(Buffer.from(value, 'base64'));
  throw new Error('a stored chunk did not come back as base64 text');
};

/**
 * Stores a body as 1 MiB rows of the job, counting bytes as they come: past `maxBytes` it stops reading and
 * throws `too_large` (the caller removes the job). `touch` runs every few chunks (a heartbeat).
 */
export async function storeChunks(
  sql: SqlClient,
  jobId: string,
  body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  maxBytes: number,
  touch: () => Promise<void>,
): Promise<number> {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let total = 0;
  let seq = 0;
  let flushed = 0;
  const flush = async () => {
    const data = pending.length === 1 ? (pending[0] as Uint8Array) : Buffer.concat(pending);
    await sql.query(
      "INSERT INTO dataset_io_chunks (job_id, seq, byte_offset, data) VALUES ($1, $2, $3, decode($4, 'base64'))",
      [jobId, seq, flushed, base64(data)],
    );
    seq++;
    flushed += pendingBytes;
    pending = [];
    pendingBytes = 0;
    if (seq % 16 === 0) await touch();
  };
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > maxBytes)
      throw new AppError('too_large', `the file is larger than ${(maxBytes / GIB).toFixed(1)} GiB`);
    let rest = chunk;
    while (rest.byteLength > 0) {
      const room = CHUNK_BYTES - pendingBytes;
      pending.push(rest.subarray(0, room));
      pendingBytes += Math.min(room, rest.byteLength);
      rest = rest.subarray(room);
      if (pendingBytes === CHUNK_BYTES) await flush();
    }
  }
  if (pendingBytes > 0) await flush();
  return total;
}

/** A job's stored file, read a chunk at a time (in order) or by range (Parquet). */
export function chunkSource(sql: SqlClient, jobId: string, size: number): ByteSource {
  const chunk = async (seq: number): Promise<Uint8Array | undefined> => {
    const rows = await sql.query(
      "SELECT encode(data, 'base64') AS data FROM dataset_io_chunks WHERE job_id = $1 AND seq = $2",
      [jobId, seq],
    );
    return rows[0] === undefined ? undefined : asBytes(rows[0].data);
  };
  return {
    size,
    async *chunks() {
      let next = chunk(0);
      for (let seq = 1; ; seq++) {
        const data = await next;
        if (data === undefined) return;
        // Fetch the next chunk while this one is parsed.
        next = chunk(seq);
        next.catch(() => undefined);
        yield data;
      }
    },
    async read(start, end) {
      const stop = Math.min(end, size);
      if (stop <= start) return new Uint8Array(0);
      const first = Math.floor(start / CHUNK_BYTES);
      const last = Math.floor((stop - 1) / CHUNK_BYTES);
      const rows = await sql.query(
        "SELECT byte_offset, encode(data, 'base64') AS data FROM dataset_io_chunks\n         WHERE job_id = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq",
        [jobId, first, last],
      );
      const out = new Uint8Array(stop - start);
      for (const row of rows) {
        const data = asBytes(row.data);
        const offset = Number(row.byte_offset);
        const from = Math.max(start, offset);
        const to = Math.min(stop, offset + data.byteLength);
        if (to > from) out.set(data.subarray(from - offset, to - offset), from - start);
      }
      return out;
    },
  };
}

export async function dropChunks(sql: SqlClient, jobId: string): Promise<void> {
  await sql.query('DELETE FROM dataset_io_chunks WHERE job_id = $1', [jobId]);
}
