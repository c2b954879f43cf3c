import { cellText } from './cell-text';
import { fileError } from './source-row';

/** A header as column names: trimmed, blanks named `column_<n>`; a name used twice fails the file. */
export function columnNames(header: readonly unknown[]): string[] {
  const names = header.map((cell, i) => {
    const name = cellText(cell).trim();
    return name === '' ? `column_${i + 1}` : name;
  });
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw fileError(`the header names the column "${name}" twice`);
    seen.add(name);
  }
  return names;
}
