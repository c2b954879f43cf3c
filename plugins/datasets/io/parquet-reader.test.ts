import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { bytesSource } from './byte-source';
import { allRows } from './read-test-kit';

describe('Parquet reader', () => {
  it('reads rows across row groups, int64 as numbers and nested values as JSON-able values', async () => {
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'question', data: ['a', 'b', 'c'], type: 'STRING' },
        { name: 'n', data: [1n, 2n, 3n], type: 'INT64' },
        { name: 'ok', data: [true, false, null], type: 'BOOLEAN' },
      ],
      rowGroupSize: 2,
    });
    const rows = await allRows('parquet', bytesSource(new Uint8Array(buffer)));
    expect(rows).toEqual([
      { index: 0, cells: { question: 'a', n: 1, ok: true } },
      { index: 1, cells: { question: 'b', n: 2, ok: false } },
      { index: 2, cells: { question: 'c', n: 3, ok: null } },
    ]);
  });

  it('refuses a column of raw bytes, naming it', async () => {
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'question', data: ['a'], type: 'STRING' },
        { name: 'blob', data: [new Uint8Array([1, 2, 3])], type: 'BYTE_ARRAY' },
      ],
    });
    await expect(allRows('parquet', bytesSource(new Uint8Array(buffer)))).rejects.toThrow(
      /column "blob" has a type datasets cannot hold: binary/,
    );
  });

  it('refuses a truncated file', async () => {
    const buffer = new Uint8Array(
      parquetWriteBuffer({ columnData: [{ name: 'q', data: ['a', 'b'], type: 'STRING' }] }),
    );
    await expect(allRows('parquet', bytesSource(buffer.subarray(0, buffer.byteLength - 10)))).rejects.toThrow(
      /not a readable Parquet file/,
    );
  });
});
