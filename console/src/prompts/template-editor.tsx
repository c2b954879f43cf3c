import { useState } from 'react';
import {
  TEMPLATE_ROLES,
  VARIABLE_TYPES,
  type ModelView,
  type PromptTemplate,
  type TemplateMessage,
  type TemplateRole,
  type VariableType,
} from '../api/prompt-types';
import { syncVariables, usedVariables } from './template-variables';

interface Props {
  template: PromptTemplate;
  onChange: (t: PromptTemplate) => void;
  models: readonly ModelView[];
  readOnly: boolean;
}

const numberOrUndefined = (text: string): number | undefined =>
  text.trim() === '' ? undefined : Number(text);

/** Tools as JSON text; parsed on every edit, the last valid value kept and the error shown. */
function ToolsEditor(props: {
  tools: PromptTemplate['tools'];
  onChange: (tools: PromptTemplate['tools']) => void;
  readOnly: boolean;
}) {
  const [text, setText] = useState(() => JSON.stringify(props.tools, null, 2));
  const [problem, setProblem] = useState<string | undefined>();
  return (
    <div className="field">
      <label className="field">
        <span>
          Tools (JSON: [{'{'} name, description, parameters {'}'}])
        </span>
        <textarea
          rows={Math.min(14, Math.max(3, text.split('\n').length))}
          value={text}
          readOnly={props.readOnly}
          onChange={(e) => {
            setText(e.target.value);
            try {
              const parsed = JSON.parse(e.target.value === '' ? '[]' : e.target.value) as unknown;
              if (!Array.isArray(parsed)) throw new Error('a list of tools');
              setProblem(undefined);
              props.onChange(parsed as PromptTemplate['tools']);
            } catch (err) {
              setProblem(err instanceof Error ? err.message : String(err));
            }
          }}
        />
      </label>
      {problem !== undefined && (
        <span className="error-text" role="alert">
          Tools are not valid JSON yet: {problem}
        </span>
      )}
    </div>
  );
}

/** The parts of a prompt template: messages, variables, model configuration and tools. */
export function TemplateEditor({ template, onChange, models, readOnly }: Props) {
  const set = (patch: Partial<PromptTemplate>) => {
    const next = { ...template, ...patch };
    onChange({ ...next, variables: syncVariables(next) });
  };
  const setMessage = (i: number, patch: Partial<TemplateMessage>) =>
    set({ messages: template.messages.map((m, j) => (j === i ? { ...m, ...patch } : m)) });
  const move = (i: number, by: number) => {
    const list = [...template.messages];
    const [m] = list.splice(i, 1);
    if (m !== undefined) list.splice(Math.max(0, Math.min(list.length, i + by)), 0, m);
    set({ messages: list });
  };
  const used = new Set(usedVariables(template));
  const params = template.model.params ?? {};
  const setParam = (name: 'temperature' | 'maxTokens' | 'topP', value: number | undefined) => {
    const next = { ...params };
    if (value === undefined || Number.isNaN(value)) delete next[name];
    else next[name] = value;
    set({ model: { ...template.model, params: next } });
  };

  return (
    <div className="template-editor">
      <div className="row">
        <label className="inline-label">
          <span>Template engine</span>
          <select
            value={template.templateType}
            disabled={readOnly}
            onChange={(e) => set({ templateType: e.target.value as PromptTemplate['templateType'] })}
          >
            <option value="normal">{'{{variable}}'}</option>
            <option value="jinja2">Jinja2</option>
          </select>
        </label>
      </div>
      <h3>Messages</h3>
      {template.messages.map((m, i) => (
        <div key={i} className={`message-editor role-${m.role}`} role="group" aria-label={`Message ${i + 1}`}>
          <div className="row">
            <label className="inline-label">
              <span>Role</span>
              <select
                value={m.role}
                disabled={readOnly}
                onChange={(e) => setMessage(i, { role: e.target.value as TemplateRole })}
              >
                {TEMPLATE_ROLES.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </label>
            {!readOnly && (
              <>
                <button type="button" className="small" onClick={() => move(i, -1)} disabled={i === 0}>
                  Move up
                </button>
                <button
                  type="button"
                  className="small"
                  onClick={() => move(i, 1)}
                  disabled={i === template.messages.length - 1}
                >
                  Move down
                </button>
                <button
                  type="button"
                  className="small danger"
                  onClick={() => set({ messages: template.messages.filter((_, j) => j !== i) })}
                >
                  Remove
                </button>
              </>
            )}
          </div>
          <label className="field">
            <span>
              {m.role === 'placeholder' ? 'Placeholder variable name' : `Content of message ${i + 1}`}
            </span>
            <textarea
              value={m.content}
              readOnly={readOnly}
              onChange={(e) => setMessage(i, { content: e.target.value })}
            />
          </label>
        </div>
      ))}
      {!readOnly && (
        <button
          type="button"
          className="small"
          onClick={() => set({ messages: [...template.messages, { role: 'user', content: '' }] })}
        >
          Add message
        </button>
      )}
      <h3>Variables</h3>
      {template.variables.length === 0 ? (
        <p className="muted small-text">Write {'{{name}}'} in a message to add a variable.</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">Variables</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Description</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {template.variables.map((v, i) => (
              <tr key={v.key}>
                <td className="mono">
                  {v.key}
                  {!used.has(v.key) && <span className="muted"> (unused)</span>}
                </td>
                <td>
                  <select
                    aria-label={`Type of ${v.key}`}
                    value={v.type}
                    disabled={readOnly}
                    onChange={(e) =>
                      set({
                        variables: template.variables.map((x, j) =>
                          j === i ? { ...x, type: e.target.value as VariableType } : x,
                        ),
                      })
                    }
                  >
                    {VARIABLE_TYPES.map((t) => (
                      <option key={t} value={t}>
                        {t}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    aria-label={`Description of ${v.key}`}
                    value={v.desc}
                    readOnly={readOnly}
                    onChange={(e) =>
                      set({
                        variables: template.variables.map((x, j) =>
                          j === i ? { ...x, desc: e.target.value } : x,
                        ),
                      })
                    }
                  />
                </td>
                <td>
                  {!readOnly && !used.has(v.key) && (
                    <button
                      type="button"
                      className="small"
                      onClick={() =>
                        onChange({ ...template, variables: template.variables.filter((_, j) => j !== i) })
                      }
                    >
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Model</h3>
      <div className="row">
        <label className="field">
          <span>Model</span>
          <select
            value={template.model.modelId ?? ''}
            disabled={readOnly}
            onChange={(e) => {
              const model = { ...template.model };
              if (e.target.value === '') delete model.modelId;
              else model.modelId = e.target.value;
              set({ model });
            }}
          >
            <option value="">None (choose when running)</option>
            {template.model.modelId !== undefined &&
              !models.some((m) => m.id === template.model.modelId || m.name === template.model.modelId) && (
                <option value={template.model.modelId}>{template.model.modelId} (unknown)</option>
              )}
            {models.map((m) => (
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
            value={params.temperature ?? ''}
            onChange={(e) => setParam('temperature', numberOrUndefined(e.target.value))}
          />
        </label>
        <label className="field">
          <span>Max tokens</span>
          <input
            type="number"
            min={1}
            readOnly={readOnly}
            value={params.maxTokens ?? ''}
            onChange={(e) => setParam('maxTokens', numberOrUndefined(e.target.value))}
          />
        </label>
        <label className="field">
          <span>Top p</span>
          <input
            type="number"
            min={0}
            max={1}
            step={0.05}
            readOnly={readOnly}
            value={params.topP ?? ''}
            onChange={(e) => setParam('topP', numberOrUndefined(e.target.value))}
          />
        </label>
      </div>
      <h3>Tools</h3>
      <ToolsEditor tools={template.tools} readOnly={readOnly} onChange={(tools) => set({ tools })} />
    </div>
  );
}
