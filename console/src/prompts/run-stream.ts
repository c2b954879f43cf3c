import { ApiError, type ApiClient } from '../api/client';
import type { RunResult } from '../api/prompt-types';
import { readSse } from './sse';

/** A tool call as the stream builds it: `key` is step and index, as indexes restart at every model call. */
export interface StreamedToolCall {
  key: string;
  id: string;
  name: string;
  args: string;
  result?: string;
}

export interface StreamHandlers {
  onText(text: string): void;
  onToolCalls(update: (calls: StreamedToolCall[]) => StreamedToolCall[]): void;
}

/** Runs the playground's stream endpoint, reporting text and tool calls as they come; resolves to the result. */
export async function streamRun(
  api: ApiClient,
  path: string,
  body: unknown,
  signal: AbortSignal,
  on: StreamHandlers,
): Promise<RunResult> {
  const res = await api.stream(`${path}/playground/stream`, body, signal);
  if (res.body === null) throw new Error('the run answered without a body');
  for await (const ev of readSse(res.body)) {
    const data = JSON.parse(ev.data) as Record<string, unknown>;
    if (ev.event === 'text') on.onText(String(data.text));
    else if (ev.event === 'tool_call') {
      const key = `${String(data.step)}:${String(data.index)}`;
      on.onToolCalls((calls) => {
        const at = calls.findIndex((c) => c.key === key);
        const call = calls[at] ?? { key, id: '', name: '', args: '' };
        const next: StreamedToolCall = {
          ...call,
          id: typeof data.id === 'string' ? data.id : call.id,
          name: typeof data.name === 'string' ? data.name : call.name,
          args: call.args + (typeof data.argumentsDelta === 'string' ? data.argumentsDelta : ''),
        };
        return at < 0 ? [...calls, next] : calls.map((c, i) => (i === at ? next : c));
      });
    } else if (ev.event === 'tool_result')
      on.onToolCalls((calls) => {
        const at = calls.findIndex((c) =>
          c.id !== '' ? c.id === data.toolCallId : c.name === data.name && c.result === undefined,
        );
        return calls.map((c, i) => (i === at ? { ...c, result: String(data.content) } : c));
      });
    else if (ev.event === 'done') return data as unknown as RunResult;
    else if (ev.event === 'error') throw new ApiError(500, String(data.code), String(data.message));
  }
  throw new Error('the run stream ended without a result');
}

/** Tool calls of a finished run, each with the mocked answer fed back (if any). */
export function toolCallsOf(result: RunResult): StreamedToolCall[] {
  const answers = new Map(
    result.messages.filter((m) => m.role === 'tool').map((m) => [m.toolCallId ?? '', m.content]),
  );
  return result.messages.flatMap((m, i) =>
    (m.toolCalls ?? []).map((c, j) => ({
      key: `${i}:${j}`,
      id: c.id,
      name: c.name,
      args: c.arguments,
      ...(answers.has(c.id) ? { result: answers.get(c.id) ?? '' } : {}),
    })),
  );
}

/** Tool names the run's last answer called without a mock response, so the run stopped there. */
export function unansweredTools(result: RunResult): string[] {
  const last = result.messages.at(-1);
  if (last?.role !== 'assistant') return [];
  return [...new Set((last.toolCalls ?? []).map((c) => c.name))];
}
