import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ByteSource } from './byte-source';
import { columnNames } from './column-names';
import type { ReadLimits } from './formats';
import { fileError, type SourceRow } from './source-row';

const MIB = 1024 * 1024;

/** An ExcelJS cell value as a plain value: rich text and hyperlinks as their text, formulas as their result. */
function cellValue(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'object') return value;
  const v = value as {
    richText?: { text: string }[];
    text?: unknown;
    result?: unknown;
    error?: string;
  };
  if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
  if ('result' in v) return cellValue(v.result);
  if (v.text !== undefined) return cellValue(v.text);
  if (v.error !== undefined) return v.error;
  return JSON.stringify(value);
}

/**
 * Streams the first worksheet of an XLSX file (ExcelJS's streaming reader); its first row names the columns.
 * The workbook's shared strings are held in memory, so the file size is bounded (`maxXlsxBytes`).
 */
export async function* readXlsx(
  source: ByteSource,
  options: { limits: Pick<ReadLimits, 'maxXlsxBytes'> },
): AsyncIterable<SourceRow> {
  if (source.size > options.limits.maxXlsxBytes)
    throw fileError(
      `XLSX files are read up to ${Math.round(options.limits.maxXlsxBytes / MIB)} MiB; ` +
        'save larger sheets as CSV',
    );
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(source.chunks()), {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let header: string[] | undefined;
  let index = 0;
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = (row.values as unknown[]).slice(1).map(cellValue);
        if (header === undefined) {
          header = columnNames(values);
          continue;
        }
        if (values.every((v) => v === undefined || v === '')) continue;
        if (values.length > header.length && values.slice(header.length).some((v) => v !== undefined)) {
          yield { index: index++, error: `sheet row ${row.number}: cells past the last named column` };
          continue;
        }
        const cells: Record<string, unknown> = {};
        header.forEach((name, i) => {
          if (values[i] !== undefined) cells[name] = values[i];
        });
        yield { index: index++, cells };
      }
      break;
    }
  } catch (e) {
    if ((e as { kind?: string }).kind === 'invalid_argument') throw e;
    throw fileError(`not a readable XLSX file (truncated?): ${(e as Error).message}`);
  }
}
