import { useMemo, useState, type KeyboardEvent } from 'react';
import type { TraceView } from '../api/types';
import { ErrorBox } from '../app/error-box';
import { formatCost, formatDurationMs, formatTime } from '../app/format';
import { navigate, wsHref } from '../app/router';
import { useLoad } from '../app/use-load';
import { useWorkspace } from '../app/workspace';
import { SpanPanel } from './span-panel';
import { SpanWaterfall } from './span-waterfall';
import { buildTraceModel, visibleRows, type SpanNode, type TraceModel } from './trace-model';

/** Spans whose name, service or id contain the text, in tree order (collapsed or not). */
function findSpans(model: TraceModel, text: string): SpanNode[] {
  const needle = text.trim().toLowerCase();
  if (needle === '') return [];
  return visibleRows(model, new Set()).filter(
    (n) =>
      n.span.name.toLowerCase().includes(needle) ||
      n.span.serviceName.toLowerCase().includes(needle) ||
      n.span.spanId.startsWith(needle),
  );
}

/** One trace: its totals, the span tree with a timeline, and the chosen span in full. */
export function TracePage({ traceId, query }: { traceId: string; query: URLSearchParams }) {
  const ws = useWorkspace();
  const trace = useLoad(`${ws.id}/${traceId}`, (signal) =>
    ws.api.get<TraceView>(`/traces/${encodeURIComponent(traceId)}`, undefined, signal),
  );
  const model = useMemo(() => (trace.data ? buildTraceModel(trace.data.spans) : undefined), [trace.data]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [finder, setFinder] = useState('');
  const rows = useMemo(() => (model ? visibleRows(model, collapsed) : []), [model, collapsed]);
  const matches = useMemo(() => (model ? findSpans(model, finder) : []), [model, finder]);
  const matchIds = useMemo(() => new Set(matches.map((m) => m.span.spanId)), [matches]);

  const selectedId = query.get('span') ?? model?.roots[0]?.span.spanId;
  const selected = selectedId === undefined ? undefined : model?.byId.get(selectedId);

  const select = (spanId: string) => {
    // Unfold the ancestors, so the chosen span is on screen.
    let parent = model?.byId.get(spanId)?.parent;
    const open = new Set(collapsed);
    let changed = false;
    while (parent !== undefined) {
      changed = open.delete(parent.span.spanId) || changed;
      parent = parent.parent;
    }
    if (changed) setCollapsed(open);
    navigate(wsHref(ws.id, ['traces', traceId], { span: spanId }), { replace: true });
  };
  const toggle = (spanId: string, open?: boolean) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (open ?? next.has(spanId)) next.delete(spanId);
      else next.add(spanId);
      return next;
    });
  const onFinderKey = (e: KeyboardEvent) => {
    if (e.key !== 'Enter' || matches.length === 0) return;
    e.preventDefault();
    const at = matches.findIndex((m) => m.span.spanId === selectedId);
    const next = matches[(at + (e.shiftKey ? -1 : 1) + matches.length) % matches.length];
    if (next) select(next.span.spanId);
  };

  if (trace.error !== undefined)
    return (
      <div className="page">
        <p>
          <a href={wsHref(ws.id, ['traces'])}>← Traces</a>
        </p>
        <ErrorBox error={trace.error} title={`Trace ${traceId}`} onRetry={trace.reload} />
      </div>
    );
  if (model === undefined || trace.data === undefined) return <p className="loading page">Loading trace…</p>;

  const root = model.roots[0]?.span;
  return (
    <div className="page trace-page">
      <div className="page-head">
        <a href={wsHref(ws.id, ['traces'])}>← Traces</a>
        <h1>{root?.name ?? 'Trace'}</h1>
        <span className="mono muted">{trace.data.traceId}</span>
      </div>
      <dl className="facts summary">
        <div>
          <dt>Start</dt>
          <dd>{formatTime(Number(model.startNs / 1_000_000n))}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDurationMs(model.durationMs)}</dd>
        </div>
        <div>
          <dt>Spans</dt>
          <dd>{model.totals.spans}</dd>
        </div>
        <div>
          <dt>Errors</dt>
          <dd className={model.totals.errors > 0 ? 'error-text' : undefined}>{model.totals.errors}</dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd>
            {model.totals.inputTokens} in · {model.totals.outputTokens} out
          </dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>{formatCost(model.totals.cost)}</dd>
        </div>
        <div>
          <dt>Service</dt>
          <dd>{root?.serviceName ?? '–'}</dd>
        </div>
      </dl>
      <div className="trace-tools">
        <label className="inline-label">
          <span>Find span</span>
          <input
            type="search"
            value={finder}
            onChange={(e) => setFinder(e.target.value)}
            onKeyDown={onFinderKey}
            placeholder="name, service or id; Enter for next"
          />
        </label>
        {finder.trim() !== '' && (
          <span className="muted small-text" role="status">
            {matches.length} match{matches.length === 1 ? '' : 'es'}
          </span>
        )}
        <button type="button" className="small" onClick={() => setCollapsed(new Set())}>
          Expand all
        </button>
        <button
          type="button"
          className="small"
          onClick={() =>
            setCollapsed(
              new Set(
                [...model.byId.values()]
                  .filter((n) => n.children.length > 0 && n.depth > 0)
                  .map((n) => n.span.spanId),
              ),
            )
          }
        >
          Collapse all
        </button>
      </div>
      <div className="trace-split">
        <SpanWaterfall
          rows={rows}
          totalMs={model.durationMs}
          selected={selected?.span.spanId}
          collapsed={collapsed}
          onSelect={select}
          onToggle={toggle}
          matches={matchIds}
        />
        {selected !== undefined ? (
          <SpanPanel node={selected} ws={ws.id} />
        ) : (
          <p className="muted">Choose a span.</p>
        )}
      </div>
    </div>
  );
}
