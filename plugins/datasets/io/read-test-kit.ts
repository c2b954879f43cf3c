// Test support: reading whole files through the readers.
import type { ByteSource } from './byte-source';
import { DEFAULT_READ_LIMITS, type ImportFormat, type TextEncoding } from './formats';
import { readRows } from './read-rows';
import type { SourceRow } from './source-row';

export async function allRows(
  format: ImportFormat,
  source: ByteSource,
  encoding: TextEncoding = 'utf-8',
  limits = DEFAULT_READ_LIMITS,
): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of readRows(format, source, { encoding, limits })) rows.push(row);
  return rows;
}

/** A source of `total` bytes of one repeated byte, produced lazily (a huge line without holding it). */
export function repeatedSource(prefix: string, byte: number, total: number): ByteSource {
  const chunk = new Uint8Array(1024 * 1024).fill(byte);
  return {
    size: prefix.length + total,
    *chunks() {
      yield new TextEncoder().encode(prefix);
      for (let sent = 0; sent < total; sent += chunk.byteLength)
        yield chunk.subarray(0, Math.min(chunk.byteLength, total - sent));
    },
    read: () => Promise.reject(new Error('not by range')),
  };
}
