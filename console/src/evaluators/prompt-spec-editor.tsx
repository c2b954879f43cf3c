import {
  JUDGE_ROLES,
  type JudgeRole,
  type OutputDefinition,
  type PromptEvaluatorSpec,
} from '../api/evaluator-types';
import type { ModelView } from '../api/prompt-types';
import { judgeVariables, splitVariables } from './judge-variables';

const numberOrUndefined = (text: string): number | undefined =>
  text.trim() === '' ? undefined : Number(text);
const listOf = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** A message with its `{{variables}}` marked (a visual aid beside the text area that holds the text). */
function HighlightedMessage({ text }: { text: string }) {
  const pieces = splitVariables(text);
  if (!pieces.some((p) => p.variable)) return null;
  return (
    <div className="template-preview" aria-hidden="true">
      {pieces.map((p, i) =>
        p.variable ? (
          <mark key={i} className="template-var">
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </div>
  );
}

function OutputEditor(props: {
  output: OutputDefinition;
  readOnly: boolean;
  onChange: (o: OutputDefinition) => void;
}) {
  const o = props.output;
  const kinds: { id: OutputDefinition['kind']; label: string; make: () => OutputDefinition }[] = [
    { id: 'range', label: 'Numeric range', make: () => ({ kind: 'range', min: 0, max: 1 }) },
    { id: 'boolean', label: 'Boolean (0 or 1)', make: () => ({ kind: 'boolean' }) },
    { id: 'categories', label: 'Categories', make: () => ({ kind: 'categories', values: ['good', 'bad'] }) },
    { id: 'enum', label: 'Fixed scores', make: () => ({ kind: 'enum', values: [0, 1] }) },
  ];
  return (
    <fieldset className="row output-definition">
      <legend>Output</legend>
      <label className="field">
        <span>Score kind</span>
        <select
          value={o.kind}
          disabled={props.readOnly}
          onChange={(e) => {
            const kind = kinds.find((k) => k.id === e.target.value);
            if (kind !== undefined) props.onChange(kind.make());
          }}
        >
          {kinds.map((k) => (
            <option key={k.id} value={k.id}>
              {k.label}
            </option>
          ))}
        </select>
      </label>
      {o.kind === 'range' && (
        <>
          <label className="field">
            <span>Minimum score</span>
            <input
              type="number"
              step="any"
              readOnly={props.readOnly}
              value={o.min}
              onChange={(e) => props.onChange({ ...o, min: Number(e.target.value) })}
            />
          </label>
          <label className="field">
            <span>Maximum score</span>
            <input
              type="number"
              step="any"
              readOnly={props.readOnly}
              value={o.max}
              onChange={(e) => props.onChange({ ...o, max: Number(e.target.value) })}
            />
          </label>
        </>
      )}
      {o.kind === 'categories' && (
        <label className="field grow">
          <span>Categories (comma-separated)</span>
          <input
            readOnly={props.readOnly}
            defaultValue={o.values.join(', ')}
            onChange={(e) => props.onChange({ kind: 'categories', values: listOf(e.target.value) })}
          />
        </label>
      )}
      {o.kind === 'enum' && (
        <label className="field grow">
          <span>Allowed scores (comma-separated)</span>
          <input
            readOnly={props.readOnly}
            defaultValue={o.values.join(', ')}
            onChange={(e) =>
              props.onChange({
                kind: 'enum',
                values: listOf(e.target.value)
                  .map(Number)
                  .filter((n) => Number.isFinite(n)),
              })
            }
          />
        </label>
      )}
    </fieldset>
  );
}

/** An LLM judge: messages with `{{variables}}`, the workspace model it calls, and what its score means. */
export function PromptSpecEditor(props: {
  spec: PromptEvaluatorSpec;
  models: readonly ModelView[];
  readOnly: boolean;
  onChange: (spec: PromptEvaluatorSpec) => void;
}) {
  const { spec, readOnly } = props;
  const set = (patch: Partial<PromptEvaluatorSpec>) => props.onChange({ ...spec, ...patch });
  const setMessage = (i: number, patch: Partial<PromptEvaluatorSpec['messages'][number]>) =>
    set({ messages: spec.messages.map((m, j) => (j === i ? { ...m, ...patch } : m)) });
  type Model = PromptEvaluatorSpec['model'];
  const setModel = (patch: { [K in keyof Model]?: Model[K] | undefined }) => {
    const model = { ...spec.model, ...patch };
    for (const k of ['temperature', 'maxTokens', 'topP'] as const)
      if (model[k] === undefined || Number.isNaN(model[k])) delete model[k];
    set({ model: model as Model });
  };
  const variables = judgeVariables(spec.messages);
  const known = props.models.some((m) => m.id === spec.model.modelId || m.name === spec.model.modelId);

  return (
    <div className="spec-editor">
      <h3>Messages</h3>
      {spec.messages.map((m, i) => (
        <div key={i} className={`message-editor role-${m.role}`} role="group" aria-label={`Message ${i + 1}`}>
          <div className="row">
            <label className="inline-label">
              <span>Role</span>
              <select
                value={m.role}
                disabled={readOnly}
                onChange={(e) => setMessage(i, { role: e.target.value as JudgeRole })}
              >
                {JUDGE_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </label>
            {!readOnly && (
              <button
                type="button"
                className="small danger"
                onClick={() => set({ messages: spec.messages.filter((_, j) => j !== i) })}
              >
                Remove message {i + 1}
              </button>
            )}
          </div>
          <label className="field">
            <span>Content of message {i + 1}</span>
            <textarea
              rows={Math.min(12, Math.max(3, m.content.split('\n').length + 1))}
              value={m.content}
              readOnly={readOnly}
              onChange={(e) => setMessage(i, { content: e.target.value })}
            />
          </label>
          <HighlightedMessage text={m.content} />
        </div>
      ))}
      {!readOnly && (
        <button
          type="button"
          className="small"
          onClick={() => set({ messages: [...spec.messages, { role: 'user', content: '' }] })}
        >
          Add message
        </button>
      )}
      <p className="small-text" aria-label="Judge variables">
        Variables:{' '}
        {variables.length === 0 ? (
          <span className="muted">
            none (write {'{{input}}'}, {'{{output}}'}… in a message)
          </span>
        ) : (
          variables.map((v) => (
            <code key={v} className="template-var">
              {v}
            </code>
          ))
        )}
      </p>
      <h3>Model</h3>
      <div className="row">
        <label className="field">
          <span>Judge model</span>
          <select
            value={spec.model.modelId}
            disabled={readOnly}
            onChange={(e) => setModel({ modelId: e.target.value })}
          >
            {spec.model.modelId === '' && <option value="">Choose a model</option>}
            {spec.model.modelId !== '' && !known && (
              <option value={spec.model.modelId}>{spec.model.modelId} (unknown)</option>
            )}
            {props.models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} ({m.model})
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Temperature</span>
          <input
            type="number"
            min={0}
            max={2}
            step={0.1}
            readOnly={readOnly}
            value={spec.model.temperature ?? ''}
            onChange={(e) => setModel({ temperature: numberOrUndefined(e.target.value) })}
          />
        </label>
        <label className="field">
          <span>Max tokens</span>
          <input
            type="number"
            min={1}
            readOnly={readOnly}
            value={spec.model.maxTokens ?? ''}
            onChange={(e) => setModel({ maxTokens: numberOrUndefined(e.target.value) })}
          />
        </label>
        <label className="field">
          <span>Reply mode</span>
          <select
            value={spec.mode ?? 'tool'}
            disabled={readOnly}
            onChange={(e) => set({ mode: e.target.value as 'tool' | 'content' })}
          >
            <option value="tool">Forced tool call</option>
            <option value="content">JSON in the reply</option>
          </select>
        </label>
      </div>
      {props.models.length === 0 && (
        <p className="muted small-text">
          This workspace has no models yet: an administrator adds one under Settings → Model providers.
        </p>
      )}
      <OutputEditor
        output={spec.output ?? { kind: 'range', min: 0, max: 1 }}
        readOnly={readOnly}
        onChange={(output) => set({ output })}
      />
    </div>
  );
}
