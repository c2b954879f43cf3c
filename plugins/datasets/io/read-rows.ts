import type { ByteSource } from './byte-source';
import { readCsv } from './csv-reader';
import type { ImportFormat, ReadLimits, TextEncoding } from './formats';
import { readJsonl } from './jsonl-reader';
import { readParquet } from './parquet-reader';
import type { SourceRow } from './source-row';
import { readXlsx } from './xlsx-reader';

/** The rows of an import file, streamed; throws an `invalid_argument` AppError when the file is unreadable. */
export function readRows(
  format: ImportFormat,
  source: ByteSource,
  options: { encoding: TextEncoding; limits: ReadLimits },
): AsyncIterable<SourceRow> {
  switch (format) {
    case 'csv':
      return readCsv(source, options);
    case 'jsonl':
      return readJsonl(source, options);
    case 'parquet':
      return readParquet(source, options);
    case 'xlsx':
      return readXlsx(source, options);
  }
}
