import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { formatDurationMs } from '../app/format';
import { spanTypeOf, type SpanNode } from './trace-model';

const ROW_PX = 28;
const INDENT_PX = 14;

interface Props {
  rows: readonly SpanNode[];
  totalMs: number;
  selected: string | undefined;
  collapsed: ReadonlySet<string>;
  onSelect: (spanId: string) => void;
  onToggle: (spanId: string, open?: boolean) => void;
  /** Matches of the span finder, highlighted. */
  matches?: ReadonlySet<string>;
}

function Ticks({ totalMs }: { totalMs: number }) {
  return (
    <div className="ticks" aria-hidden="true">
      {[0, 0.25, 0.5, 0.75, 1].map((f) => (
        <span key={f} style={{ left: `${f * 100}%` }}>
          {formatDurationMs(totalMs * f)}
        </span>
      ))}
    </div>
  );
}

/**
 * The span tree and its timeline side by side: one virtualized row per visible span, bars to scale. Keyboard:
 * arrows move and fold, Home/End jump; only the selected row is in the tab order.
 */
export function SpanWaterfall(props: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: props.rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PX,
    overscan: 15,
  });
  const selectedIndex = props.rows.findIndex((r) => r.span.spanId === props.selected);
  const focusWanted = useRef(false);

  useEffect(() => {
    if (!focusWanted.current || selectedIndex < 0) return;
    focusWanted.current = false;
    virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
    requestAnimationFrame(() =>
      scroller.current?.querySelector<HTMLElement>(`[data-span-id="${props.selected}"]`)?.focus(),
    );
  }, [selectedIndex, props.selected, virtualizer]);

  const move = (index: number) => {
    const row = props.rows[Math.max(0, Math.min(props.rows.length - 1, index))];
    if (row === undefined) return;
    focusWanted.current = true;
    props.onSelect(row.span.spanId);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const node = props.rows[selectedIndex];
    const open = node !== undefined && !props.collapsed.has(node.span.spanId);
    switch (e.key) {
      case 'ArrowDown':
        move(selectedIndex + 1);
        break;
      case 'ArrowUp':
        move(selectedIndex - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(props.rows.length - 1);
        break;
      case 'PageDown':
        move(selectedIndex + 20);
        break;
      case 'PageUp':
        move(selectedIndex - 20);
        break;
      case 'ArrowRight':
        if (node === undefined || node.children.length === 0) return;
        if (open) move(selectedIndex + 1);
        else props.onToggle(node.span.spanId, true);
        break;
      case 'ArrowLeft':
        if (node === undefined) return;
        if (open && node.children.length > 0) props.onToggle(node.span.spanId, false);
        else if (node.parent !== undefined) move(props.rows.indexOf(node.parent));
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const total = props.totalMs > 0 ? props.totalMs : 1;
  return (
    <div className="waterfall">
      <div className="waterfall-head" aria-hidden="true">
        <span className="wf-name">Span</span>
        <span className="wf-time">
          <Ticks totalMs={props.totalMs} />
        </span>
      </div>
      <div className="waterfall-body" ref={scroller}>
        <div
          role="tree"
          aria-label="Spans of this trace"
          onKeyDown={onKeyDown}
          style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
        >
          {virtualizer.getVirtualItems().map((item) => {
            const node = props.rows[item.index] as SpanNode;
            const { span } = node;
            const isSelected = span.spanId === props.selected;
            const hasChildren = node.children.length > 0;
            const open = !props.collapsed.has(span.spanId);
            const type = spanTypeOf(span);
            const left = (node.offsetMs / total) * 100;
            const width = Math.max((node.durationMs / total) * 100, 0.15);
            return (
              <div
                key={span.spanId}
                role="treeitem"
                aria-level={node.depth + 1}
                aria-selected={isSelected}
                aria-expanded={hasChildren ? open : undefined}
                aria-setsize={node.parent?.children.length ?? 1}
                aria-posinset={(node.parent?.children.indexOf(node) ?? 0) + 1}
                data-span-id={span.spanId}
                tabIndex={isSelected || (selectedIndex < 0 && item.index === 0) ? 0 : -1}
                className={[
                  'wf-row',
                  isSelected ? 'selected' : '',
                  span.statusCode === 'Error' ? 'error' : '',
                  props.matches?.has(span.spanId) ? 'match' : '',
                ].join(' ')}
                style={{ height: ROW_PX, transform: `translateY(${item.start}px)` }}
                onClick={() => props.onSelect(span.spanId)}
              >
                <span className="wf-name" style={{ paddingLeft: node.depth * INDENT_PX }}>
                  <span
                    className={hasChildren ? 'caret' : 'caret leaf'}
                    aria-hidden="true"
                    onClick={(e) => {
                      e.stopPropagation();
                      if (hasChildren) props.onToggle(span.spanId);
                    }}
                  >
                    {hasChildren ? (open ? '▾' : '▸') : '·'}
                  </span>
                  <span className={`type-badge type-${type}`}>{type}</span>
                  <span className="span-name">{span.name}</span>
                  {span.statusCode === 'Error' && <span className="visually-hidden">(error)</span>}
                  <span className="muted service">{span.serviceName}</span>
                </span>
                <span className="wf-time">
                  <span
                    className={`bar type-${type}`}
                    style={{
                      left: `${Math.min(left, 99.85)}%`,
                      width: `${Math.min(width, 100 - Math.min(left, 99.85))}%`,
                    }}
                  />
                  <span
                    className="bar-label"
                    style={
                      left + width > 80
                        ? { right: `${100 - left}%`, paddingRight: 4 }
                        : { left: `${left + width}%` }
                    }
                  >
                    {formatDurationMs(node.durationMs)}
                  </span>
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
