import type { ItemErrorGroup, WriteResult } from '../api/dataset-types';

/** Grouped write errors as one readable line: the rule broken, how many rows, the first rows named. */
export function errorGroupText(g: ItemErrorGroup): string {
  const rows = g.details.map((d) => `row ${d.index + 1}: ${d.message}`).join('; ');
  return `${g.message || g.code} (${g.count} row${g.count === 1 ? '' : 's'}${rows === '' ? '' : `: ${rows}`})`;
}

export function writeErrorText(r: WriteResult): string {
  if (r.errors.length === 0) return r.written ? '' : 'nothing was written';
  return `${r.written ? 'Some rows were skipped' : 'Nothing was written'}: ${r.errors.map(errorGroupText).join(' · ')}`;
}
