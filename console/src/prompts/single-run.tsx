import { useRef, useState, type FormEvent } from 'react';
import { describeError } from '../api/client';
import type { ChatMessage, MockToolResponse, PromptTemplate, RunResult } from '../api/prompt-types';
import { ErrorBox } from '../app/error-box';
import { useLoad } from '../app/use-load';
import { useWorkspace } from '../app/workspace';
import { ChatMessages, toolNamesOf } from '../trace/chat-messages';
import { useModels } from './prompt-page';
import {
  defaultSource,
  loadTemplate,
  ModelOptions,
  SourceOptions,
  sourceBody,
  type Sources,
} from './playground-sources';
import { answerOf, RunFacts, ToolCallList } from './run-facts';
import {
  MockToolsEditor,
  mocksToSend,
  NO_PARAMS,
  ParamsFields,
  paramsOf,
  VariableFields,
  variablesOf,
} from './run-fields';
import { streamRun, toolCallsOf, unansweredTools, type StreamedToolCall } from './run-stream';

interface Turn {
  output: string;
  toolCalls: StreamedToolCall[];
  result?: RunResult;
  error?: unknown;
}

const EMPTY_TURN: Turn = { output: '', toolCalls: [] };

/**
 * One prompt run at a time, streamed, as a conversation: each answer joins the history and a follow-up user
 * message runs the prompt again with it (the rendered template first, then the history).
 */
export function SingleRun(props: {
  path: string;
  sources: Sources;
  values: Record<string, string>;
  onValue: (key: string, text: string) => void;
  mocks: MockToolResponse[];
  onMocks: (next: MockToolResponse[]) => void;
}) {
  const ws = useWorkspace();
  const models = useModels();
  const [source, setSource] = useState<string | undefined>();
  const chosen = source ?? defaultSource(props.sources);
  const template = useLoad(`${ws.id}/${props.path}/template/${chosen}`, (signal) =>
    loadTemplate(ws.api, props.path, chosen, props.sources, signal),
  );
  const [modelId, setModelId] = useState('');
  const [params, setParams] = useState(NO_PARAMS);
  const [history, setHistory] = useState<ChatMessage[]>([]);
  const [turn, setTurn] = useState<Turn>(EMPTY_TURN);
  const [followUp, setFollowUp] = useState('');
  const [running, setRunning] = useState(false);
  const abort = useRef<AbortController | undefined>(undefined);

  const start = (messages: ChatMessage[], tmpl: PromptTemplate | undefined) => {
    const body = {
      ...sourceBody(chosen),
      variables: variablesOf(tmpl?.variables ?? [], props.values),
      messages,
      mockToolResponses: mocksToSend(props.mocks),
      ...(modelId === '' ? {} : { modelId }),
      ...(paramsOf(params) ? { params: paramsOf(params) } : {}),
    };
    setTurn(EMPTY_TURN);
    setRunning(true);
    abort.current = new AbortController();
    const signal = abort.current.signal;
    streamRun(ws.api, props.path, body, signal, {
      onText: (text) => setTurn((t) => ({ ...t, output: t.output + text })),
      onToolCalls: (update) => setTurn((t) => ({ ...t, toolCalls: update(t.toolCalls) })),
    })
      .then((result) => setTurn((t) => ({ ...t, result, toolCalls: toolCallsOf(result) })))
      .catch((error: unknown) => {
        if (!signal.aborted) setTurn((t) => ({ ...t, error }));
      })
      .finally(() => setRunning(false));
  };

  const run = (e: FormEvent) => {
    e.preventDefault();
    start(history, template.data);
  };
  const sendFollowUp = (e: FormEvent) => {
    e.preventDefault();
    if (turn.result === undefined || followUp.trim() === '') return;
    const next = [...history, ...turn.result.messages, { role: 'user' as const, content: followUp }];
    setHistory(next);
    setFollowUp('');
    start(next, template.data);
  };
  const clear = () => {
    abort.current?.abort();
    setHistory([]);
    setTurn(EMPTY_TURN);
    setFollowUp('');
  };

  const canRun = ws.can('run');
  const unanswered = turn.result ? unansweredTools(turn.result) : [];
  const addMocks = () =>
    props.onMocks([
      ...props.mocks,
      ...unanswered
        .filter((n) => !props.mocks.some((m) => m.name === n))
        .map((name) => ({ name, response: '' })),
    ]);
  return (
    <div className="split-2">
      <form className="panel stack-form" onSubmit={run} aria-label="Run the prompt">
        <label className="field">
          <span>Run</span>
          <select value={chosen} onChange={(e) => setSource(e.target.value)}>
            <SourceOptions sources={props.sources} />
          </select>
        </label>
        {template.error !== undefined && <ErrorBox error={template.error} />}
        <VariableFields
          defs={template.data?.variables ?? []}
          values={props.values}
          onChange={props.onValue}
        />
        <label className="field">
          <span>Model</span>
          <select value={modelId} onChange={(e) => setModelId(e.target.value)}>
            <ModelOptions models={models} templateModel={template.data?.model.modelId} />
          </select>
        </label>
        <ParamsFields value={params} own={template.data?.model.params} onChange={setParams} />
        <MockToolsEditor mocks={props.mocks} tools={template.data?.tools ?? []} onChange={props.onMocks} />
        <div className="row">
          <button type="submit" className="primary" disabled={running || !canRun}>
            {running ? 'Running…' : history.length > 0 ? 'Run this turn again' : 'Run'}
          </button>
          {running && (
            <button type="button" onClick={() => abort.current?.abort()}>
              Stop
            </button>
          )}
        </div>
        {!canRun && <p className="muted small-text">Your role cannot run prompts (it needs write access).</p>}
      </form>
      <section className="panel" aria-label="Output">
        <div className="row spread">
          <h3>Output</h3>
          {(history.length > 0 || turn.result !== undefined) && (
            <button type="button" onClick={clear}>
              Clear conversation
            </button>
          )}
        </div>
        {history.length > 0 && (
          <>
            <p className="muted small-text">After the rendered template:</p>
            <ChatMessages messages={history} label="Conversation" toolNames={toolNamesOf(history)} />
          </>
        )}
        <div className="message role-assistant live-turn">
          <div className="message-head">
            <span className="role">assistant</span>
            {running && <span className="muted"> · answering…</span>}
          </div>
          <div className="stream-output" aria-live="polite" data-testid="playground-output">
            {turn.result ? answerOf(turn.result) : turn.output || (running ? '…' : '')}
          </div>
          <ToolCallList calls={turn.toolCalls} />
        </div>
        {unanswered.length > 0 && (
          <p className="notice" role="note">
            The model called {unanswered.join(', ')} without a mock response, so the run stopped there.{' '}
            <button type="button" onClick={addMocks}>
              Add mock responses for them
            </button>
          </p>
        )}
        {turn.error !== undefined && (
          <p className="error-box" role="alert">
            {describeError(turn.error)}
          </p>
        )}
        {turn.result && <RunFacts result={turn.result} wsId={ws.id} label="Run result" />}
        {turn.result && unanswered.length === 0 && (
          <form className="follow-up" onSubmit={sendFollowUp} aria-label="Follow-up message">
            <label className="field">
              <span>Your follow-up message</span>
              <textarea rows={2} value={followUp} onChange={(e) => setFollowUp(e.target.value)} />
            </label>
            <button type="submit" className="primary" disabled={running || !canRun || followUp.trim() === ''}>
              Send
            </button>
          </form>
        )}
      </section>
    </div>
  );
}
