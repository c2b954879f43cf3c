import type { AttributeFilter } from '../../schemas/attribute-filter';
import { numericValue } from '../../schemas/attribute-filter';
import { STORED_SPAN_KIND, STORED_STATUS_CODE, TraceSearchQuery } from '../../schemas/span-query';
import type { SearchFilters } from '../../schemas/span-query';
import type { AttributeValue } from '../../schemas/span-view';
import { AppError, type PluginContext, type StoredSpan } from '../sdk/index';
import { parse } from '../prompts/request-input';
import type { FromTracesRequest, SkippedSpan, SpanRef } from './from-traces-schemas';

/** A picked span with its place in the selection. */
export interface PickedSpan {
  index: number;
  span: StoredSpan;
}

export interface Selection {
  spans: PickedSpan[];
  errors: SkippedSpan[];
}

type Spans = PluginContext['spans'];

/** Traces read at once. */
const CONCURRENCY = 8;
/** A search reads at most this many traces looking for matching spans. */
const MAX_SEARCH_TRACES = 1000;
const DEFAULT_SEARCH_LIMIT = 100;

async function tracesOf(spans: Spans, workspaceId: string, traceIds: readonly string[]) {
  const out = new Map<string, StoredSpan[]>();
  const queue = [...new Set(traceIds)];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift())
      out.set(id, await spans.trace(workspaceId, id));
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
  return out;
}

/** The spans named by id, in the order given; one that is not there is reported, not fatal. */
async function byId(spans: Spans, workspaceId: string, refs: readonly SpanRef[]): Promise<Selection> {
  const traces = await tracesOf(
    spans,
    workspaceId,
    refs.map((r) => r.traceId),
  );
  const selection: Selection = { spans: [], errors: [] };
  refs.forEach((ref, index) => {
    const span = traces.get(ref.traceId)?.find((s) => s.spanId === ref.spanId);
    if (span === undefined) selection.errors.push({ index, ...ref, message: 'span not found' });
    else selection.spans.push({ index, span });
  });
  return selection;
}

const attributeText = (v: AttributeValue | undefined): string | undefined =>
  v === undefined || v === null ? undefined : typeof v === 'string' ? v : JSON.stringify(v);

/** One attribute condition on one span; a regex (`=~`) only narrows the traces and is not checked again here. */
function attributeMatches(span: StoredSpan, f: AttributeFilter): boolean {
  if (f.op === '=~') return true;
  const maps =
    f.scope === 'span'
      ? [span.attributes]
      : f.scope === 'resource'
        ? [span.resourceAttributes]
        : [span.attributes, span.resourceAttributes];
  const values = maps.map((m) => attributeText(m[f.key])).filter((v): v is string => v !== undefined);
  if (f.op === 'exists') return values.length > 0;
  if (f.op === '!exists') return values.length === 0;
  return values.some((v) => {
    if (f.op === '=') return v === f.value;
    if (f.op === '!=') return v !== f.value;
    const a = numericValue(v);
    const b = numericValue(f.value);
    const [x, y] = a !== undefined && b !== undefined ? [a, b] : [v, f.value];
    if (f.op === '<') return x < y;
    if (f.op === '>') return x > y;
    if (f.op === '<=') return x <= y;
    return x >= y;
  });
}

const messageText = (s: StoredSpan) =>
  [...s.llm.input, ...s.llm.output]
    .map((m) => m.content)
    .join('\n')
    .toLowerCase();

/** Whether a span meets every span-level condition of a trace search (the same fields, checked in memory). */
export function spanMatches(span: StoredSpan, q: SearchFilters): boolean {
  const ms = Number(BigInt(span.durationNs) / 1000n) / 1000;
  const startMs = Number(BigInt(span.startTimeUnixNano) / 1_000_000n);
  const checks: boolean[] = [
    startMs >= q.from && startMs < q.to,
    q.service === undefined || span.serviceName === q.service,
    q.spanName === undefined || span.name === q.spanName,
    q.kind === undefined || span.kind === STORED_SPAN_KIND[q.kind],
    q.status === undefined || span.statusCode === STORED_STATUS_CODE[q.status],
    q.minDurationMs === undefined || ms >= q.minDurationMs,
    q.maxDurationMs === undefined || ms <= q.maxDurationMs,
    q.model === undefined || span.llm.requestModel === q.model || span.llm.responseModel === q.model,
    q.provider === undefined || span.llm.provider === q.provider,
    q.spanType === undefined || span.llm.spanType === q.spanType,
    q.minTokens === undefined || span.llm.totalTokens >= q.minTokens,
    q.maxTokens === undefined || span.llm.totalTokens <= q.maxTokens,
    q.minCost === undefined || span.llm.totalCost >= q.minCost,
    q.maxCost === undefined || span.llm.totalCost <= q.maxCost,
    q.promptKey === undefined || span.llm.promptKey === q.promptKey,
    q.promptVersion === undefined || span.llm.promptVersion === q.promptVersion,
    q.sessionId === undefined || span.llm.sessionId === q.sessionId,
    q.userId === undefined || span.llm.userId === q.userId,
    q.text === undefined || messageText(span).includes(q.text.toLowerCase()),
    !q.rootOnly || span.parentSpanId === '',
    q.filters.every((f) => attributeMatches(span, f)),
  ];
  return checks.every(Boolean);
}

/** The search's query: its filter fields, its window, pages of 50 traces. */
function searchQuery(search: NonNullable<FromTracesRequest['search']>, cursor?: string): SearchFilters {
  for (const reserved of ['from', 'to', 'limit', 'cursor', 'sort', 'order'])
    if (search.filter !== undefined && reserved in search.filter)
      throw new AppError(
        'invalid_argument',
        `search.filter: give the window as start and end, not ${reserved}`,
      );
  return parse(
    TraceSearchQuery,
    {
      ...search.filter,
      from: search.start,
      to: search.end,
      limit: 50,
      ...(cursor === undefined ? {} : { cursor }),
    },
    'search',
  );
}

/**
 * The spans of the workspace's traces matching a trace search, newest trace first and by start time within a
 * trace, that themselves meet the search's span-level conditions; at most `limit`.
 */
async function bySearch(
  spans: Spans,
  workspaceId: string,
  search: NonNullable<FromTracesRequest['search']>,
): Promise<Selection> {
  let query = searchQuery(search);
  const limit = search.limit ?? DEFAULT_SEARCH_LIMIT;
  const picked: PickedSpan[] = [];
  let scanned = 0;
  while (picked.length < limit && scanned < MAX_SEARCH_TRACES) {
    const page = await spans.searchTraces(workspaceId, query);
    scanned += page.traces.length;
    const traces = await tracesOf(
      spans,
      workspaceId,
      page.traces.map((t) => t.traceId),
    );
    for (const t of page.traces)
      for (const span of traces.get(t.traceId) ?? [])
        if (picked.length < limit && spanMatches(span, query)) picked.push({ index: picked.length, span });
    if (page.nextCursor === undefined) break;
    query = searchQuery(search, page.nextCursor);
  }
  return { spans: picked, errors: [] };
}

/** The spans a from-traces request names, read through the workspace-scoped span store. */
export const selectSpans = (spans: Spans, workspaceId: string, req: FromTracesRequest): Promise<Selection> =>
  req.spans !== undefined
    ? byId(spans, workspaceId, req.spans)
    : bySearch(spans, workspaceId, req.search ?? { start: 0, end: 0 });
