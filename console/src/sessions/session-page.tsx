import { useState } from 'react';
import type { SessionTraces, TraceSummary, TraceView } from '../api/types';
import { ErrorBox } from '../app/error-box';
import { formatCost, formatDurationNs, formatTimeNs } from '../app/format';
import { wsHref } from '../app/router';
import { rangeOf } from '../app/time-range';
import { useLoad } from '../app/use-load';
import { useWorkspace } from '../app/workspace';
import { ChatMessages, toolNamesOf } from '../trace/chat-messages';
import { turnOf } from './conversation-turn';

const TURNS_AT_ONCE = 20;

function TurnView({ trace, index }: { trace: TraceSummary; index: number }) {
  const ws = useWorkspace();
  const full = useLoad(`${ws.id}/${trace.traceId}`, (signal) =>
    ws.api.get<TraceView>(`/traces/${trace.traceId}`, undefined, signal),
  );
  const turn = full.data ? turnOf(full.data.spans) : undefined;
  const names = turn ? toolNamesOf(turn.input, turn.output) : undefined;
  return (
    <li className="turn">
      <div className="turn-head">
        <span className="turn-index">#{index + 1}</span>
        <a href={wsHref(ws.id, ['traces', trace.traceId])}>{trace.rootSpanName || trace.traceId}</a>
        <span className="muted">
          {formatTimeNs(trace.startTimeUnixNano)} · {formatDurationNs(trace.durationNs)} · {trace.totalTokens}{' '}
          tokens · {formatCost(trace.totalCost)}
        </span>
        {trace.errorCount > 0 && <span className="badge error">{trace.errorCount} errors</span>}
      </div>
      {full.error !== undefined && <ErrorBox error={full.error} />}
      {turn === undefined && full.error === undefined && <p className="loading">Loading…</p>}
      {turn !== undefined && turn.input.length + turn.output.length === 0 && (
        <p className="muted">This trace carries no messages.</p>
      )}
      {turn !== undefined && turn.input.length + turn.output.length > 0 && (
        <ChatMessages
          messages={[...turn.input, ...turn.output]}
          label={`Turn ${index + 1}`}
          {...(names ? { toolNames: names } : {})}
        />
      )}
    </li>
  );
}

/** A session's traces in order, read as a conversation: each trace one turn. */
export function SessionPage({ sessionId, query }: { sessionId: string; query: URLSearchParams }) {
  const ws = useWorkspace();
  const range = rangeOf(query, Date.now(), '7d');
  const [shown, setShown] = useState(TURNS_AT_ONCE);
  const session = useLoad(`${ws.id}/${sessionId}?${query.toString()}`, (signal) =>
    ws.api.get<SessionTraces>(
      `/sessions/${encodeURIComponent(sessionId)}`,
      { from: range.from, to: range.to, limit: 1000 },
      signal,
    ),
  );
  const traces = session.data?.traces ?? [];
  const totals = traces.reduce(
    (t, x) => ({
      tokens: t.tokens + x.totalTokens,
      cost: t.cost + x.totalCost,
      errors: t.errors + x.errorCount,
    }),
    { tokens: 0, cost: 0, errors: 0 },
  );
  return (
    <div className="page narrow-wide">
      <div className="page-head">
        <a href={wsHref(ws.id, ['sessions'])}>← Sessions</a>
        <h1>Session {sessionId}</h1>
      </div>
      {session.error !== undefined && (
        <ErrorBox error={session.error} title="Session" onRetry={session.reload} />
      )}
      {session.data && (
        <p className="muted">
          {traces.length} turn{traces.length === 1 ? '' : 's'} · {totals.tokens} tokens ·{' '}
          {formatCost(totals.cost)}
          {totals.errors > 0 && ` · ${totals.errors} errors`}
          {session.data.nextCursor !== undefined && ' · more turns exist beyond the first 1000'}
        </p>
      )}
      {session.loading && <p className="loading">Loading…</p>}
      <ol className="conversation">
        {traces.slice(0, shown).map((t, i) => (
          <TurnView key={t.traceId} trace={t} index={i} />
        ))}
      </ol>
      {traces.length > shown && (
        <button type="button" onClick={() => setShown((s) => s + TURNS_AT_ONCE)}>
          Show {Math.min(TURNS_AT_ONCE, traces.length - shown)} more turns
        </button>
      )}
    </div>
  );
}
