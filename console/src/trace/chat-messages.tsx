import type { NormalizedMessage, ToolCall } from '../api/types';
import { prettyJson } from '../app/format';
import { MediaList } from './media-view';
import { splitParts } from './message-media';

/** Message text: JSON shown pretty, anything else as written. */
function Content({ text }: { text: string }) {
  const { pretty, isJson } = prettyJson(text);
  return <pre className={isJson ? 'message-text json' : 'message-text'}>{pretty}</pre>;
}

function ToolCallBox({ call }: { call: ToolCall }) {
  return (
    <div className="tool-call">
      <div className="tool-call-head">
        <span className="badge tool">tool call</span> <strong className="mono">{call.name}</strong>
        {call.id !== undefined && <span className="mono muted"> {call.id}</span>}
      </div>
      {call.arguments !== '' && <Content text={call.arguments} />}
    </div>
  );
}

/** Images and files as thumbnails or links; any other part stays inspectable as JSON. */
function Parts({ parts }: { parts: readonly Record<string, unknown>[] }) {
  if (parts.length === 0) return null;
  const { media, other } = splitParts(parts);
  return (
    <>
      <MediaList media={media} />
      {other.length > 0 && (
        <details className="parts">
          <summary>
            {other.length} other part{other.length === 1 ? '' : 's'}
          </summary>
          <pre className="message-text json">{JSON.stringify(other, null, 2)}</pre>
        </details>
      )}
    </>
  );
}

/**
 * LLM messages as a chat: each message with its role, tool calls the assistant asked for, and tool results named
 * after the call they answer.
 */
export function ChatMessages(props: {
  messages: readonly NormalizedMessage[];
  label: string;
  toolNames?: ReadonlyMap<string, string>;
}) {
  if (props.messages.length === 0) return <p className="muted">No {props.label.toLowerCase()}.</p>;
  return (
    <ol className="chat" aria-label={props.label}>
      {props.messages.map((m, i) => {
        const role = m.role || 'message';
        const toolName = m.toolCallId === undefined ? undefined : props.toolNames?.get(m.toolCallId);
        return (
          <li key={i} className={`message role-${role.replace(/[^a-z]/gi, '')}`}>
            <div className="message-head">
              <span className="role">{role}</span>
              {m.name !== undefined && <span className="muted"> · {m.name}</span>}
              {m.toolCallId !== undefined && (
                <span className="muted">
                  {' '}
                  · result of {toolName !== undefined ? (
                    <strong className="mono">{toolName}</strong>
                  ) : (
                    'call'
                  )}{' '}
                  <span className="mono">{m.toolCallId}</span>
                </span>
              )}
            </div>
            {m.content !== '' && <Content text={m.content} />}
            {m.toolCalls?.map((c, j) => (
              <ToolCallBox key={c.id ?? j} call={c} />
            ))}
            <Parts parts={m.parts ?? []} />
          </li>
        );
      })}
    </ol>
  );
}

/** Tool call ids to tool names, over every message given, so a tool result can say which tool answered. */
export function toolNamesOf(...lists: (readonly NormalizedMessage[])[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const list of lists)
    for (const m of list) for (const c of m.toolCalls ?? []) if (c.id !== undefined) names.set(c.id, c.name);
  return names;
}
