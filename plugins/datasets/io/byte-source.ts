/** A file read by the import readers: streamed in order, or by range (Parquet keeps its index at the end). */
export interface ByteSource {
  readonly size: number;
  /** The bytes in order, in chunks of any size. */
  chunks(): AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
  /** Bytes [start, end), end clamped to the size. */
  read(start: number, end: number): Promise<Uint8Array>;
}

/** A file already in memory (previews, tests). */
export function bytesSource(data: Uint8Array, chunkBytes = 64 * 1024): ByteSource {
  return {
    size: data.byteLength,
    *chunks() {
      for (let at = 0; at < data.byteLength; at += chunkBytes) yield data.subarray(at, at + chunkBytes);
    },
    read: (start, end) => Promise.resolve(data.subarray(start, Math.min(end, data.byteLength))),
  };
}
