import type { TraceSummary } from '../api/types';
import { formatCost, formatCount, formatDurationNs, formatTimeNs } from '../app/format';
import { wsHref } from '../app/router';

/** Traces as rows: when, what, how long, how many tokens, what it cost, whether it failed. */
export function TraceTable(props: {
  ws: string;
  traces: readonly TraceSummary[];
  fresh?: ReadonlySet<string>;
  caption: string;
}) {
  return (
    <div className="table-wrap">
      <table className="data-table traces-table">
        <caption className="visually-hidden">{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Start</th>
            <th scope="col">Trace</th>
            <th scope="col">Service</th>
            <th scope="col" className="num">
              Duration
            </th>
            <th scope="col" className="num">
              Spans
            </th>
            <th scope="col" className="num">
              Tokens (in / out)
            </th>
            <th scope="col" className="num">
              Cost
            </th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {props.traces.map((t) => (
            <tr key={t.traceId} className={props.fresh?.has(t.traceId) ? 'fresh' : undefined}>
              <td className="nowrap">{formatTimeNs(t.startTimeUnixNano)}</td>
              <td className="name-cell">
                <a href={wsHref(props.ws, ['traces', t.traceId])}>{t.rootSpanName || '(no root span)'}</a>
                <span className="mono muted id-hint">{t.traceId.slice(0, 8)}</span>
              </td>
              <td>{t.rootServiceName}</td>
              <td className="num">{formatDurationNs(t.durationNs)}</td>
              <td className="num">{t.spanCount}</td>
              <td className="num" title={`${t.inputTokens} input, ${t.outputTokens} output`}>
                {t.totalTokens === 0 ? '–' : `${formatCount(t.inputTokens)} / ${formatCount(t.outputTokens)}`}
              </td>
              <td className="num">{t.totalCost === 0 ? '–' : formatCost(t.totalCost)}</td>
              <td>
                {t.errorCount > 0 ? (
                  <span className="badge error">
                    {t.errorCount} error{t.errorCount === 1 ? '' : 's'}
                  </span>
                ) : (
                  <span className="badge ok">ok</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
