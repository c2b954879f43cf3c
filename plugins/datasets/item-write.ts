import { AppError } from '../../core/app-error';
import type { SqlClient } from '../../core/metadata/types';
import { storeCells, type CellStorageDeps } from './cell-storage';
import { isId, requireDataset } from './dataset-lookup';
import { ITEM_COLUMNS, ItemRow, type StoredCell } from './dataset-rows';
import type { Sql } from './dataset-crud';
import { checkItem, groupIssues, searchTextOf, type ItemIssue } from './item-validation';
import { OPEN_VN } from './migrations';
import { fieldView } from './dataset-rows';
import type { FieldSchema, NewItem, WriteOptions, WriteResult } from './types';
import type { JsonSchemas } from './value-check';

export const MAX_BATCH = 100;

interface Prepared {
  index: number;
  item: NewItem;
  cells: Record<string, StoredCell>[];
  searchText: string;
}

/** A row to insert: a new item, or the next row of an item a committed version holds. */
interface NewRow {
  item_id: string;
  item_key: string | null;
  turns: { id: string; fields: Record<string, StoredCell> }[];
  search_text: string;
  source_trace_id: string | null;
  source_span_id: string | null;
  created_by: string;
  created_at: string;
}

async function nextIds(tx: SqlClient, n: number): Promise<string[]> {
  if (n === 0) return [];
  const rows = await tx.query(`SELECT nextval('dataset_item_ids')::text AS id FROM generate_series(1, $1)`, [
    n,
  ]);
  return rows.map((r) => String(r.id));
}

/** Adds or changes 1–100 items of the draft (see DatasetStore.writeItems). */
export async function writeItems(
  sql: Sql,
  deps: CellStorageDeps & { schemas: JsonSchemas },
  workspaceId: string,
  datasetId: string,
  items: NewItem[],
  options: WriteOptions,
  actor: string,
): Promise<WriteResult> {
  if (items.length < 1 || items.length > MAX_BATCH)
    throw new AppError('invalid_argument', `a batch holds 1–${MAX_BATCH} items, not ${items.length}`);
  const dataset = await requireDataset(sql, workspaceId, datasetId);
  const fields: FieldSchema[] = dataset.fields.map(fieldView);
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const issues: ItemIssue[] = [];
  const prepared: Prepared[] = [];
  for (const [index, item] of items.entries()) {
    const bad = checkItem(item, byKey, deps.limits, deps.schemas);
    if (bad !== undefined) {
      issues.push({ index, ...bad });
      continue;
    }
    const stored = await storeCells(deps, workspaceId, dataset.id, item.turns, options.media);
    if (!stored.ok) issues.push({ index, ...stored.error });
    else
      prepared.push({
        index,
        item,
        cells: stored.turns,
        searchText: searchTextOf(item.turns, deps.limits.inlineValueBytes),
      });
  }
  const refused = (): WriteResult => ({ written: false, outputs: [], errors: groupIssues(issues) });
  if (issues.length > 0 && options.skipInvalid !== true) return refused();

  return sql.transaction(async (tx) => {
    const locked = await requireDataset(tx, workspaceId, datasetId, { lock: true });
    if (JSON.stringify(locked.fields) !== JSON.stringify(dataset.fields))
      throw new AppError('conflict', "the dataset's schema changed during the write; send the batch again");
    const draft = locked.next_version_num;

    // Which existing item each write changes, by id or by item key; later writes in the batch win.
    const ids = prepared.flatMap((p) => (p.item.id === undefined || !isId(p.item.id) ? [] : [p.item.id]));
    const keys = prepared.flatMap((p) => (p.item.itemKey === undefined ? [] : [p.item.itemKey]));
    const existing = (
      await tx.query(
        `SELECT ${ITEM_COLUMNS} FROM dataset_items WHERE dataset_id = $1::bigint AND del_vn = ${OPEN_VN}
           AND (item_id = ANY($2::text[]::bigint[]) OR item_key = ANY($3::text[]))`,
        [locked.id, ids, keys],
      )
    ).map((r) => ItemRow.parse(r));
    const rowById = new Map(existing.map((r) => [r.item_id, r]));
    const idByKey = new Map(
      existing.flatMap((r) => (r.item_key === null ? [] : [[r.item_key, r.item_id] as const])),
    );

    type Plan = { p: Prepared; target?: ItemRow; pendingKey?: string };
    const plans: Plan[] = [];
    const newByKey = new Map<string, Plan>();
    for (const p of prepared) {
      const { id, itemKey } = p.item;
      if (id !== undefined) {
        const target = rowById.get(id);
        if (target === undefined) {
          issues.push({ index: p.index, code: 'illegal_content', message: `no item ${id} in the draft` });
          continue;
        }
        const holder = itemKey === undefined ? undefined : idByKey.get(itemKey);
        if (holder !== undefined && holder !== id) {
          issues.push({
            index: p.index,
            code: 'illegal_content',
            message: `item key "${itemKey}" belongs to item ${holder}`,
          });
          continue;
        }
        plans.push({ p, target });
        continue;
      }
      const heldBy = itemKey === undefined ? undefined : idByKey.get(itemKey);
      const target = heldBy === undefined ? undefined : rowById.get(heldBy);
      if (target !== undefined) plans.push({ p, target });
      else if (itemKey !== undefined && newByKey.has(itemKey)) plans.push({ p, pendingKey: itemKey });
      else {
        const plan: Plan = { p };
        if (itemKey !== undefined) newByKey.set(itemKey, plan);
        plans.push(plan);
      }
    }

    // Capacity counts items the draft does not hold yet.
    const room = Math.max(0, deps.limits.maxItems - locked.draft_item_count);
    let fresh = 0;
    const fitting: Plan[] = [];
    for (const plan of plans) {
      if (plan.target !== undefined || plan.pendingKey !== undefined) {
        fitting.push(plan);
        continue;
      }
      if (fresh < room) {
        fresh++;
        fitting.push(plan);
      } else
        issues.push({
          index: plan.p.index,
          code: 'exceed_dataset_capacity',
          message: `the dataset holds at most ${deps.limits.maxItems} items`,
        });
    }
    const capacityIssues = issues.some((i) => i.code === 'exceed_dataset_capacity');
    const otherIssues = issues.some((i) => i.code !== 'exceed_dataset_capacity');
    if ((capacityIssues && options.allowPartial !== true) || (otherIssues && options.skipInvalid !== true))
      return refused();
    const kept = fitting;

    const freshIds = await nextIds(tx, fresh);
    const turnIdsNeeded = kept.reduce((n, plan) => n + plan.p.cells.length, 0);
    const turnIds = await nextIds(tx, turnIdsNeeded);
    let turnAt = 0;
    const turnsOf = (p: Prepared, before: ItemRow | undefined) =>
      p.cells.map((fields, i) => ({ id: before?.turns[i]?.id ?? (turnIds[turnAt++] as string), fields }));

    const outputs: WriteResult['outputs'] = [];
    const inserts: NewRow[] = [];
    const inserted = new Map<string, NewRow>();
    const now = new Date().toISOString();
    let freshAt = 0;
    for (const plan of kept) {
      const { p } = plan;
      const source = p.item.source;
      const base = {
        item_key: p.item.itemKey ?? plan.target?.item_key ?? null,
        search_text: p.searchText,
        source_trace_id: source?.traceId ?? plan.target?.source_trace_id ?? null,
        source_span_id: source?.spanId ?? plan.target?.source_span_id ?? null,
      };
      const output = (itemId: string, isNew: boolean) =>
        outputs.push({
          index: p.index,
          ...(base.item_key === null ? {} : { itemKey: base.item_key }),
          itemId,
          isNew,
        });
      if (plan.pendingKey !== undefined) {
        // A second write of a key this batch adds: it replaces the row about to be inserted.
        const row = inserted.get(plan.pendingKey);
        if (row === undefined) continue;
        Object.assign(row, base, { turns: turnsOf(p, undefined) });
        output(row.item_id, true);
        continue;
      }
      const target = plan.target;
      if (target === undefined) {
        const row: NewRow = {
          item_id: freshIds[freshAt++] as string,
          ...base,
          turns: turnsOf(p, undefined),
          created_by: actor,
          created_at: now,
        };
        inserts.push(row);
        if (row.item_key !== null) inserted.set(row.item_key, row);
        output(row.item_id, true);
      } else if (target.add_vn === draft) {
        await tx.query(
          `UPDATE dataset_items SET item_key = $2, turns = $3::jsonb, search_text = $4, source_trace_id = $5,
             source_span_id = $6, updated_by = $7, updated_at = now() WHERE row_id = $1::bigint`,
          [
            target.row_id,
            base.item_key,
            JSON.stringify(turnsOf(p, target)),
            base.search_text,
            base.source_trace_id,
            base.source_span_id,
            actor,
          ],
        );
        output(target.item_id, false);
      } else {
        // A committed version holds this row: close it at the draft and add the item's next row.
        await tx.query(`UPDATE dataset_items SET del_vn = $2 WHERE row_id = $1::bigint`, [
          target.row_id,
          draft,
        ]);
        inserts.push({
          item_id: target.item_id,
          ...base,
          turns: turnsOf(p, target),
          created_by: target.created_by,
          created_at: target.created_at.toISOString(),
        });
        output(target.item_id, false);
      }
    }
    if (inserts.length > 0)
      await tx.query(
        `INSERT INTO dataset_items (dataset_id, item_id, item_key, add_vn, turns, search_text, source_trace_id,
           source_span_id, created_by, updated_by, created_at)
         SELECT $1::bigint, x.item_id, x.item_key, $2, x.turns, x.search_text, x.source_trace_id, x.source_span_id,
           x.created_by, $3, x.created_at
         FROM jsonb_to_recordset($4::jsonb) AS x(item_id bigint, item_key text, turns jsonb, search_text text,
           source_trace_id text, source_span_id text, created_by text, created_at timestamptz)`,
        [locked.id, draft, actor, JSON.stringify(inserts)],
      );
    await tx.query(
      `UPDATE datasets SET draft_item_count = draft_item_count + $2, draft_changed = true, updated_by = $3,
         updated_at = now() WHERE id = $1::bigint`,
      [locked.id, fresh, actor],
    );
    outputs.sort((a, b) => a.index - b.index);
    return {
      written: outputs.length > 0,
      outputs,
      errors: groupIssues(issues.sort((a, b) => a.index - b.index)),
    };
  });
}
