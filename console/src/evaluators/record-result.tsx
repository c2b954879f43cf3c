import type { EvaluatorRecord } from '../api/evaluator-types';
import { formatCost, formatDurationMs } from '../app/format';
import { wsHref } from '../app/router';

/** One run's outcome: score, label, reasoning, stdout, tokens, cost, duration, error and its trace. */
export function RecordResult({
  record,
  wsId,
  label,
}: {
  record: EvaluatorRecord;
  wsId: string;
  label: string;
}) {
  const out = record.output;
  return (
    <div className="record-result">
      <dl className="facts" aria-label={label}>
        <div>
          <dt>Status</dt>
          <dd>
            <span className={`badge status-${record.status}`}>{record.status}</span>
          </dd>
        </div>
        <div>
          <dt>Score</dt>
          <dd className="mono">{out?.score ?? '–'}</dd>
        </div>
        {out?.label !== undefined && (
          <div>
            <dt>Label</dt>
            <dd>{out.label}</dd>
          </div>
        )}
        <div>
          <dt>Tokens</dt>
          <dd>{out ? `${out.usage.inputTokens} in · ${out.usage.outputTokens} out` : '–'}</dd>
        </div>
        <div>
          <dt>Cost</dt>
          <dd>{out ? formatCost(out.usage.costUsd) : '–'}</dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{out ? formatDurationMs(out.durationMs) : '–'}</dd>
        </div>
        {record.traceId !== null && (
          <div>
            <dt>Trace</dt>
            <dd>
              <a
                href={wsHref(
                  wsId,
                  ['traces', record.traceId],
                  record.spanId === null ? {} : { span: record.spanId },
                )}
              >
                Open the evaluation&apos;s trace
              </a>
            </dd>
          </div>
        )}
      </dl>
      {out?.error !== undefined && (
        <div className="error-box" role="alert">
          <strong>Evaluator failed ({out.error.code}): </strong>
          {out.error.message}
        </div>
      )}
      {out !== undefined && out.reasoning !== '' && (
        <section aria-label="Reasoning">
          <h4>Reasoning</h4>
          <p className="message-text">{out.reasoning}</p>
        </section>
      )}
      {out?.stdout !== undefined && out.stdout !== '' && (
        <section aria-label="Stdout">
          <h4>Stdout</h4>
          <pre className="message-text">{out.stdout}</pre>
        </section>
      )}
      {record.judged !== undefined && (
        <p className="small-text">
          Judged span:{' '}
          <a href={wsHref(wsId, ['traces', record.judged.traceId], { span: record.judged.spanId })}>
            {record.judged.spanId}
          </a>
        </p>
      )}
      {record.status === 'processing' && (
        <p className="muted">
          Waiting for the asynchronous evaluator to call back; reload the records later.
        </p>
      )}
    </div>
  );
}
