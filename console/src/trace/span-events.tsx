import type { SpanEvent, StoredSpan } from '../api/types';
import { formatDurationMs } from '../app/format';
import { AttributeTable } from './attribute-table';

const isException = (e: SpanEvent) => e.name === 'exception';
const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v));

/** An exception event the way people read one: type, message, stack trace. */
export function ExceptionView({ event }: { event: SpanEvent }) {
  const a = event.attributes;
  return (
    <div className="exception" role="group" aria-label="Exception">
      <div>
        <strong className="mono">{text(a['exception.type']) || 'exception'}</strong>
        {a['exception.message'] !== undefined && <span>: {text(a['exception.message'])}</span>}
      </div>
      {a['exception.stacktrace'] !== undefined && (
        <pre className="stack">{text(a['exception.stacktrace'])}</pre>
      )}
    </div>
  );
}

/** The span's events in time order, offsets from the span's start; exceptions spelled out. */
export function SpanEvents({ span }: { span: StoredSpan }) {
  if (span.events.length === 0) return <p className="muted">No events.</p>;
  const start = BigInt(span.startTimeUnixNano);
  return (
    <ol className="event-list">
      {span.events.map((e, i) => {
        const offset = Number((BigInt(e.timeUnixNano) - start) / 1000n) / 1000;
        return (
          <li key={i} className={isException(e) ? 'event exception-event' : 'event'}>
            <div className="event-head">
              <span className="mono muted">+{formatDurationMs(offset)}</span> <strong>{e.name}</strong>
            </div>
            {isException(e) ? (
              <ExceptionView event={e} />
            ) : (
              <AttributeTable attributes={e.attributes} label="Event attributes" />
            )}
          </li>
        );
      })}
    </ol>
  );
}

export const exceptionsOf = (span: StoredSpan): SpanEvent[] => span.events.filter(isException);
