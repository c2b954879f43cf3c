import type { Content } from '../../schemas/content';
import { AppError, type PluginContext } from '../sdk/index';
import { itemOfSpan, resolveMappings } from './from-traces-map';
import type { FromTracesRequest, SkippedSpan } from './from-traces-schemas';
import { selectSpans } from './from-traces-select';
import type { Dataset, DatasetStore, FieldSchema, ItemErrorGroup, NewItem, WriteResult } from './types';

export interface FromTracesDeps {
  store: DatasetStore;
  spans: PluginContext['spans'];
}

/** The items a request makes (fields by key), the spans it skipped, and the dataset they go to. */
export interface FromTracesPlan {
  dataset: Dataset;
  items: NewItem[];
  errors: SkippedSpan[];
}

/** The store writes at most this many items at once. */
const BATCH = 100;
const MAX_DETAILS = 5;

/** Selects the spans and maps them; the preview answers this and the write writes exactly `items`. */
export async function planFromTraces(
  deps: FromTracesDeps,
  workspaceId: string,
  datasetId: string,
  req: FromTracesRequest,
): Promise<FromTracesPlan> {
  const dataset = await deps.store.get(workspaceId, datasetId);
  if (dataset === undefined) throw new AppError('not_found', `dataset ${datasetId} not found`);
  const mappings = resolveMappings(req.mappings, dataset.fields);
  const selection = await selectSpans(deps.spans, workspaceId, req);
  const items: NewItem[] = [];
  const errors = [...selection.errors];
  for (const { index, span } of selection.spans) {
    const item = itemOfSpan(span, mappings);
    if (typeof item === 'string')
      errors.push({ index, traceId: span.traceId, spanId: span.spanId, message: item });
    else items.push(item);
  }
  errors.sort((a, b) => a.index - b.index);
  return { dataset, items, errors };
}

/** An item with its fields named by the schema (the REST API's form). */
export function namedItem(item: NewItem, fields: readonly FieldSchema[]) {
  const nameOf = new Map(fields.map((f) => [f.key, f.name]));
  return {
    itemKey: item.itemKey ?? '',
    turns: item.turns.map((t) => ({
      fields: Object.fromEntries(
        Object.entries(t.fields).map(([key, value]): [string, Content] => [nameOf.get(key) ?? key, value]),
      ),
    })),
    source: item.source ?? { traceId: '', spanId: '' },
  };
}

/** Error groups of several batches as one list: counts summed, at most five details per rule. */
function mergeErrors(groups: readonly ItemErrorGroup[]): ItemErrorGroup[] {
  const byCode = new Map<string, ItemErrorGroup>();
  for (const g of groups) {
    const seen = byCode.get(g.code);
    if (seen === undefined) byCode.set(g.code, { ...g, details: g.details.slice(0, MAX_DETAILS) });
    else {
      seen.count += g.count;
      seen.details = [...seen.details, ...g.details].slice(0, MAX_DETAILS);
    }
  }
  return [...byCode.values()];
}

/**
 * Writes the plan's items in batches of 100, indices counted over the whole plan. A batch the store refuses
 * whole (all-or-nothing, the default) stops the write there: batches before it stay written (`written` says
 * whether any was).
 */
export async function writePlan(
  store: DatasetStore,
  workspaceId: string,
  plan: FromTracesPlan,
  options: { skipInvalid: boolean; allowPartial: boolean },
  actor: string,
): Promise<WriteResult> {
  const result: WriteResult = { written: false, outputs: [], errors: [] };
  const groups: ItemErrorGroup[] = [];
  for (let from = 0; from < plan.items.length; from += BATCH) {
    const part = await store.writeItems(
      workspaceId,
      plan.dataset.id,
      plan.items.slice(from, from + BATCH),
      options,
      actor,
    );
    result.outputs.push(...part.outputs.map((o) => ({ ...o, index: o.index + from })));
    groups.push(
      ...part.errors.map((g) => ({ ...g, details: g.details.map((d) => ({ ...d, index: d.index + from })) })),
    );
    result.written ||= part.written;
    if (!part.written && !options.skipInvalid) break;
  }
  result.errors = mergeErrors(groups);
  return result;
}
