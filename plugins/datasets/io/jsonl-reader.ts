import type { ByteSource } from './byte-source';
import type { ReadLimits, TextEncoding } from './formats';
import { fileError, type SourceRow } from './source-row';
import { decodeText } from './text-decode';

const MIB = 1024 * 1024;

/** Lines of a text stream, each bounded: a line past `maxChars` fails before it is held whole. */
async function* lines(
  texts: AsyncIterable<string>,
  maxChars: number,
): AsyncIterable<{ text: string; line: number; last: boolean }> {
  let pending = '';
  let line = 0;
  for await (const text of texts) {
    let from = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
      const whole = pending + text.slice(from, nl);
      pending = '';
      from = nl + 1;
      line++;
      if (whole.length > maxChars) throw tooLong(line, maxChars);
      yield { text: whole, line, last: false };
    }
    pending += text.slice(from);
    if (pending.length > maxChars) throw tooLong(line + 1, maxChars);
  }
  if (pending !== '') yield { text: pending, line: line + 1, last: true };
}

const tooLong = (line: number, maxChars: number) =>
  fileError(`line ${line} is longer than ${Math.round(maxChars / MIB)} MiB`);

/** Streams JSON Lines: one JSON object per line; blank lines are skipped, anything else is a bad row. */
export async function* readJsonl(
  source: ByteSource,
  options: { encoding: TextEncoding; limits: Pick<ReadLimits, 'maxLineChars'> },
): AsyncIterable<SourceRow> {
  let index = 0;
  for await (const { text, line, last } of lines(
    decodeText(source.chunks(), options.encoding),
    options.limits.maxLineChars,
  )) {
    const trimmed = text.trim();
    if (trimmed === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      const why = last ? 'is not complete JSON (the file looks truncated)' : 'is not valid JSON';
      yield { index: index++, error: `line ${line} ${why}` };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield { index: index++, error: `line ${line} is not a JSON object` };
      continue;
    }
    yield { index: index++, cells: value as Record<string, unknown> };
  }
}
