import { useRef, useState, type FormEvent } from 'react';
import { ApiError, describeError } from '../api/client';
import type {
  DraftView,
  LabelView,
  PromptTemplate,
  RunResult,
  VersionSummary,
  VersionView,
} from '../api/prompt-types';
import { ErrorBox } from '../app/error-box';
import { formatCost, formatDurationMs } from '../app/format';
import { wsHref } from '../app/router';
import { useLoad } from '../app/use-load';
import { useWorkspace } from '../app/workspace';
import { useModels } from './prompt-page';
import { readSse } from './sse';

interface Sources {
  versions: VersionSummary[];
  labels: LabelView[];
  hasDraft: boolean;
}

interface ToolCallView {
  name: string;
  args: string;
  result?: string;
}

/** `version:1.0.0`, `label:production` or `draft`, as the run body wants it. */
function sourceBody(source: string): Record<string, unknown> {
  if (source === 'draft') return { draft: true };
  const [kind, name] = [source.slice(0, source.indexOf(':')), source.slice(source.indexOf(':') + 1)];
  return kind === 'label' ? { label: name } : { version: name };
}

/** A variable's value from its text: strings as typed, anything else as JSON. */
function valueOf(type: string, text: string): unknown {
  if (type === 'string') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Runs the prompt (draft, version or label) with variables against a model, streaming the answer. */
export function PlaygroundTab({ promptKey }: { promptKey: string }) {
  const ws = useWorkspace();
  const models = useModels();
  const path = `/prompts/${encodeURIComponent(promptKey)}`;
  const sources = useLoad(`${ws.id}/${promptKey}/sources`, async (signal): Promise<Sources> => {
    const [versions, labels, draft] = await Promise.all([
      ws.api.get<{ versions: VersionSummary[] }>(`${path}/versions`, { limit: 100 }, signal),
      ws.api.get<{ labels: LabelView[] }>(`${path}/labels`, undefined, signal),
      ws.api.get<{ draft: DraftView }>(`${path}/draft`, undefined, signal).catch(() => undefined),
    ]);
    return { versions: versions.versions, labels: labels.labels, hasDraft: draft !== undefined };
  });
  const [source, setSource] = useState<string | undefined>();
  const first = sources.data?.versions[0];
  const chosen = source ?? (first ? `version:${first.version}` : 'draft');
  const template = useLoad(
    `${ws.id}/${promptKey}/template/${chosen}`,
    async (signal): Promise<PromptTemplate> => {
      if (chosen === 'draft')
        return (await ws.api.get<{ draft: DraftView }>(`${path}/draft`, undefined, signal)).draft.template;
      const body = sourceBody(chosen);
      const version =
        typeof body.label === 'string'
          ? sources.data?.labels.find((l) => l.label === body.label)?.version
          : (body.version as string);
      if (version === undefined) throw new Error(`label ${String(body.label)} points nowhere`);
      return (
        await ws.api.get<{ version: VersionView }>(
          `${path}/versions/${encodeURIComponent(version)}`,
          undefined,
          signal,
        )
      ).version.template;
    },
  );
  const [values, setValues] = useState<Record<string, string>>({});
  const [modelId, setModelId] = useState('');
  const [output, setOutput] = useState('');
  const [toolCalls, setToolCalls] = useState<ToolCallView[]>([]);
  const [result, setResult] = useState<RunResult | undefined>();
  const [error, setError] = useState<unknown>();
  const [running, setRunning] = useState(false);
  const abort = useRef<AbortController | undefined>(undefined);

  const run = (e: FormEvent) => {
    e.preventDefault();
    const variables = Object.fromEntries(
      (template.data?.variables ?? []).map((v) => [v.key, valueOf(v.type, values[v.key] ?? '')]),
    );
    const body = { ...sourceBody(chosen), variables, ...(modelId === '' ? {} : { modelId }) };
    setOutput('');
    setToolCalls([]);
    setResult(undefined);
    setError(undefined);
    setRunning(true);
    abort.current = new AbortController();
    const signal = abort.current.signal;
    (async () => {
      const res = await ws.api.stream(`${path}/playground/stream`, body, signal);
      if (res.body === null) throw new Error('the run answered without a body');
      for await (const ev of readSse(res.body)) {
        const data = JSON.parse(ev.data) as Record<string, unknown>;
        if (ev.event === 'text') setOutput((o) => o + String(data.text));
        else if (ev.event === 'tool_call')
          setToolCalls((calls) => {
            const index = Number(data.index);
            const next = [...calls];
            const call = next[index] ?? { name: '', args: '' };
            next[index] = {
              ...call,
              name: typeof data.name === 'string' ? data.name : call.name,
              args: call.args + (typeof data.argumentsDelta === 'string' ? data.argumentsDelta : ''),
            };
            return next;
          });
        else if (ev.event === 'tool_result')
          setToolCalls((calls) => {
            const at = calls.findIndex((c) => c.name === data.name && c.result === undefined);
            return at < 0
              ? calls
              : calls.map((c, i) => (i === at ? { ...c, result: String(data.content) } : c));
          });
        else if (ev.event === 'done') setResult(data as unknown as RunResult);
        else if (ev.event === 'error') throw new ApiError(500, String(data.code), String(data.message));
      }
    })()
      .catch((err: unknown) => {
        if (!signal.aborted) setError(err);
      })
      .finally(() => setRunning(false));
  };

  if (sources.error !== undefined) return <ErrorBox error={sources.error} onRetry={sources.reload} />;
  if (sources.data === undefined) return <p className="loading">Loading…</p>;
  const canRun = ws.can('write');
  return (
    <div className="split-2">
      <form className="panel stack-form" onSubmit={run} aria-label="Run the prompt">
        <label className="field">
          <span>Run</span>
          <select value={chosen} onChange={(e) => setSource(e.target.value)}>
            {sources.data.hasDraft && <option value="draft">Your draft</option>}
            {sources.data.labels.map((l) => (
              <option key={l.label} value={`label:${l.label}`}>
                Label {l.label} ({l.version})
              </option>
            ))}
            {sources.data.versions.map((v) => (
              <option key={v.version} value={`version:${v.version}`}>
                Version {v.version}
              </option>
            ))}
          </select>
        </label>
        {template.error !== undefined && <ErrorBox error={template.error} />}
        {(template.data?.variables ?? []).map((v) => (
          <label key={v.key} className="field">
            <span>
              {v.key}{' '}
              <span className="muted">
                ({v.type}
                {v.desc !== '' ? `: ${v.desc}` : ''})
              </span>
            </span>
            {v.type === 'string' ? (
              <input
                value={values[v.key] ?? ''}
                onChange={(e) => setValues((x) => ({ ...x, [v.key]: e.target.value }))}
              />
            ) : (
              <textarea
                rows={3}
                value={values[v.key] ?? ''}
                placeholder="JSON"
                onChange={(e) => setValues((x) => ({ ...x, [v.key]: e.target.value }))}
              />
            )}
          </label>
        ))}
        <label className="field">
          <span>Model</span>
          <select value={modelId} onChange={(e) => setModelId(e.target.value)}>
            <option value="">
              The prompt&apos;s model
              {template.data?.model.modelId
                ? ` (${models.find((m) => m.id === template.data?.model.modelId)?.name ?? template.data.model.modelId})`
                : ''}
            </option>
            {models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} ({m.model})
              </option>
            ))}
          </select>
        </label>
        <div className="row">
          <button type="submit" className="primary" disabled={running || !canRun}>
            {running ? 'Running…' : 'Run'}
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
        <h3>Output</h3>
        <div className="stream-output" aria-live="polite" data-testid="playground-output">
          {output || (running ? '…' : '')}
        </div>
        {toolCalls.map((c, i) => (
          <div key={i} className="tool-call">
            <span className="badge tool">tool call</span> <strong className="mono">{c.name}</strong>
            <pre className="message-text json">{c.args}</pre>
            {c.result !== undefined && <pre className="message-text">→ {c.result}</pre>}
          </div>
        ))}
        {error !== undefined && (
          <p className="error-box" role="alert">
            {describeError(error)}
          </p>
        )}
        {result && (
          <dl className="facts" aria-label="Run result">
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
              <dd>{result.finishReason}</dd>
            </div>
            <div>
              <dt>Trace</dt>
              <dd>
                <a href={wsHref(ws.id, ['traces', result.traceId])}>Open the run&apos;s trace</a>
              </dd>
            </div>
          </dl>
        )}
      </section>
    </div>
  );
}
