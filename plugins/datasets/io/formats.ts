import { z } from 'zod';

export const ImportFormat = z.enum(['csv', 'jsonl', 'parquet', 'xlsx']);
export type ImportFormat = z.infer<typeof ImportFormat>;

export const ExportFormat = z.enum(['csv', 'jsonl', 'parquet']);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** Text encodings of CSV and JSONL files; a UTF-8 byte-order mark is dropped. */
export const TextEncoding = z.enum(['utf-8', 'gb18030']);
export type TextEncoding = z.infer<typeof TextEncoding>;

/** Bounds every reader keeps, so memory does not grow with the file. */
export interface ReadLimits {
  /** Longest CSV record or JSONL line, in characters. */
  maxLineChars: number;
  /** Largest XLSX file (its shared strings are held in memory by the reader). */
  maxXlsxBytes: number;
  /** Largest uncompressed Parquet row group (one is decoded at a time). */
  maxParquetRowGroupBytes: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxLineChars: 16 * 1024 * 1024,
  maxXlsxBytes: 100 * 1024 * 1024,
  maxParquetRowGroupBytes: 256 * 1024 * 1024,
};

export const MEDIA_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson',
  parquet: 'application/vnd.apache.parquet',
};
