import type { ByteSource } from './byte-source';
import { columnNames } from './column-names';
import { csvRecords } from './csv-records';
import type { ReadLimits, TextEncoding } from './formats';
import type { SourceRow } from './source-row';
import { decodeText } from './text-decode';

/**
 * Streams the data rows of a CSV file; the first record names the columns. Quoted cells may span lines. A row
 * with another number of cells than the header is a bad row; an unclosed quote at the end or a record past
 * `maxLineChars` fails the whole file.
 */
export async function* readCsv(
  source: ByteSource,
  options: { encoding: TextEncoding; limits: Pick<ReadLimits, 'maxLineChars'> },
): AsyncIterable<SourceRow> {
  let header: string[] | undefined;
  let index = 0;
  for await (const { cells, line } of csvRecords(
    decodeText(source.chunks(), options.encoding),
    options.limits.maxLineChars,
  )) {
    if (header === undefined) {
      header = columnNames(cells);
      continue;
    }
    if (cells.length !== header.length) {
      yield {
        index: index++,
        error: `line ${line}: ${cells.length} cells where the header has ${header.length}`,
      };
      continue;
    }
    const row: Record<string, unknown> = {};
    for (let i = 0; i < header.length; i++) row[header[i] as string] = cells[i];
    yield { index: index++, cells: row };
  }
}
