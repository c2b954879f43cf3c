import { once } from 'node:events';
import { parse, type CsvError } from 'csv-parse';
import type { ByteSource } from './byte-source';
import type { ReadLimits, TextEncoding } from './formats';
import { columnNames } from './column-names';
import { fileError, type SourceRow } from './source-row';
import { decodeText } from './text-decode';

const MIB = 1024 * 1024;

function csvFailure(e: unknown, maxLineChars: number): Error {
  const code = (e as Partial<CsvError>).code;
  const line = (e as { lines?: number }).lines;
  const at = line === undefined ? '' : ` (line ${line})`;
  if (code === 'CSV_QUOTE_NOT_CLOSED')
    return fileError(`the CSV file ends inside a quoted cell${at}: the file is truncated or a quote is missing`);
  if (code === 'CSV_MAX_RECORD_SIZE')
    return fileError(`a CSV row is longer than ${Math.round(maxLineChars / MIB)} MiB${at}`);
  if (typeof code === 'string') return fileError(`malformed CSV${at}: ${(e as Error).message}`);
  return e instanceof Error ? e : new Error(String(e));
}

/**
 * Streams the data rows of a CSV file; the first record names the columns. Quoted cells may span lines. A row
 * with another number of cells than the header is a bad row; an unclosed quote at the end or a record past
 * `maxLineChars` fails the whole file.
 */
export async function* readCsv(
  source: ByteSource,
  options: { encoding: TextEncoding; limits: Pick<ReadLimits, 'maxLineChars'> },
): AsyncIterable<SourceRow> {
  const { maxLineChars } = options.limits;
  const parser = parse({
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: maxLineChars,
    info: true,
  });
  const stop = new AbortController();
  const feed = (async () => {
    for await (const text of decodeText(source.chunks(), options.encoding)) {
      if (stop.signal.aborted) return;
      if (!parser.write(text)) await once(parser, 'drain', { signal: stop.signal });
    }
    parser.end();
  })().catch((e: unknown) => {
    if (!stop.signal.aborted) parser.destroy(e instanceof Error ? e : new Error(String(e)));
  });
  let header: string[] | undefined;
  let index = 0;
  try {
    for await (const entry of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (header === undefined) {
        header = columnNames(entry.record);
        continue;
      }
      const { record } = entry;
      if (record.length !== header.length) {
        yield {
          index: index++,
          error: `line ${entry.info.lines}: ${record.length} cells where the header has ${header.length}`,
        };
        continue;
      }
      const cells: Record<string, unknown> = {};
      for (let i = 0; i < header.length; i++) cells[header[i] as string] = record[i];
      yield { index: index++, cells };
    }
  } catch (e) {
    throw csvFailure(e, maxLineChars);
  } finally {
    stop.abort();
    parser.destroy();
    await feed;
  }
}
