import type { RunResult } from '../api/prompt-types';
import { formatCost, formatDurationMs, prettyJson } from '../app/format';
import { wsHref } from '../app/router';
import type { StreamedToolCall } from './run-stream';

/** The tool calls a run made, with their arguments (pretty JSON) and the mocked answers fed back. */
export function ToolCallList({ calls }: { calls: readonly StreamedToolCall[] }) {
  if (calls.length === 0) return null;
  return (
    <ul className="tool-calls" aria-label="Tool calls">
      {calls.map((c) => (
        <li key={c.key} className="tool-call">
          <div className="tool-call-head">
            <span className="badge tool">tool call</span> <strong className="mono">{c.name}</strong>
            {c.id !== '' && <span className="mono muted"> {c.id}</span>}
          </div>
          <pre className="message-text json" aria-label={`Arguments of ${c.name}`}>
            {prettyJson(c.args).pretty}
          </pre>
          {c.result !== undefined ? (
            <pre className="message-text" aria-label={`Mock response to ${c.name}`}>
              → {prettyJson(c.result).pretty}
            </pre>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** Model, tokens, cost, latency, steps and the trace of one run. */
export function RunFacts({ result, wsId, label }: { result: RunResult; wsId: string; label: string }) {
  return (
    <dl className="facts" aria-label={label}>
      <div>
        <dt>Model</dt>
        <dd>{result.model}</dd>
      </div>
      <div>
        <dt>Tokens</dt>
        <dd>
          {result.usage.inputTokens} in · {result.usage.outputTokens} out
        </dd>
      </div>
      <div>
        <dt>Cost</dt>
        <dd>{formatCost(result.cost)}</dd>
      </div>
      <div>
        <dt>Latency</dt>
        <dd>
          {formatDurationMs(result.latencyMs)}
          {result.timeToFirstTokenMs !== undefined &&
            ` (first token ${formatDurationMs(result.timeToFirstTokenMs)})`}
        </dd>
      </div>
      <div>
        <dt>Finish</dt>
        <dd>
          {result.finishReason}
          {result.steps > 1 ? ` after ${result.steps} model calls` : ''}
        </dd>
      </div>
      <div>
        <dt>Trace</dt>
        <dd>
          <a href={wsHref(wsId, ['traces', result.traceId], { span: result.spanId })}>
            Open the run&apos;s trace
          </a>
        </dd>
      </div>
    </dl>
  );
}

/** A run's answer text: the assistant messages' contents, in order. */
export const answerOf = (result: RunResult): string =>
  result.messages
    .filter((m) => m.role === 'assistant' && m.content !== '')
    .map((m) => m.content)
    .join('\n\n');
