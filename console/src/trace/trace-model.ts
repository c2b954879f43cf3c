import type { StoredSpan } from '../api/types';

/** One span placed in its trace: depth in the tree and times relative to the trace's start. */
export interface SpanNode {
  span: StoredSpan;
  depth: number;
  parent: SpanNode | undefined;
  children: SpanNode[];
  /** Milliseconds from the trace's first start. */
  offsetMs: number;
  durationMs: number;
}

export interface TraceModel {
  roots: SpanNode[];
  byId: Map<string, SpanNode>;
  durationMs: number;
  startNs: bigint;
  totals: { spans: number; errors: number; inputTokens: number; outputTokens: number; cost: number };
}

const ms = (ns: bigint) => Number(ns / 1000n) / 1000;

/**
 * Builds the span tree: children in start order, spans whose parent is missing become roots, and a parent cycle
 * (malformed input) is cut so every span appears exactly once. Iterative: deep traces do not exhaust the stack.
 */
export function buildTraceModel(spans: readonly StoredSpan[]): TraceModel {
  let start = spans.length === 0 ? 0n : BigInt(spans[0]?.startTimeUnixNano ?? '0');
  let end = start;
  const starts = new Map<string, bigint>();
  for (const s of spans) {
    const st = BigInt(s.startTimeUnixNano);
    const en = BigInt(s.endTimeUnixNano);
    starts.set(s.spanId, st);
    if (st < start) start = st;
    if (en > end) end = en;
  }
  const byId = new Map<string, SpanNode>();
  for (const s of spans) {
    const st = starts.get(s.spanId) ?? start;
    byId.set(s.spanId, {
      span: s,
      depth: 0,
      parent: undefined,
      children: [],
      offsetMs: ms(st - start),
      durationMs: ms(BigInt(s.durationNs)),
    });
  }
  const byStart = (a: SpanNode, b: SpanNode) =>
    a.offsetMs - b.offsetMs || (a.span.spanId < b.span.spanId ? -1 : 1);
  const attached = new Set<SpanNode>();
  const roots: SpanNode[] = [];
  for (const node of byId.values()) {
    const parent = node.span.parentSpanId === '' ? undefined : byId.get(node.span.parentSpanId);
    if (parent === undefined || parent === node) roots.push(node);
    else parent.children.push(node);
  }
  // Depths from the roots; nodes never reached sit on a parent cycle and become roots themselves.
  const walk = (root: SpanNode) => {
    const stack: SpanNode[] = [root];
    root.depth = 0;
    root.parent = undefined;
    attached.add(root);
    while (stack.length > 0) {
      const node = stack.pop() as SpanNode;
      node.children = node.children.filter((c) => !attached.has(c)).sort(byStart);
      for (const c of node.children) {
        attached.add(c);
        c.depth = node.depth + 1;
        c.parent = node;
        stack.push(c);
      }
    }
  };
  roots.sort(byStart);
  for (const r of roots) walk(r);
  for (const node of [...byId.values()].sort(byStart)) {
    if (attached.has(node)) continue;
    roots.push(node);
    walk(node);
  }
  const totals = { spans: spans.length, errors: 0, inputTokens: 0, outputTokens: 0, cost: 0 };
  for (const s of spans) {
    if (s.statusCode === 'Error') totals.errors++;
    totals.inputTokens += s.llm.inputTokens;
    totals.outputTokens += s.llm.outputTokens;
    totals.cost += s.llm.totalCost;
  }
  return { roots, byId, durationMs: ms(end - start), startNs: start, totals };
}

/** The rows on screen: a depth-first walk that skips the children of collapsed spans. */
export function visibleRows(model: TraceModel, collapsed: ReadonlySet<string>): SpanNode[] {
  const rows: SpanNode[] = [];
  const stack = [...model.roots].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as SpanNode;
    rows.push(node);
    if (!collapsed.has(node.span.spanId))
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as SpanNode);
  }
  return rows;
}

/** A short label for what a span is: its LLM type when it has one, else its OTel kind. */
export function spanTypeOf(span: StoredSpan): string {
  if (span.llm.spanType !== 'other') return span.llm.spanType;
  return span.kind === 'Unspecified' || span.kind === 'Internal' ? 'span' : span.kind.toLowerCase();
}
