import type { ItemErrorCode, ItemErrorGroup } from '../types';

/** Row errors grouped by rule, counting all and keeping the first `maxDetails` rows of each group. */
export class ErrorGroups {
  private readonly groups = new Map<ItemErrorCode, ItemErrorGroup>();
  constructor(private readonly maxDetails = 10) {}

  add(code: ItemErrorCode, index: number, message: string, groupMessage = GROUP_MESSAGES[code]): void {
    let group = this.groups.get(code);
    if (group === undefined) {
      group = { code, message: groupMessage, count: 0, details: [] };
      this.groups.set(code, group);
    }
    group.count++;
    if (group.details.length < this.maxDetails) group.details.push({ index, message });
  }

  /** Merges a store's answer (its indices relative to a batch starting at `offset`). */
  addGroups(groups: readonly ItemErrorGroup[], rowOf: (batchIndex: number) => number): void {
    for (const g of groups) {
      const known = this.groups.get(g.code);
      const before = known?.count ?? 0;
      for (const d of g.details) this.add(g.code, rowOf(d.index), d.message, g.message);
      // The store reports at most a few details; count the rest too.
      const group = this.groups.get(g.code);
      if (group !== undefined) group.count = before + g.count;
    }
  }

  get count(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.count;
    return n;
  }

  toJSON(): ItemErrorGroup[] {
    return [...this.groups.values()];
  }
}

const GROUP_MESSAGES: Record<ItemErrorCode, string> = {
  mismatch_schema: 'values that do not fit the field type',
  missing_required_field: 'a required field has no value',
  empty_data: 'rows without any value',
  exceed_max_item_size: 'rows larger than the item size limit',
  exceed_max_nested_depth: 'values nested too deep',
  exceed_dataset_capacity: 'rows past the dataset capacity',
  illegal_content: 'rows that could not be read',
  get_media_failed: 'media that could not be fetched',
};
