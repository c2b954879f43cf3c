import type { NormalizedMessage, StoredSpan } from '../api/types';

export interface Turn {
  /** What the user said (or the input the trace started from). */
  input: NormalizedMessage[];
  /** What the model or agent answered. */
  output: NormalizedMessage[];
}

const byStart = (a: StoredSpan, b: StoredSpan) =>
  a.startTimeUnixNano.length - b.startTimeUnixNano.length ||
  (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : a.startTimeUnixNano > b.startTimeUnixNano ? 1 : 0);

/**
 * One trace of a session as a turn of the conversation: the root's own input and output when it has them (agent
 * and chain spans), else the last user message of the first model call and the output of the last one.
 */
export function turnOf(spans: readonly StoredSpan[]): Turn {
  const root = spans.find((s) => s.parentSpanId === '') ?? [...spans].sort(byStart)[0];
  if (root !== undefined && root.llm.input.length > 0 && root.llm.output.length > 0)
    return { input: lastUser(root.llm.input), output: root.llm.output };
  const calls = spans.filter((s) => s.llm.input.length > 0 || s.llm.output.length > 0).sort(byStart);
  const first = calls[0];
  const last = calls[calls.length - 1];
  return { input: first ? lastUser(first.llm.input) : [], output: last ? last.llm.output : [] };
}

function lastUser(messages: readonly NormalizedMessage[]): NormalizedMessage[] {
  for (let i = messages.length - 1; i >= 0; i--)
    if (messages[i]?.role === 'user') return [messages[i] as NormalizedMessage];
  return messages.slice(-1);
}
