import { fileError } from './source-row';

const MIB = 1024 * 1024;
const QUOTE = '"';

/** One complete record's cells (RFC 4180: `""` is a quote inside a quoted cell; text after a closing quote is kept). */
export function splitRecord(record: string): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (record.charCodeAt(i) === 34) {
      let from = i + 1;
      for (;;) {
        const q = record.indexOf(QUOTE, from);
        if (q === -1) {
          cell += record.slice(from);
          i = record.length;
          break;
        }
        if (record.charCodeAt(q + 1) === 34) {
          cell += record.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        cell += record.slice(from, q);
        i = q + 1;
        break;
      }
    }
    const comma = record.indexOf(',', i);
    if (comma === -1) {
      cells.push(cell + record.slice(i));
      return cells;
    }
    cells.push(cell + record.slice(i, comma));
    i = comma + 1;
  }
}

/**
 * Splits decoded CSV text into records: a line break ends a record unless it is inside quotes. The pending
 * record is bounded by `maxChars` (checked per chunk), so a huge line fails instead of filling memory.
 */
export async function* csvRecords(
  texts: AsyncIterable<string>,
  maxChars: number,
): AsyncIterable<{ cells: string[]; line: number }> {
  let buf = '';
  let start = 0;
  let scan = 0;
  let inQuotes = false;
  let line = 1;
  let nextQuote: number;
  let nextBreak: number;
  const take = function* (end: number) {
    let record = buf.slice(start, end);
    if (record.endsWith('\r')) record = record.slice(0, -1);
    const at = line;
    if (record.includes(QUOTE))
      for (let n = record.indexOf('\n'); n !== -1; n = record.indexOf('\n', n + 1)) line++;
    line++;
    if (record.trim() !== '') yield { cells: splitRecord(record), line: at };
  };
  for await (const text of texts) {
    buf = start === buf.length ? text : buf.slice(start) + text;
    scan -= start;
    start = 0;
    nextQuote = -1;
    nextBreak = -1;
    for (;;) {
      if (nextQuote < scan) nextQuote = buf.indexOf(QUOTE, scan);
      if (inQuotes) {
        if (nextQuote === -1) {
          scan = buf.length;
          break;
        }
        inQuotes = false;
        scan = nextQuote + 1;
        continue;
      }
      if (nextBreak < scan) nextBreak = buf.indexOf('\n', scan);
      if (nextBreak === -1 && nextQuote === -1) {
        scan = buf.length;
        break;
      }
      if (nextQuote !== -1 && (nextBreak === -1 || nextQuote < nextBreak)) {
        inQuotes = true;
        scan = nextQuote + 1;
        continue;
      }
      yield* take(nextBreak);
      start = nextBreak + 1;
      scan = start;
      nextQuote = nextQuote < scan ? -1 : nextQuote;
    }
    if (buf.length - start > maxChars)
      throw fileError(`a CSV row is longer than ${Math.round(maxChars / MIB)} MiB (line ${line})`);
  }
  if (inQuotes)
    throw fileError(
      `the CSV file ends inside a quoted cell (line ${line}): the file is truncated or a quote is missing`,
    );
  if (start < buf.length) yield* take(buf.length);
}
