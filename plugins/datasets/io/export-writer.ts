import { stringify } from 'csv-stringify/sync';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { DatasetItem, FieldSchema } from '../types';
import type { ExportFormat } from './formats';
import { cellString, jsonValue, turnRows } from './item-rows';

const encoder = new TextEncoder();

async function* csvBytes(fields: readonly FieldSchema[], pages: AsyncIterable<DatasetItem[]>) {
  const columns = fields.map((f) => f.name);
  yield encoder.encode(stringify([columns]));
  for await (const items of pages) {
    const rows = items.flatMap((item) => turnRows(item, fields, (_, c) => cellString(c)));
    if (rows.length > 0) yield encoder.encode(stringify(rows.map((r) => columns.map((c) => r[c] ?? ''))));
  }
}

async function* jsonlBytes(fields: readonly FieldSchema[], pages: AsyncIterable<DatasetItem[]>) {
  for await (const items of pages) {
    const lines = items.map((item) => {
      const turns = turnRows(item, fields, jsonValue);
      return JSON.stringify(turns.length === 1 ? turns[0] : { turns }) + '\n';
    });
    if (lines.length > 0) yield encoder.encode(lines.join(''));
  }
}

/** A ByteWriter whose bytes are taken out after each row group, so the file never sits in memory whole. */
class DrainedWriter extends ByteWriter {
  take(): Uint8Array {
    const bytes = new Uint8Array(this.buffer, 0, this.index).slice();
    this.index = 0;
    return bytes;
  }
}

const PARQUET_GROUP_ROWS = 5000;

async function* parquetBytes(fields: readonly FieldSchema[], pages: AsyncIterable<DatasetItem[]>) {
  const writer = new DrainedWriter(1024 * 1024);
  const parquet = new ParquetWriter({
    writer,
    schema: [
      { name: 'root', num_children: fields.length },
      ...fields.map((f) => ({
        name: f.name,
        type: 'BYTE_ARRAY' as const,
        converted_type: 'UTF8' as const,
        repetition_type: 'OPTIONAL' as const,
      })),
    ],
  });
  let rows: Record<string, string>[] = [];
  const flush = () => {
    void parquet.write({
      columnData: fields.map((f) => ({ name: f.name, data: rows.map((r) => r[f.name] ?? null) })),
      rowGroupSize: rows.length,
    });
    rows = [];
    return writer.take();
  };
  yield writer.take();
  for await (const items of pages) {
    for (const item of items) rows.push(...turnRows(item, fields, (_, c) => cellString(c)));
    if (rows.length >= PARQUET_GROUP_ROWS) yield flush();
  }
  if (rows.length > 0) yield flush();
  void parquet.finish();
  yield writer.take();
}

/**
 * A dataset state as a file, produced page by page: CSV and Parquet have one row per turn with a column per
 * field (all text; media as Content JSON); JSONL has one object per item (`{turns: […]}` for multi-turn items).
 */
export function exportBytes(
  format: ExportFormat,
  fields: readonly FieldSchema[],
  pages: AsyncIterable<DatasetItem[]>,
): AsyncIterable<Uint8Array> {
  switch (format) {
    case 'csv':
      return csvBytes(fields, pages);
    case 'jsonl':
      return jsonlBytes(fields, pages);
    case 'parquet':
      return parquetBytes(fields, pages);
  }
}
