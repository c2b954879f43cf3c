import { useState, type ReactNode } from 'react';
import type { StoredSpan } from '../api/types';
import { formatCost, formatDurationMs, formatTimeNs } from '../app/format';
import { wsHref } from '../app/router';
import { Tabs } from '../app/tabs';
import { useWorkspace } from '../app/workspace';
import { AddToDatasetDialog } from '../datasets/add-to-dataset';
import { AttributeTable, attributeText } from './attribute-table';
import { ChatMessages, toolNamesOf } from './chat-messages';
import { StoredAttachments } from './media-view';
import { exceptionsOf, ExceptionView, SpanEvents } from './span-events';
import { spanTypeOf, type SpanNode } from './trace-model';

const PARAM_PREFIXES = ['gen_ai.request.', 'llm.request.'];
const PARAM_KEYS = ['llm.invocation_parameters', 'ai.settings'];

/** Sampling parameters the span carries (temperature, max tokens…), whatever convention named them. */
function modelParams(span: StoredSpan): [string, string][] {
  return Object.entries(span.attributes)
    .filter(
      ([k]) =>
        (PARAM_PREFIXES.some((p) => k.startsWith(p)) && !k.endsWith('.model')) ||
        PARAM_KEYS.some((p) => k === p || k.startsWith(`${p}.`)),
    )
    .map(([k, v]) => [k, attributeText(v)]);
}

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  const shown = rows.filter(([, v]) => v !== '' && v !== undefined && v !== null);
  if (shown.length === 0) return null;
  return (
    <dl className="facts">
      {shown.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Preview({ node, ws }: { node: SpanNode; ws: string }) {
  const { span } = node;
  const llm = span.llm;
  const isModelCall = llm.requestModel !== '' || llm.responseModel !== '' || llm.totalTokens > 0;
  const params = modelParams(span);
  const names = toolNamesOf(llm.input, llm.output);
  const exceptions = exceptionsOf(span);
  return (
    <div className="preview">
      {span.statusCode === 'Error' && (
        <div className="error-box" role="note">
          <strong>Error</strong>
          {span.statusMessage !== '' && `: ${span.statusMessage}`}
        </div>
      )}
      {exceptions.map((e, i) => (
        <ExceptionView key={i} event={e} />
      ))}
      {isModelCall && (
        <section aria-label="Model call">
          <Facts
            rows={[
              ['Provider', llm.provider],
              ['Model', llm.requestModel],
              ['Response model', llm.responseModel !== llm.requestModel ? llm.responseModel : ''],
              [
                'Tokens',
                `${llm.inputTokens} in · ${llm.outputTokens} out · ${llm.totalTokens} total` +
                  (llm.cacheReadTokens > 0 ? ` · ${llm.cacheReadTokens} cache read` : '') +
                  (llm.cacheWriteTokens > 0 ? ` · ${llm.cacheWriteTokens} cache write` : '') +
                  (llm.reasoningTokens > 0 ? ` · ${llm.reasoningTokens} reasoning` : ''),
              ],
              [
                'Cost',
                llm.totalCost === 0
                  ? ''
                  : llm.inputCost + llm.outputCost > 0
                    ? `${formatCost(llm.totalCost)} (${formatCost(llm.inputCost)} in, ${formatCost(llm.outputCost)} out)`
                    : formatCost(llm.totalCost),
              ],
            ]}
          />
          {params.length > 0 && (
            <Facts
              rows={params.map(([k, v]) => [
                k.replace(/^(gen_ai|llm)\.request\./, ''),
                <code key={k}>{v}</code>,
              ])}
            />
          )}
        </section>
      )}
      <Facts
        rows={[
          [
            'Session',
            llm.sessionId !== '' ? <a href={wsHref(ws, ['sessions', llm.sessionId])}>{llm.sessionId}</a> : '',
          ],
          ['User', llm.userId],
          [
            'Prompt',
            llm.promptKey !== '' ? (
              <a href={wsHref(ws, ['prompts', llm.promptKey])}>
                {llm.promptKey}
                {llm.promptVersion !== '' && ` v${llm.promptVersion}`}
              </a>
            ) : (
              ''
            ),
          ],
        ]}
      />
      <StoredAttachments value={span.attributes['cozeloop.object_storage']} />
      {llm.input.length + llm.output.length === 0 ? (
        <p className="muted">This span carries no input or output.</p>
      ) : (
        <>
          <h3>Input</h3>
          <ChatMessages messages={llm.input} label="Input messages" toolNames={names} />
          <h3>Output</h3>
          <ChatMessages messages={llm.output} label="Output messages" toolNames={names} />
        </>
      )}
    </div>
  );
}

/** Everything about one span: preview (messages, model, tokens, cost), attributes, events, raw JSON. */
export function SpanPanel({ node, ws }: { node: SpanNode; ws: string }) {
  const [tab, setTab] = useState('preview');
  const [adding, setAdding] = useState(false);
  const workspace = useWorkspace();
  const { span } = node;
  return (
    <aside className="span-panel" aria-label={`Span ${span.name}`}>
      <header className="span-head">
        <h2>
          <span className={`type-badge type-${spanTypeOf(span)}`}>{spanTypeOf(span)}</span> {span.name}
        </h2>
        {workspace.can('write') && (
          <button type="button" className="small" onClick={() => setAdding(true)}>
            Add to dataset
          </button>
        )}
        {adding && (
          <AddToDatasetDialog
            selection={{
              kind: 'spans',
              spans: [{ traceId: span.traceId, spanId: span.spanId }],
              label: `Span ${span.name} (${span.spanId}) of trace ${span.traceId}`,
            }}
            onClose={() => setAdding(false)}
          />
        )}
        <Facts
          rows={[
            ['Duration', formatDurationMs(node.durationMs)],
            ['Start', `${formatTimeNs(span.startTimeUnixNano)} (+${formatDurationMs(node.offsetMs)})`],
            ['Service', span.serviceName],
            ['Status', span.statusCode],
            ['Kind', span.kind],
            ['Span id', <span className="mono">{span.spanId}</span>],
          ]}
        />
      </header>
      <Tabs
        label="Span details"
        current={tab}
        onChange={setTab}
        tabs={[
          { id: 'preview', label: 'Preview' },
          { id: 'attributes', label: `Attributes (${Object.keys(span.attributes).length})` },
          { id: 'events', label: `Events (${span.events.length})` },
          { id: 'json', label: 'JSON' },
        ]}
      >
        {tab === 'preview' && <Preview node={node} ws={ws} />}
        {tab === 'attributes' && (
          <>
            <AttributeTable attributes={span.attributes} label="Span attributes" />
            <AttributeTable attributes={span.resourceAttributes} label="Resource attributes" />
            <p className="muted small-text">
              Scope {span.scopeName || '–'} {span.scopeVersion}
              {span.links.length > 0 && ` · ${span.links.length} link${span.links.length === 1 ? '' : 's'}`}
            </p>
          </>
        )}
        {tab === 'events' && <SpanEvents span={span} />}
        {tab === 'json' && <pre className="raw-json">{JSON.stringify(span, null, 2)}</pre>}
      </Tabs>
    </aside>
  );
}
